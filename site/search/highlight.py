"""Highlighted titles and excerpts, built in Python so every backend gives the same result.

Everything is escaped first: only our own ``<mark>`` elements are markup. Matching is case-
and accent-insensitive and by word prefix ("econom" marks "économies"), a cheap stand-in for
the stemming the backends do.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MIN_TERM = 2
EXCERPT_LENGTH = 240


def fold(text: str) -> tuple[str, list[int]]:
    """Lowercase, accent-free text and, for each of its characters, the index of the
    original character it comes from (folding can change lengths: "ß", ligatures)."""
    folded = []
    positions = []
    for index, char in enumerate(text):
        decomposed = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold() or char
        for piece in base:
            folded.append(piece)
            positions.append(index)
    return "".join(folded), positions


def query_terms(query: str) -> list[str]:
    """Folded word stems of the query, longest first (so overlapping matches pick the longer)."""
    terms = set()
    for word in re.findall(r"\w+", fold(query)[0]):
        if len(word) < MIN_TERM:
            continue
        keep = len(word) if len(word) <= 4 else max(4, len(word) - 2)
        terms.add(word[:keep])
    return sorted(terms, key=len, reverse=True)


def _pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")\w*")


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    pattern = _pattern(terms)
    if pattern is None or not text:
        return []
    folded, positions = fold(text)
    spans = []
    for match in pattern.finditer(folded):
        start = positions[match.start()]
        end = positions[match.end() - 1] + 1
        spans.append((start, end))
    return spans


def _render(text: str, spans: list[tuple[int, int]]) -> SafeString:
    out = []
    cursor = 0
    for start, end in spans:
        if start < cursor:
            continue
        out.append(escape(text[cursor:start]))
        out.append("<mark>" + escape(text[start:end]) + "</mark>")
        cursor = end
    out.append(escape(text[cursor:]))
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703  # every piece of text is escaped


def highlight(text: str, terms: list[str]) -> SafeString:
    return _render(text or "", _spans(text or "", terms))


def excerpt(texts: list[str], terms: list[str], length: int = EXCERPT_LENGTH) -> SafeString:
    """The first text with a match, cut around the first match; else the first text."""
    candidates = [" ".join(t.split()) for t in texts if t and t.strip()]
    if not candidates:
        return mark_safe("")  # nosec B308  # an empty string
    for text in candidates:
        spans = _spans(text, terms)
        if spans:
            break
    else:
        text, spans = candidates[0], []
    if len(text) <= length:
        return _render(text, spans)
    first = spans[0][0] if spans else 0
    start = max(0, min(first - length // 3, len(text) - length))
    if start:
        start = text.rfind(" ", 0, start) + 1  # start on a word
    end = start + length
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    piece = text[start:end]
    shifted = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    body = _render(piece, shifted)
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + body + suffix)  # noqa: S308  # nosec B308 B703  # body escaped by _render
