"""Which published pages use which terms, so that a term page can list them.

The glossary knows no other app: a page uses a term when the term (or one of its forms)
appears in the linkable text of its rich text, found by the same matcher that links it. Every
rich text field and every rich text block of a StreamField counts, whatever the page type, so
practices, events and any later page type are covered without the glossary importing them.

Rich text is scanned when a page is published; when the glossary of a locale changes, every
page of that locale is scanned again once the transaction commits (several term changes in
one transaction cost one scan).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from django.db import transaction
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import RichText

from . import matchers
from .linker import find_terms

#: Locale roots (the home pages) are not listed as using a term: every reader sees them.
MIN_DEPTH = 3

_state = threading.local()


def rich_text_sources(page) -> Iterator[str]:
    """The stored HTML of every rich text of a (specific) page."""
    for field in page._meta.get_fields():
        if isinstance(field, RichTextField):
            value = getattr(page, field.name)
            if value:
                yield value
        elif isinstance(field, StreamField):
            yield from _stream_sources(getattr(page, field.name))


def _stream_sources(value) -> Iterator[str]:
    if isinstance(value, RichText):
        yield value.source
    elif isinstance(value, StreamValue):
        for child in value:
            yield from _stream_sources(child.value)
    elif isinstance(value, StructValue):
        for child in value.values():
            yield from _stream_sources(child)
    elif isinstance(value, ListValue | list | tuple):
        for child in value:
            yield from _stream_sources(child)


def is_scanned(page) -> bool:
    from .models import GlossaryIndexPage, GlossaryTermPage

    return (
        page.live
        and not page.alias_of_id
        and page.depth >= MIN_DEPTH
        and not isinstance(page, GlossaryIndexPage | GlossaryTermPage)
    )


def terms_used_by(page) -> set[int]:
    """Ids of the term pages (of the page's locale) that the page's rich text uses."""
    matcher = matchers.get_matcher(page.locale_id)
    if not matcher:
        return set()
    ids = set()
    for source in rich_text_sources(page):
        ids.update(entry.page_id for entry in find_terms(source, matcher))
    return ids


def record_usage(page) -> set[int]:
    """Store the terms ``page`` (specific, just published) uses; forget them if it is not
    listed any more (unpublished, an alias)."""
    from .models import GlossaryTermUsage

    term_ids = terms_used_by(page) if is_scanned(page) else set()
    existing = set(GlossaryTermUsage.objects.filter(page=page).values_list("term_id", flat=True))
    if existing - term_ids:
        GlossaryTermUsage.objects.filter(page=page, term_id__in=existing - term_ids).delete()
    if term_ids - existing:
        GlossaryTermUsage.objects.bulk_create(
            [
                GlossaryTermUsage(page_id=page.pk, term_id=term_id)
                for term_id in term_ids - existing
            ],
            ignore_conflicts=True,
        )
    return term_ids


def forget_page(page):
    from .models import GlossaryTermUsage

    GlossaryTermUsage.objects.filter(page_id=page.pk).delete()


def rescan_locale(locale_id: int) -> int:
    """Scan every published page of a locale again; returns the number of pages scanned."""
    from .models import GlossaryIndexPage, GlossaryTermPage, GlossaryTermUsage

    pages = (
        Page.objects.live()
        .filter(locale_id=locale_id, alias_of__isnull=True, depth__gte=MIN_DEPTH)
        .not_type(GlossaryIndexPage, GlossaryTermPage)
        .specific()
    )
    GlossaryTermUsage.objects.filter(term__locale_id=locale_id).exclude(
        page__in=Page.objects.live().filter(locale_id=locale_id, alias_of__isnull=True)
    ).delete()
    count = 0
    for page in pages:
        record_usage(page)
        count += 1
    return count


def rescan_after_commit(locale_id: int):
    """Scan a locale again when the current transaction commits, once however many terms
    changed in it (callbacks after the first find nothing left to do)."""
    pending = getattr(_state, "pending", None)
    if pending is None:
        pending = _state.pending = set()
    pending.add(locale_id)

    def run():
        locales = set(getattr(_state, "pending", set()))
        _state.pending = set()
        if locales:
            matchers.invalidate()
        for locale in locales:
            rescan_locale(locale)

    transaction.on_commit(run)
