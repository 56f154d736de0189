"""What the search page and the autocomplete endpoint do, apart from HTTP.

The search backend (the engine of the active language when one is configured, else the
database) returns the ids of the best matches among live, public pages of the active locale,
in relevance order, at most ``MAX_CANDIDATES``. Everything else is done in the database over
those ids, the same way whatever the backend: facet counts (content type, and the practice
facets of facets.py), filters, pagination, loading the specific pages of the current result
page, highlighting. The number of SQL queries does not grow with the number of results.

When the engine fails or times out, the same search runs on the database backend; the page
says discreetly that results may be less precise, and the log says why.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import DatabaseError, transaction
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from smartvillages.translation.readers import (
    awaiting_source_language,
    with_requested_source_language,
)

from . import state
from .conf import engine_backend_name
from .facets import available_facets
from .highlight import excerpt, highlight, query_terms

logger = logging.getLogger("smartvillages.search")

MAX_QUERY_LENGTH = 200
MAX_CANDIDATES = 500
PER_PAGE = 10
MAX_SUGGESTIONS = 8
MAX_FILTER_VALUES = 10
#: Text attributes tried, in order, for a result's excerpt (whichever the page type has).
EXCERPT_FIELDS = ("short_definition", "summary", "introduction", "search_description")

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def clean_query(raw: str | None) -> tuple[str, bool]:
    """The query as searched: control and invisible characters removed, unpaired surrogates
    dropped, spaces collapsed, at most MAX_QUERY_LENGTH characters. Returns (query, shortened)."""
    text = raw or ""
    text = text.encode("utf-8", "ignore").decode("utf-8")  # lone surrogates cannot be stored
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", text))
    text = " ".join(text.split())
    shortened = len(text) > MAX_QUERY_LENGTH
    if shortened:
        text = text[:MAX_QUERY_LENGTH].rstrip()
    return text, shortened


_NOT_A_WORD = re.compile(r"[^\w\s'’-]+")


def search_terms(query: str) -> str:
    """What the backend receives: words, apostrophes and hyphens. Full-text analysis drops
    punctuation anyway, and what the backends would read as syntax (quotes, backslashes,
    operators, brackets) cannot reach them: an unbalanced quote is just a word boundary."""
    return " ".join(_NOT_A_WORD.sub(" ", query).replace("_", " ").split())


def is_searchable(query: str) -> bool:
    """A query with at least one letter or digit; "(((" or "!!!" is not searched."""
    return any(char.isalnum() for char in search_terms(query))


def engine_backend(language: str):
    """(name, backend) of the engine entry for this language, or None without an engine."""
    name = engine_backend_name(language)
    if name not in getattr(settings, "WAGTAILSEARCH_BACKENDS", {}):
        return None
    return name, get_search_backend(name)


def _run_with_fallback(language: str, operation):
    """Run ``operation(backend)`` on the engine, or on the database backend when there is no
    engine, it is marked down, or it fails. Returns (result, fell_back)."""
    engine = engine_backend(language)
    if engine is not None:
        name, backend = engine
        if backend.is_down():
            logger.info("Search: engine marked down, %s served by the database backend", name)
            return operation(get_search_backend("default")), True
        try:
            return operation(backend), False
        except Exception as error:
            if isinstance(error, backend.connection_errors):
                state.mark_down(backend.engine_key)
            logger.warning(
                "Search: %s failed (%s), falling back to the database backend",
                name,
                type(error).__name__,
                exc_info=not isinstance(error, backend.connection_errors),
            )
            return operation(get_search_backend("default")), True
    return operation(get_search_backend("default")), False


def searchable_pages(locale):
    return Page.objects.live().public().filter(locale=locale, depth__gt=1)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str = ""


@dataclass
class FacetGroup:
    param: str
    label: str
    values: list[FacetValue]


@dataclass
class Result:
    page: Page
    url: str
    title: str
    excerpt: str
    type_label: str
    source_language: str | None = None  # set for aliases: the language the text is in


@dataclass
class SearchOutcome:
    query: str
    shortened: bool = False
    searched: bool = False
    fell_back: bool = False
    capped: bool = False
    total: int = 0
    results: list[Result] = field(default_factory=list)
    page_obj: object = None
    facets: list[FacetGroup] = field(default_factory=list)
    selected: dict[str, list[str]] = field(default_factory=dict)
    promotions: list[dict] = field(default_factory=list)


def type_key(content_type: ContentType) -> str:
    return f"{content_type.app_label}.{content_type.model}"


def _type_label(content_type_id: int) -> str:
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None:
        return ""
    return str(model._meta.verbose_name_plural).capitalize()


def _selected_filters(params, facets) -> dict[str, list[str]]:
    selected = {}
    for param in ["type", *(facet.param for facet in facets)]:
        values = []
        for value in params.getlist(param)[:MAX_FILTER_VALUES]:
            value, _shortened = clean_query(value)
            if value and len(value) <= 100 and value not in values:
                values.append(value)
        if values:
            selected[param] = values
    return selected


def search(request, raw_query: str, params, page_number) -> SearchOutcome:
    query, shortened = clean_query(raw_query)
    outcome = SearchOutcome(query=query, shortened=shortened)
    if not query or not is_searchable(query):
        return outcome
    language = translation.get_language()
    locale = Locale.get_active()
    terms = search_terms(query)
    outcome.searched = True

    def candidates(backend):
        pages = searchable_pages(locale).only("id", "content_type_id")
        matches = backend.search(terms, pages, operator="and")[:MAX_CANDIDATES]
        return [(page.pk, page.content_type_id) for page in matches]

    matches, outcome.fell_back = _run_with_fallback(language, candidates)
    outcome.capped = len(matches) >= MAX_CANDIDATES

    facets = available_facets()
    selected = _selected_filters(params, facets)
    outcome.selected = selected
    ids = [pk for pk, _ct in matches]
    facet_values = {facet.param: facet.values_for(ids) for facet in facets} if ids else {}

    selected_types = set()
    for key in selected.get("type", []):
        app_label, _, model = key.partition(".")
        try:
            selected_types.add(ContentType.objects.get_by_natural_key(app_label, model).pk)
        except ContentType.DoesNotExist:
            continue

    def passes(pk, content_type_id, ignore=None):
        if ignore != "type" and "type" in selected and content_type_id not in selected_types:
            return False
        for facet in facets:
            wanted = selected.get(facet.param)
            if facet.param == ignore or not wanted:
                continue
            if not facet_values.get(facet.param, {}).get(pk, set()) & set(wanted):
                return False
        return True

    filtered = [(pk, ct) for pk, ct in matches if passes(pk, ct)]
    outcome.total = len(filtered)

    # Facet counts: each facet counts the matches that pass every *other* filter, so a reader
    # can switch between values of a facet as well as narrow down with another.
    type_counts = Counter(ct for pk, ct in matches if passes(pk, ct, ignore="type"))
    groups = []
    type_values = []
    for content_type_id, count in type_counts.items():
        content_type = ContentType.objects.get_for_id(content_type_id)
        key = type_key(content_type)
        type_values.append(
            FacetValue(key, _type_label(content_type_id), count, key in selected.get("type", []))
        )
    if type_values:
        groups.append(FacetGroup("type", translation.gettext("Type"), _sorted(type_values)))
    for facet in facets:
        values = facet_values.get(facet.param, {})
        counts = Counter(
            key
            for pk, ct in matches
            if passes(pk, ct, ignore=facet.param)
            for key in values.get(pk, ())
        )
        wanted = selected.get(facet.param, [])
        labels = facet.labels(set(counts) | set(wanted)) if counts or wanted else {}
        entries = [
            FacetValue(key, labels.get(key, key), counts.get(key, 0), key in wanted)
            for key in set(counts) | set(wanted)
        ]
        if entries:
            groups.append(FacetGroup(facet.param, str(facet.label), _sorted(entries)))
    outcome.facets = groups

    paginator = Paginator(filtered, PER_PAGE)
    outcome.page_obj = paginator.get_page(page_number)
    outcome.results = _results(request, [pk for pk, _ct in outcome.page_obj.object_list], query)
    outcome.promotions = promotions(request, query, locale)
    if outcome.page_obj.number == 1:
        log_query(query)
    return outcome


def _sorted(values: list[FacetValue]) -> list[FacetValue]:
    return sorted(values, key=lambda value: (-value.count, value.label.casefold()))


def _results(request, ids: list[int], query: str) -> list[Result]:
    if not ids:
        return []
    pages = {
        page.pk: page
        for page in with_requested_source_language(Page.objects.filter(pk__in=ids)).specific()
    }
    alias_ids = {page.alias_of_id for page in pages.values() if page.alias_of_id}
    alias_languages = dict(
        Page.objects.filter(pk__in=alias_ids).values_list("pk", "locale__language_code")
    )
    terms = query_terms(query)
    results = []
    for pk in ids:
        page = pages.get(pk)
        if page is None:
            continue
        texts = [getattr(page, name, "") or "" for name in EXCERPT_FIELDS]
        results.append(
            Result(
                page=page,
                url=page.get_url(request),
                title=highlight(page.title, terms),
                excerpt=excerpt([t for t in texts if isinstance(t, str)], terms),
                type_label=str(page.specific_class._meta.verbose_name).capitalize()
                if page.specific_class
                else "",
                source_language=alias_languages.get(page.alias_of_id)
                or awaiting_source_language(page),
            )
        )
    return results


def promotions(request, query: str, locale) -> list[dict]:
    """Editors' promoted results for this query (wagtail.contrib.search_promotions), shown in
    the active language: a promoted page is replaced by its version in this locale."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    normalised = normalise_query_string(query)
    picks = list(
        SearchPromotion.objects.filter(query__query_string=normalised)
        .select_related("page")
        .order_by("sort_order")
    )
    if not picks:
        return []
    keys = {pick.page.translation_key for pick in picks if pick.page_id}
    localized = {
        page.translation_key: page
        for page in Page.objects.live().public().filter(translation_key__in=keys, locale=locale)
    }
    items = []
    for pick in picks:
        if pick.page_id:
            page = localized.get(pick.page.translation_key)
            if page is None:
                continue
            items.append(
                {"title": page.title, "url": page.get_url(request), "description": pick.description}
            )
        elif pick.external_link_url:
            items.append(
                {
                    "title": pick.external_link_text or pick.external_link_url,
                    "url": pick.external_link_url,
                    "description": pick.description,
                    "external": True,
                }
            )
    return items


