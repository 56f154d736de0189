"""The translations of the demo glossary as PO entries, derived from its YAML files: each
(msgctxt, msgid) of a French page mapped to the same field of another language, in the form
wagtail-localize gives its strings (the explanation paragraph by paragraph)."""

from __future__ import annotations

from pathlib import Path

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


def fill(path: Path, translations: Translations) -> list:
    """Fill the msgstr of an exported PO file; returns the entries left without one."""
    po = polib.pofile(str(path), wrapwidth=0)
    missing = []
    for entry in po:
        value = translations.get((entry.msgctxt, entry.msgid))
        if value:
            entry.msgstr = value
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        else:
            missing.append((entry.msgctxt, entry.msgid))
    po.metadata.pop("X-WagtailLocalize-TranslationID", None)
    po.wrapwidth = 0
    po.save(str(path))
    return missing


def compare(path: Path, translations: Translations) -> list[str]:
    """Differences between a committed PO file and the YAML (empty when in step)."""
    if not path.exists():
        return [f"{path}: missing"]
    found = {
        (entry.msgctxt, entry.msgid): entry.msgstr
        for entry in polib.pofile(str(path))
        if not entry.obsolete
    }
    problems = [
        f"{path}: {key[0]} {key[1][:40]!r} differs from the YAML"
        for key, value in translations.items()
        if found.get(key) != value
    ]
    problems += [
        f"{path}: {key[0]} {key[1][:40]!r} is not in the YAML"
        for key in found.keys() - translations.keys()
    ]
    return problems
