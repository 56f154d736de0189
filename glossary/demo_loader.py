"""The demo glossary: the index page and the terms of glossary/demo/terms/*.yaml, created in
French and translated into the other locales through wagtail-localize, as a translator's PO
files would be. Idempotent: what exists is left as it is.

The YAML files hold every language and are the only copy of the translations: each page's PO
file is built from them in memory at load time (glossary.demo_po), never written or committed,
so ``load_demo --export-po`` has nothing to write for the glossary.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from smartvillages.core import demo

from .models import NONE_MARK, GlossaryIndexPage, GlossaryRelatedTerm, GlossaryTermPage

DEMO_DIR = Path(__file__).resolve().parent / "demo"
TERMS_DIR = DEMO_DIR / "terms"
INDEX_FILE = DEMO_DIR / "index.yaml"
SOURCE_LANGUAGE = settings.LANGUAGE_CODE
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def load_terms() -> list[dict]:
    return [demo.load_yaml(path) for path in sorted(TERMS_DIR.glob("*.yaml"))]


def load_index() -> dict:
    return demo.load_yaml(INDEX_FILE)


def index_fields(data: dict, language: str) -> dict:
    values = data[language]
    return {"title": values["title"], "introduction": values.get("introduction", "")}


def term_fields(record: dict, language: str) -> dict:
    """The page fields of a term in one language, as stored.

    Two rules make the data fit wagtail-localize, which translates the strings of the source
    page and cannot translate a string into nothing, nor nothing into a string:
    - a value the source language has and this language lacks (the French acronym "AMI", no
      English acronym) is written NONE_MARK, which the page reads as empty;
    - a gloss other languages give for a French name kept as their headword ("communauté de
      communes": "community of municipalities") needs a source string: the French expansion
      is then the full name itself, which the French page does not repeat under its title.
    """
    values = record[language]
    fields = {
        "title": values["term"].strip(),
        "acronym": (values.get("acronym") or "").strip(),
        "expansion": (values.get("expansion") or "").strip(),
        "short_definition": " ".join(values["short_definition"].split()),
        "explanation": demo.text_to_html(values["explanation"]),
        "variants": "\n".join(variant.strip() for variant in values.get("variants") or []),
    }
    if language == SOURCE_LANGUAGE:
        others_gloss = any(record[code].get("expansion") for code in LANGUAGES)
        if not fields["expansion"] and others_gloss:
            fields["expansion"] = fields["title"]
        return fields
    source_fields = term_fields(record, SOURCE_LANGUAGE)
    for name in ("acronym", "expansion", "variants"):
        if source_fields[name] and not fields[name]:
            fields[name] = NONE_MARK
    return fields


def load(command, home):
    """Demo loader (smartvillages_demo_loaders hook): the glossary under the French home."""
    index_data = load_index()
    index = demo.get_child_by_slug(home, index_data["slug"])
    if index is None:
        index = GlossaryIndexPage(
            slug=index_data["slug"],
            show_in_menus=True,
            **index_fields(index_data, SOURCE_LANGUAGE),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        command.log(f"Created the page {index.title!r}.")

    records = load_terms()
    existing = {page.slug: page for page in GlossaryTermPage.objects.child_of(index)}
    created = []
    for record in records:
        if record["slug"] in existing:
            continue
        term = GlossaryTermPage(
            slug=record["slug"],
            country=record.get("country") or "",
            sources=[
                (
                    "source",
                    {
                        "title": source["title"],
                        "url": source.get("url", ""),
                        "language": source.get("language", ""),
                    },
                )
                for source in record.get("sources") or []
            ],
            **term_fields(record, SOURCE_LANGUAGE),
        )
        index.add_child(instance=term)
        existing[term.slug] = term
        created.append((record, term))
    # Related terms once every term exists, then one published revision per term.
    for record, term in created:
        term.related_links = [
            GlossaryRelatedTerm(related=existing[slug])
            for slug in record.get("related") or []
            if slug in existing and slug != record["slug"]
        ]
        term.save_revision().publish()
    if created:
        command.log(f"Created {len(created)} glossary terms.")

    # The other locales get aliases first (the translated terms need their parent there).
    demo.sync_aliases()
    if getattr(command, "export_po", False):
        # Nothing to export: the YAML is the source; its translations are imported as always.
        command.log("Glossary: no PO files to export, its translations come from its YAML files.")
    translate(command, index, index_data, [(existing[r["slug"]], r) for r in records])


def translate(command, index, index_data: dict, terms: list[tuple]):
    """Import each page's translations from a PO file built from the YAML, in memory."""
    from . import demo_po  # builds on this module's field functions

    translated = 0
    for locale in demo.target_locales(index.locale):
        code = locale.language_code
        pages = [(index, demo_po.index_po, index_data)]
        pages += [(term, demo_po.term_po, record) for term, record in terms]
        for page, build, data in pages:
            if demo.is_translated(page, locale):
                continue
            label = f"glossary {page.slug} ({code})"
            translated += bool(demo.import_translation_po(page, locale, build(data, code), label))
    if translated:
        command.log(f"Translated {translated} glossary pages.")