def log_query(query: str) -> None:
    """Count the query for the editors' "popular searches" report; never fails the page."""
    from wagtail.contrib.search_promotions.models import Query

    if not normalise_query_string(query):
        return
    try:
        with transaction.atomic():
            Query.get(query).add_hit()
    except DatabaseError:
        logger.warning("Search: could not log the query", exc_info=True)


def suggest(request, raw_query: str) -> tuple[list[dict], bool]:
    """Titles of pages of the active locale that start with what was typed."""
    query, _shortened = clean_query(raw_query)
    terms = search_terms(query)
    if len(terms) < 2 or not is_searchable(query):
        return [], False
    language = translation.get_language()
    locale = Locale.get_active()

    def complete(backend):
        pages = searchable_pages(locale).only("id")
        return [page.pk for page in backend.autocomplete(terms, pages)[:MAX_SUGGESTIONS]]

    ids, fell_back = _run_with_fallback(language, complete)
    pages = {page.pk: page for page in Page.objects.filter(pk__in=ids)}
    suggestions = []
    seen = set()
    for pk in ids:
        page = pages.get(pk)
        if page is None or page.title in seen:
            continue
        seen.add(page.title)
        suggestions.append(
            {
                "title": page.title,
                "url": page.get_url(request),
                "type": _type_label(page.content_type_id),
            }
        )
    return suggestions, fell_back
