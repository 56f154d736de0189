"""One term matcher per locale, built on first use and reused until the glossary changes.

Each process keeps its matchers in memory, tagged with a version read from Django's cache
(Redis in production, shared by every web node). Publishing, unpublishing, moving or deleting
a glossary page writes a new version (glossary/signals.py), so every process rebuilds its
matchers once, at its next use. A page render reads the version once: one cache read, no SQL.
"""

from __future__ import annotations

import threading

from smartvillages.core.cache import read_version, renew_version

from .linker import Entry, Matcher

VERSION_CACHE_KEY = "glossary:matchers:version"

_lock = threading.Lock()
_matchers: dict[int, tuple[str, Matcher]] = {}

#: Matchers built by this process since it started (tests count them).
build_count = 0


def current_version() -> str:
    return read_version(VERSION_CACHE_KEY)


def get_matcher(locale_id: int) -> Matcher:
    """The matcher of the live terms of a locale."""
    version = current_version()
    cached = _matchers.get(locale_id)
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        cached = _matchers.get(locale_id)
        if cached is not None and cached[0] == version:
            return cached[1]
        matcher = build_matcher(locale_id)
        _matchers[locale_id] = (version, matcher)
        return matcher


def build_matcher(locale_id: int) -> Matcher:
    global build_count
    from .models import GlossaryTermPage

    build_count += 1
    terms = (
        GlossaryTermPage.objects.live()
        .filter(locale_id=locale_id, alias_of__isnull=True)
        .select_related("locale")
        .defer_streamfields()
        .order_by("path")
    )
    forms = []
    for term in terms:
        entry = Entry(
            key=str(term.translation_key),
            page_id=term.pk,
            url=term.get_url() or "",
            title=term.title,
            definition=term.short_definition,
        )
        forms.extend((form, entry) for form in term.linked_forms())
    return Matcher(forms)


def invalidate():
    """Make every process rebuild its matchers at their next use."""
    renew_version(VERSION_CACHE_KEY)
    _matchers.clear()
