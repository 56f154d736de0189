"""What readers are shown of a page that is not (yet) its own translation.

An alias shows its original's text and says so (alias_of). wagtail-localize turns the alias
into a page of its own as soon as an editor requests its translation; with
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE off it stays live, still showing the original's
text (its live revision is the original's, or none), until the translator publishes. For
readers it is still untranslated: the language switcher, hreflang links, alias notice,
sitemap and lists treat it like an alias. These helpers tell it apart without a query per
page.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Subquery
from wagtail_localize.models import Translation


def _requested_translations():
    """wagtail-localize's enabled translations of the outer page's source into its locale."""
    return Translation.objects.filter(
        enabled=True,
        target_locale_id=OuterRef("locale_id"),
        source__object_id=OuterRef("translation_key"),
    )


def translation_requested():
    """For a page queryset: whether an editor has requested the translation of the page's
    source into the page's locale."""
    return Exists(_requested_translations())


def with_requested_source_language(queryset):
    """Annotate pages with what tells a former alias from a translation: ``sv_live_object_id``
    (whose revision is live) and ``sv_requested_from`` (the source language of a requested
    translation into the page's locale). Read them with awaiting_source_language()."""
    return queryset.annotate(
        sv_live_object_id=F("live_revision__object_id"),
        sv_requested_from=Subquery(
            _requested_translations().values("source__locale__language_code")[:1]
        ),
    )


def awaiting_source_language(page) -> str | None:
    """The language whose text ``page`` still shows when it is a former alias whose requested
    translation is not yet published, else None (a real translation, or an alias: aliases
    say so themselves with alias_of). Needs with_requested_source_language()."""
    requested_from = getattr(page, "sv_requested_from", None)
    if page.alias_of_id or not requested_from:
        return None
    if getattr(page, "sv_live_object_id", None) == str(page.pk):
        return None
    return requested_from
