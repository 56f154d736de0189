"""Demo content of the practice library: taxonomy in five languages, the index pages, the
organisations and the practices written from the seeds (practices/demo/), and the
translations delivered as PO files (practices/demo/translations/<lang>/<key>.po).

Registered as a ``smartvillages_demo_loaders`` hook (see wagtail_hooks.py); idempotent: an
object that exists is left as it is.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from smartvillages.core import demo

from .importing import create_aliases, save_practice
from .models import (
    PRACTICE_SECTIONS,
    TAXONOMY_MODELS,
    ActionType,
    Country,
    FundingProgramme,
    OrganisationIndexPage,
    OrganisationPage,
    PracticeIndexPage,
    SmartDimension,
    TargetGroup,
    Theme,
)

DEMO_DIR = Path(__file__).resolve().parent / "demo"
TRANSLATIONS_DIR = DEMO_DIR / "translations"
TAXONOMY_KINDS = {
    "dimension": SmartDimension,
    "action_type": ActionType,
    "theme": Theme,
    "target_group": TargetGroup,
    "funding": FundingProgramme,
}


def load(command, home):
    Country.ensure_all()
    terms = load_taxonomy()
    library = demo.load_yaml(DEMO_DIR / "library.yaml")
    practice_index = demo.ensure_index_page(home, PracticeIndexPage, library["practice_index"])
    organisation_index = demo.ensure_index_page(
        home, OrganisationIndexPage, library["organisation_index"]
    )
    if practice_index.get_translations().count() < len(settings.LANGUAGES) - 1:
        # The index pages must exist in every locale before their children (an English
        # practice goes under the English library). Synchronising the whole tree is slow on
        # a full site, so it is done only when they are missing (a new database).
        demo.sync_aliases()
    created = 0
    for path in sorted((DEMO_DIR / "organisations").glob("*.yaml")):
        created += _organisation(organisation_index, demo.load_yaml(path))
    for path in sorted((DEMO_DIR / "practices").glob("*.yaml")):
        created += _practice(practice_index, demo.load_yaml(path))
    if created:
        command.log(f"Created {created} practice library pages.")
    translated = translate_taxonomy(terms)
    if getattr(command, "export_po", False):
        for path in export_po_files(home):
            command.log(f"Wrote {path}.", level=2)
        return
    for key, instance in translatable_objects(home):
        for locale in demo.target_locales(instance.locale):
            path = demo.translation_po_path(TRANSLATIONS_DIR, locale.language_code, key)
            translated += bool(demo.import_translation(instance, locale, path))
    if translated:
        command.log(f"Imported {translated} practice library translations.")


# Taxonomy ---------------------------------------------------------------------------------


def load_taxonomy():
    """The French terms (source); returns [(term, {language: name})] for translation."""
    locale = demo.source_locale()
    data = demo.load_yaml(DEMO_DIR / "taxonomy.yaml")
    terms = []
    for kind, model in TAXONOMY_KINDS.items():
        for order, entry in enumerate(data[kind]):
            term = model.objects.filter(locale=locale, code=entry["code"]).first()
            if term is None:
                term = model.objects.create(
                    locale=locale, code=entry["code"], name=entry["fr"], sort_order=order
                )
            terms.append((term, entry))
    return terms


def translate_taxonomy(terms) -> int:
    """Each term into the other languages, through wagtail-localize (so later changes of
    the French term show up for translators as they would for any snippet)."""
    count = 0
    for term, names in terms:
        for locale in demo.target_locales(term.locale):
            name = names.get(locale.language_code)
            if not name or term.get_translation_or_none(locale) is not None:
                continue
            source, _ = TranslationSource.get_or_create_from_instance(term)
            translation, _ = Translation.objects.get_or_create(
                source=source, target_locale=locale, defaults={"enabled": True}
            )
            po = translation.export_po()
            for entry in po:
                entry.msgstr = name if entry.msgid == term.name else entry.msgid
            translation.import_po(po, tool_name="demo content")
            translation.save_target(publish=True)
            count += 1
    return count


# Pages ------------------------------------------------------------------------------------


def _organisation(index, data) -> int:
    if demo.get_child_by_slug(index, data["slug"]) is not None:
        return 0
    page = OrganisationPage(
        slug=data["slug"],
        title=data["name"],
        acronym=data.get("acronym", ""),
        kind=data["kind"],
        description=demo.text_to_html(data.get("description")),
        website=data.get("website", ""),
        public_contact=data.get("public_contact", ""),
        country=data.get("country", ""),
        city=data.get("city", ""),
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    create_aliases(OrganisationPage.objects.get(pk=page.pk))
    return 1


def practice_record(data) -> dict:
    """A demo YAML practice as an import record (the importer's shape)."""
    slug = data["slug"]
    record = {
        "title": data["title"],
        "summary": data["summary"],
        "action_type": data.get("action_type", ""),
        "dimensions": data.get("dimensions", []),
        "themes": data.get("themes", []),
        "target_groups": data.get("target_groups", []),
        "scale": data.get("scale", ""),
        "countries": data.get("countries", []),
        "territory": data.get("territory", ""),
        "latitude": (data.get("location") or {}).get("lat"),
        "longitude": (data.get("location") or {}).get("lon"),
        "start_date": data.get("start_date"),
        "end_date": data.get("end_date"),
        "lead_organisation": data.get("lead_organisation", ""),
        "partners": data.get("partners", []),
        "funding_note": data.get("budget_note", ""),
        "funding": data.get("funding", []),
        "website": data.get("website", ""),
    }
    for name in PRACTICE_SECTIONS:
        record[name] = demo.text_to_html(data.get(name))
    record["key_steps"] = demo.with_block_ids(
        [
            {
                "type": "step",
                "value": {
                    "date": str(step["date"]),
                    "title": step["title"],
                    "text": step.get("text", ""),
                },
            }
            for step in data.get("key_steps", [])
        ],
        f"{slug}.key_steps",
    )
    record["contacts"] = demo.with_block_ids(
        [
            {
                "type": "contact",
                "value": {
                    "name": contact["name"],
                    "role": contact.get("role", ""),
                    "email": contact.get("email", ""),
                    "phone": str(contact.get("phone", "")),
                },
            }
            for contact in data.get("contacts", [])
        ],
        f"{slug}.contacts",
    )
    return record


def _practice(fr_index, data) -> int:
    language = data.get("source_locale", settings.LANGUAGE_CODE)
    index = fr_index
    if language != fr_index.locale.language_code:
        # Content that starts in another language (the English practice sheet) is created in
        # that language's tree; the other languages get aliases of it.
        index = fr_index.get_translation(Locale.objects.get(language_code=language))
    existing = index.get_children().filter(slug=data["slug"]).first()
    if existing is not None:
        return 0
    save_practice(practice_record(data), index, live=True, slug=data["slug"])
    return 1


def translatable_objects(home):
    """(PO file key, object) of everything of the library translated by PO file: the two index
    pages, every organisation (key ``organisations/<slug>``: an organisation and a practice may
    share a slug) and every practice, each taken in its source locale (the English practice
    sheet is translated from English, into French too)."""
    library = demo.load_yaml(DEMO_DIR / "library.yaml")
    practice_index = demo.get_child_by_slug(home, library["practice_index"]["slug"])
    organisation_index = demo.get_child_by_slug(home, library["organisation_index"]["slug"])
    yield "practice-index", practice_index
    yield "organisation-index", organisation_index
    for path in sorted((DEMO_DIR / "organisations").glob("*.yaml")):
        page = demo.get_child_by_slug(organisation_index, path.stem)
        if page is not None:
            yield f"organisations/{path.stem}", page
    indexes = {practice_index.locale.language_code: practice_index}
    for path in sorted((DEMO_DIR / "practices").glob("*.yaml")):
        data = demo.load_yaml(path)
        language = data.get("source_locale", settings.LANGUAGE_CODE)
        if language not in indexes:
            indexes[language] = practice_index.get_translation(
                Locale.objects.get(language_code=language)
            )
        page = indexes[language].get_children().filter(slug=data["slug"]).specific().first()
        if page is not None:
            yield data["slug"], page


def export_po_files(home, stdout=None) -> list[Path]:
    """Write (or refresh) the PO files translators fill, for every translatable object of
    the library, keeping the translations already in them."""
    written = []
    for key, instance in translatable_objects(home):
        for locale in demo.target_locales(instance.locale):
            path = demo.translation_po_path(TRANSLATIONS_DIR, locale.language_code, key)
            count = demo.export_translation(instance, locale, path)
            written.append(path)
            if stdout:
                stdout.write(f"Wrote {path} ({count} strings).")
    return written


__all__ = ["TAXONOMY_MODELS", "export_po_files", "load"]
