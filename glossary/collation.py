"""Alphabetical order and letter groups in the alphabet of each language, by ICU (PyICU).

Python's own sorting compares code points ("Ž" after "z", "É" after "Z") and locale.strxfrm
depends on the locales installed on the server. ICU carries the collation rules of every
language: Slovenian sorts Č after C and Š after S as letters of their own, German files Ä
with A, French ignores accents at first. Its AlphabeticIndex gives the letter headings of
the same alphabet (Slovenian: ... C, Č, Ć, D ...; German: no Ä heading).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

import icu

_local = threading.local()

#: Bucket label types of ICU's AlphabeticIndex (U_ALPHAINDEX_NORMAL, _UNDERFLOW, _INFLOW,
#: _OVERFLOW): only normal buckets are letters; the others gather digits, symbols and
#: scripts outside the language's alphabet.
NORMAL_BUCKET = 0


def _tools(language: str):
    """Collator and index of a language, one per thread (ICU objects are not shared
    between threads) and per language."""
    cache = getattr(_local, "tools", None)
    if cache is None:
        cache = _local.tools = {}
    if language not in cache:
        locale = icu.Locale(language)
        collator = icu.Collator.createInstance(locale)
        index = icu.AlphabeticIndex(locale).buildImmutableIndex()
        cache[language] = (collator, index)
    return cache[language]


def sort_key(language: str) -> Callable[[str], bytes]:
    collator, _index = _tools(language)
    return collator.getSortKey


def sorted_in(language: str, items: Iterable, key: Callable = str) -> list:
    """``items`` in the alphabetical order of ``language``."""
    collate = sort_key(language)
    return sorted(items, key=lambda item: collate(key(item)))


def letter_of(text: str, language: str) -> tuple[int, str, bool]:
    """The letter heading ``text`` files under: (bucket number, label, is a letter)."""
    _collator, index = _tools(language)
    number = index.getBucketIndex(text)
    label, label_type = index.getBucket(number)
    return number, label, label_type == NORMAL_BUCKET


def group_by_letter(items: Iterable, language: str, key: Callable = str) -> list[dict]:
    """``items`` sorted and grouped under their letter, only letters that have items.

    Each group: {"label": "Č", "anchor": "letter-4", "is_letter": True, "items": [...]}. The
    anchor is built from the bucket number so that URL fragments stay ASCII.
    """
    groups: dict[int, dict] = {}
    for item in sorted_in(language, items, key=key):
        number, label, is_letter = letter_of(key(item), language)
        group = groups.get(number)
        if group is None:
            group = groups[number] = {
                "label": label,
                "anchor": f"letter-{number}",
                "is_letter": is_letter,
                "items": [],
            }
        group["items"].append(item)
    return [groups[number] for number in sorted(groups)]
