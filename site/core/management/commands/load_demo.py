"""Load the demo site: idempotent, a second run changes nothing.

Every app adds its own content through the DEMO_LOADERS_HOOK (smartvillages.core.hooks): a
function taking the command and the French home page. home's loader runs first (it creates the
home page; the others receive it), so this one command builds the whole demo site and imports
no app. With --export-po each loader writes the PO files translators fill instead of importing
them.
"""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail import hooks

from smartvillages.core import demo
from smartvillages.core.hooks import DEMO_LOADERS_HOOK


class Command(BaseCommand):
    help = "Create the demo site (pages, translations, taxonomy...). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--export-po",
            nargs="*",
            metavar="APP",
            help=(
                "Write the PO files translators fill (demo translations) instead of importing "
                "them: of every app, or only of the apps named (home, practices, events)."
            ),
        )

    def handle(self, *args, export_po=None, **options):
        started = time.monotonic()
        self.verbosity = options.get("verbosity", 1)
        with transaction.atomic():
            demo.ensure_locales_and_root()
            for loader in hooks.get_hooks(DEMO_LOADERS_HOOK):
                app = loader.__module__.split(".")[0]
                # The loader exports its PO files instead of importing them.
                self.export_po = export_po is not None and (not export_po or app in export_po)
                loader(self, demo.source_home())
            demo.sync_aliases()
        # Groups for editors and translators; demo accounts only on a local (DEBUG) demo.
        call_command("setup_groups", demo_users=settings.DEBUG, verbosity=self.verbosity)
        self.log(self.style.SUCCESS(f"Demo site ready in {time.monotonic() - started:.0f} s."))

    def log(self, message, level=1):
        if self.verbosity >= level:
            self.stdout.write(message)
