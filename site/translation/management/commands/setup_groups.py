"""Create or repair the site's groups: "Editors" and one translators' group per locale.

Safe to run at any time, in production too: it puts the groups back to the documented policy
(docs/translating.md). ``--demo-users`` also creates one account per role with the documented
demo password; it refuses unless DEBUG is on (``make run``) or ``--force-demo-users`` is given,
so a production database never gets accounts with a published password.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from smartvillages.translation.groups import DEMO_PASSWORD, create_demo_users, setup_groups


class Command(BaseCommand):
    help = "Create or repair the Editors and per-locale Translators groups. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help="Also create one demo account per role (local demo only: needs DEBUG).",
        )
        parser.add_argument(
            "--force-demo-users",
            action="store_true",
            help="Create the demo accounts even with DEBUG off (never on a public site).",
        )

    def handle(self, *args, demo_users=False, force_demo_users=False, **options):
        verbosity = options.get("verbosity", 1)
        if force_demo_users:
            demo_users = True
        if demo_users and not (settings.DEBUG or force_demo_users):
            raise CommandError(
                "Demo accounts have a published password: they are created only with DEBUG on "
                "(local demo). Use --force-demo-users if this really is a throw-away database."
            )
        report = setup_groups()
        if demo_users:
            create_demo_users(report)
        if verbosity >= 1:
            for name in report.created_groups:
                self.stdout.write(f"Created the group {name!r}.")
            for name in report.updated_groups:
                self.stdout.write(f"Updated the permissions of {name!r}.")
            for code in report.skipped_locales:
                self.stdout.write(
                    self.style.WARNING(
                        f"No home page in {code!r} yet: its translators' group has no page "
                        "permissions. Run this command again once the page tree exists."
                    )
                )
            for username in report.created_users:
                self.stdout.write(
                    f"Created the demo user {username!r} (password {DEMO_PASSWORD!r})."
                )
        if verbosity >= 2:
            self.stdout.write(f"Translatable snippets: {', '.join(report.snippet_models)}")
