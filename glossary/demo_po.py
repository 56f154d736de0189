"""The translations of the demo glossary as PO files, built in memory from its YAML files at
load time (the YAML holds every language: no PO file is committed). Each (msgctxt, msgid) of a
French page is mapped to the same field of another language, in the form wagtail-localize
gives its strings (the explanation paragraph by paragraph)."""

from __future__ import annotations

import polib
from django.utils.text import slugify
from wagtail_localize.strings import StringValue, extract_strings

from .demo_loader import SOURCE_LANGUAGE, index_fields, term_fields

PLAIN_FIELDS = ("title", "acronym", "expansion", "short_definition", "variants", "introduction")
RICH_TEXT_FIELDS = ("explanation",)

Translations = dict[tuple[str, str], str]


def _plain(text: str) -> str:
    return StringValue.from_plaintext(text).data


def _rich_strings(html: str) -> list[str]:
    _template, strings = extract_strings(html)
    return [string.data for string, _attrs in strings]


def pair_fields(source: dict, target: dict, label: str) -> Translations:
    translations: Translations = {}
    for name in PLAIN_FIELDS:
        if source.get(name):
            translations[(name, _plain(source[name]))] = _plain(target[name])
    for name in RICH_TEXT_FIELDS:
        if not source.get(name):
            continue
        originals, translated = _rich_strings(source[name]), _rich_strings(target[name])
        if len(originals) != len(translated):
            raise ValueError(
                f"{label}: {name} has {len(originals)} paragraphs in {SOURCE_LANGUAGE} "
                f"but {len(translated)} in the translation"
            )
        translations.update({(name, o): t for o, t in zip(originals, translated, strict=True)})
    return translations


def term_translations(record: dict, language: str) -> Translations:
    """A term's strings, and its slug in the language: the headword, or the translated slug
    the YAML gives (``slug:`` under the language) where the headword makes a poor one."""
    translations = pair_fields(
        term_fields(record, SOURCE_LANGUAGE),
        term_fields(record, language),
        f"{record['slug']} ({language})",
    )
    values = record[language]
    translations[("slug", record["slug"])] = values.get("slug") or slugify(values["term"])
    return translations


def index_translations(data: dict, language: str) -> Translations:
    translations = pair_fields(
        index_fields(data, SOURCE_LANGUAGE), index_fields(data, language), f"index ({language})"
    )
    translations[("slug", data["slug"])] = data[language]["slug"]
    return translations


def po_file(translations: Translations, language: str) -> polib.POFile:
    """The PO file a translator would deliver for ``translations``, held in memory."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=utf-8",
    }
    for (context, source), target in translations.items():
        po.append(polib.POEntry(msgctxt=context, msgid=source, msgstr=target))
    return po


def index_po(data: dict, language: str) -> polib.POFile:
    return po_file(index_translations(data, language), language)


def term_po(record: dict, language: str) -> polib.POFile:
    return po_file(term_translations(record, language), language)
