"""Demo loader of the general pages: the home page, about, legal notice, privacy, the
footer and the calls for expressions of interest, from home/demo/site.yaml and calls.yaml,
translated from the PO files of home/demo/translations/.

Registered first under DEMO_LOADERS_HOOK (wagtail_hooks.py): it creates the French home page
every other app's loader builds under.
"""

from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from wagtail.models import Page, Site

from smartvillages.core import demo

from .models import CallFormField, CallPage, FooterText, HomePage, StandardPage

DEMO_DIR = Path(__file__).resolve().parent / "demo"
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


def load(command, home=None):
    """Create the general pages and the calls (first of all loaders: the others build under
    the home page)."""
    home = load_general_pages(command)
    load_calls(command, home)


def translate(command, home):
    """Translate (or, with --export-po, export) the general pages, after every other loader:
    the aliases of the other locales exist before their translations replace them."""
    demo.sync_aliases()
    if getattr(command, "export_po", False):
        export_general_pages(command, home)
    else:
        translate_general_pages(command, home)


def load_general_pages(command) -> HomePage:
    data = demo.load_yaml(DEMO_DIR / "site.yaml")
    root = demo.ensure_locales_and_root()
    locale = demo.source_locale()
    home = HomePage.objects.filter(locale=locale, depth=2).first()
    if home is None:
        # Replace Wagtail's placeholder "Welcome" page, which has no content of ours.
        for placeholder in root.get_children().exact_type(Page):
            placeholder.delete()
        home = HomePage(locale=locale, slug="home", **_page_fields(data["home"], "home"))
        root.add_child(instance=home)
        home.save_revision().publish()
        command.log("Created the home page.")
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
                **_page_fields(page_data, key),
            )
            home.add_child(instance=page)
            page.save_revision().publish()
            command.log(f"Created the page {page.title!r}.")
    if not FooterText.objects.filter(locale=locale).exists():
        FooterText.objects.create(locale=locale, body=data["footer"]["body"])
    return home


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


def general_objects(home):
    yield "home", home
    slugs = {key: demo.load_yaml(DEMO_DIR / "site.yaml")[key]["slug"] for key in STANDARD_PAGES}
    for key, slug in slugs.items():
        yield key, demo.get_child_by_slug(home, slug)
    yield "footer", FooterText.objects.get(locale=home.locale)
    yield from call_objects(home)


def translate_general_pages(command, home):
    for locale in demo.target_locales(home.locale):
        for key, instance in general_objects(home):
            path = demo.translation_po_path(TRANSLATIONS_DIR, locale.language_code, key)
            if demo.import_translation(instance, locale, path):
                command.log(f"Translated {key} into {locale.language_code}.")


def export_general_pages(command, home):
    for locale in demo.target_locales(home.locale):
        for key, instance in general_objects(home):
            path = demo.translation_po_path(TRANSLATIONS_DIR, locale.language_code, key)
            count = demo.export_translation(instance, locale, path)
            command.log(f"Wrote {path} ({count} strings).")


# Calls for expressions of interest ---------------------------------------------------


def load_calls(command, home):
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
        command.log(f"Created the call {page.title!r}.")


def call_objects(home):
    for key, data in demo.load_yaml(DEMO_DIR / "calls.yaml").items():
        yield key, demo.get_child_by_slug(home, data["slug"])
