"""Load the demo site: idempotent, a second run changes nothing.

General pages come from home/demo/site.yaml; other apps add their own content through the
``smartvillages_demo_loaders`` hook (a function taking the command), so this one command builds
the whole demo site and home never imports the apps that depend on it.
"""

import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail import hooks
from wagtail.models import Page, Site

from home import demo_content as demo
from home.models import CallFormField, CallPage, FooterText, HomePage, StandardPage

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
TRANSLATIONS_DIR = DEMO_DIR / "translations"
STANDARD_PAGES = ("about", "legal", "privacy")
CALL_TEXTS = (
    "context",
    "benefits",
    "audiences",
    "commitments",
    "form_intro",
    "thank_you_text",
    "closed_text",
)


class Command(BaseCommand):
    help = "Create the demo site (pages, translations, taxonomy...). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--export-po",
            action="store_true",
            help="Write the PO files translators fill (demo translations) instead of loading them.",
        )

    def handle(self, *args, export_po=False, **options):
        started = time.monotonic()
        self.verbosity = options.get("verbosity", 1)
        self.export_po = export_po  # app loaders export their PO files instead of importing
        with transaction.atomic():
            home = self.load_general_pages()
            self.load_calls(home)
            for loader in hooks.get_hooks(demo.HOOK):
                loader(self, home)
            demo.sync_aliases()
        if export_po:
            self.export_general_pages(home)
        else:
            self.translate_general_pages(home)
        # Groups for editors and translators; demo accounts only on a local (DEBUG) demo.
        call_command("setup_groups", demo_users=settings.DEBUG, verbosity=self.verbosity)
        self.log(self.style.SUCCESS(f"Demo site ready in {time.monotonic() - started:.0f} s."))

    def log(self, message, level=1):
        if self.verbosity >= level:
            self.stdout.write(message)

    # General pages ----------------------------------------------------------------------

    def load_general_pages(self) -> HomePage:
        data = demo.load_yaml(DEMO_DIR / "site.yaml")
        root = demo.ensure_locales_and_root()
        locale = demo.source_locale()
        home = HomePage.objects.filter(locale=locale, depth=2).first()
        if home is None:
            # Replace Wagtail's placeholder "Welcome" page, which has no content of ours.
            for placeholder in root.get_children().exact_type(Page):
                placeholder.delete()
            home = HomePage(locale=locale, slug="home", **self._page_fields(data["home"], "home"))
            root.add_child(instance=home)
            home.save_revision().publish()
            self.log("Created the home page.")
        # The site's address comes from WAGTAILADMIN_BASE_URL, so canonical and feed URLs are
        # the ones readers use; requests to any other host still fall back to this default site.
        base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        wanted = {
            "hostname": base.hostname or "localhost",
            "port": base.port or (443 if base.scheme == "https" else 80),
            "root_page_id": home.pk,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        if any(getattr(site, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(site, name, value)
            site.save()
        for key in STANDARD_PAGES:
            page_data = data[key]
            if demo.get_child_by_slug(home, page_data["slug"]) is None:
                page = StandardPage(
                    slug=page_data["slug"],
                    show_in_menus=page_data.get("show_in_menus", False),
                    **self._page_fields(page_data, key),
                )
                home.add_child(instance=page)
                page.save_revision().publish()
                self.log(f"Created the page {page.title!r}.")
        if not FooterText.objects.filter(locale=locale).exists():
            FooterText.objects.create(locale=locale, body=data["footer"]["body"])
        return home

    @staticmethod
    def _page_fields(data, key):
        fields = {
            "title": data["title"],
            "introduction": data.get("introduction", ""),
            "body": demo.with_block_ids(data.get("body", []), key),
        }
        for name in ("seo_title", "search_description"):
            if data.get(name):
                fields[name] = data[name]
        return fields

    def general_objects(self, home):
        yield "home", home
        slugs = {key: demo.load_yaml(DEMO_DIR / "site.yaml")[key]["slug"] for key in STANDARD_PAGES}
        for key, slug in slugs.items():
            yield key, demo.get_child_by_slug(home, slug)
        yield "footer", FooterText.objects.get(locale=home.locale)
        yield from self.call_objects(home)

    def translate_general_pages(self, home):
        for locale in demo.target_locales(home.locale):
            for key, instance in self.general_objects(home):
                path = demo.translation_po_path(TRANSLATIONS_DIR, locale.language_code, key)
                if demo.import_translation(instance, locale, path):
                    self.log(f"Translated {key} into {locale.language_code}.")

    def export_general_pages(self, home):
        for locale in demo.target_locales(home.locale):
            for key, instance in self.general_objects(home):
                path = demo.translation_po_path(TRANSLATIONS_DIR, locale.language_code, key)
                count = demo.export_translation(instance, locale, path)
                self.log(f"Wrote {path} ({count} strings).")

    # Calls for expressions of interest ---------------------------------------------------

    def load_calls(self, home):
        """The calls of home/demo/calls.yaml, with their forms. Form fields get stable
        translation keys: the committed PO files name them in their contexts."""
        zone = timezone.get_default_timezone()
        for key, data in demo.load_yaml(DEMO_DIR / "calls.yaml").items():
            if demo.get_child_by_slug(home, data["slug"]) is not None:
                continue
            fields = [
                CallFormField(
                    translation_key=demo.stable_id(key, "form_fields", field["name"]),
                    sort_order=order,
                    clean_name=field["name"],
                    label=field["label"],
                    field_type=field["type"],
                    required=field.get("required", True),
                    help_text=field.get("help_text", ""),
                    choices="\n".join(field.get("choices", [])),
                )
                for order, field in enumerate(data["form_fields"])
            ]
            page = CallPage(
                slug=data["slug"],
                title=data["title"],
                show_in_menus=data.get("show_in_menus", False),
                introduction=data.get("introduction", ""),
                search_description=data.get("search_description", ""),
                opens_at=timezone.make_aware(datetime.fromisoformat(data["opens_at"]), zone),
                closes_at=timezone.make_aware(datetime.fromisoformat(data["closes_at"]), zone),
                to_address=data.get("to_address", ""),
                subject=data.get("subject", ""),
                form_fields=fields,
                **{name: data.get(name, "") for name in CALL_TEXTS},
                **{
                    name: demo.with_block_ids(data.get(name) or [], f"{key}.{name}")
                    for name in ("calendar", "contacts", "documents")
                },
            )
            home.add_child(instance=page)
            page.save_revision().publish()
            self.log(f"Created the call {page.title!r}.")

    def call_objects(self, home):
        for key, data in demo.load_yaml(DEMO_DIR / "calls.yaml").items():
            yield key, demo.get_child_by_slug(home, data["slug"])
