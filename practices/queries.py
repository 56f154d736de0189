"""The practice library's queries, each a fixed number of SQL statements whatever the
number of practices or terms: labels of the taxonomy in the active language, the
classification of a set of practices, filters and facet counts of the listing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import Count, F, Q, Value
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from smartvillages.core.countries import ALPINE_COUNTRIES

from .models import (
    ActionType,
    FundingProgramme,
    PracticePage,
    Scale,
    SmartDimension,
    Status,
    TargetGroup,
    Theme,
)

#: Taxonomy kinds: the name used in URLs and labels, the snippet model.
TAXONOMY = {
    "dimension": SmartDimension,
    "theme": Theme,
    "action_type": ActionType,
    "target_group": TargetGroup,
    "funding": FundingProgramme,
}

#: Many-to-many links of a practice: kind -> (through model, column of the term's code).
M2M_LINKS = {
    "dimension": (PracticePage.dimensions.through, "smartdimension__code"),
    "theme": (PracticePage.themes.through, "theme__code"),
    "target_group": (PracticePage.target_groups.through, "targetgroup__code"),
    "country": (PracticePage.countries.through, "country_id"),
}


@dataclass(frozen=True)
class Term:
    kind: str
    code: str
    name: str
    description: str
    #: Language of ``name``: the active one, or the source language when not translated.
    language: str


#: Cache of the taxonomy labels: terms change rarely and every listing, card and detail
#: page needs them. Saving or deleting a term bumps the version (signals below), which
#: invalidates every language at once; the timeout bounds staleness between processes
#: that do not share a cache (local memory in development).
TERMS_CACHE_TIMEOUT = 300
_TERMS_VERSION_KEY = "practices:terms:version"


def _terms_version():
    version = cache.get(_TERMS_VERSION_KEY)
    if version is None:
        version = 1
        cache.set(_TERMS_VERSION_KEY, version, None)
    return version


def invalidate_terms(**kwargs):
    try:
        cache.incr(_TERMS_VERSION_KEY)
    except ValueError:
        cache.set(_TERMS_VERSION_KEY, 2, None)


def taxonomy_terms(language_code: str | None = None) -> dict[str, dict[str, Term]]:
    """Every term, named in the given language (or in the default language when a term has
    no translation yet): {kind: {code: Term}}, in display order. One query, then cached."""
    language_code = language_code or translation.get_language() or settings.LANGUAGE_CODE
    key = f"practices:terms:{_terms_version()}:{language_code}"
    terms = cache.get(key)
    if terms is None:
        terms = _load_terms(language_code)
        cache.set(key, terms, TERMS_CACHE_TIMEOUT)
    return terms


def _load_terms(language_code):
    languages = {language_code, settings.LANGUAGE_CODE}
    querysets = [
        model.objects.filter(locale__language_code__in=languages)
        .annotate(
            kind=Value(kind, output_field=models.CharField()), lang=F("locale__language_code")
        )
        .values_list("kind", "code", "name", "description", "lang", "sort_order")
        .order_by()
        for kind, model in TAXONOMY.items()
    ]
    found: dict[str, dict[str, tuple]] = defaultdict(dict)
    for kind, code, name, description, lang, order in querysets[0].union(*querysets[1:], all=True):
        current = found[kind].get(code)
        if current is None or lang == language_code:
            found[kind][code] = (order, name, description, lang)
    terms = {}
    for kind in TAXONOMY:
        ordered = sorted(found[kind].items(), key=lambda item: (item[1][0], item[1][1].lower()))
        terms[kind] = {
            code: Term(kind, code, name, description, lang)
            for code, (_order, name, description, lang) in ordered
        }
    return terms


for _model in TAXONOMY.values():
    post_save.connect(invalidate_terms, sender=_model, dispatch_uid=f"terms-save-{_model.__name__}")
    post_delete.connect(
        invalidate_terms, sender=_model, dispatch_uid=f"terms-delete-{_model.__name__}"
    )


def country_terms() -> dict[str, Term]:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {code: Term("country", code, str(name), "", language) for code, name in ALPINE_COUNTRIES}


def classification(page_ids) -> dict[int, dict[str, list[str]]]:
    """Codes of the action type, dimensions, themes, target groups and countries of each
    practice: {page_id: {kind: [code, ...]}}. One query for any number of practices."""
    page_ids = list(page_ids)
    result: dict[int, dict[str, list[str]]] = {pk: defaultdict(list) for pk in page_ids}
    if not page_ids:
        return result
    querysets = [
        through.objects.filter(practicepage_id__in=page_ids)
        .annotate(kind=Value(kind, output_field=models.CharField()), code=F(column))
        .values_list("practicepage_id", "kind", "code")
        .order_by()
        for kind, (through, column) in M2M_LINKS.items()
    ]
    querysets.append(
        PracticePage.objects.filter(pk__in=page_ids, action_type__isnull=False)
        .annotate(
            kind=Value("action_type", output_field=models.CharField()), code=F("action_type__code")
        )
        .values_list("pk", "kind", "code")
        .order_by()
    )
    for page_id, kind, code in querysets[0].union(*querysets[1:], all=True):
        if code not in result[page_id][kind]:
            result[page_id][kind].append(code)
    # A union has no order of its own (PostgreSQL and SQLite differ): exports list codes sorted.
    for codes in result.values():
        for kind_codes in codes.values():
            kind_codes.sort()
    return result


# Listing filters --------------------------------------------------------------------------


@dataclass(frozen=True)
class Facet:
    param: str
    label: str
    kind: str  # "m2m", "fk", "choice" or "status"

    def apply(self, queryset, value, today):
        if self.kind == "m2m":
            through, column = M2M_LINKS[self.param]
            return queryset.filter(
                pk__in=through.objects.filter(**{column: value}).values("practicepage_id")
            )
        if self.param == "action_type":
            return queryset.filter(action_type__code=value)
        if self.param == "scale":
            return queryset.filter(scale=value)
        if self.param == "status":
            finished = Q(end_date__lt=today)
            return queryset.filter(finished if value == Status.FINISHED else ~finished)
        raise ValueError(self.param)

    def count_query(self, queryset, today):
        """(param, code, count) rows of this facet over ``queryset``."""
        constant = Value(self.param, output_field=models.CharField())
        if self.kind == "m2m":
            through, column = M2M_LINKS[self.param]
            return (
                through.objects.filter(practicepage_id__in=queryset.values("pk"))
                .annotate(facet=constant, code=F(column))
                .values("facet", "code")
                .annotate(n=Count("practicepage_id", distinct=True))
                .values_list("facet", "code", "n")
                .order_by()
            )
        if self.param == "status":
            code = models.Case(
                models.When(end_date__lt=today, then=Value(Status.FINISHED.value)),
                default=Value(Status.ONGOING.value),
                output_field=models.CharField(),
            )
        else:
            code = F("action_type__code" if self.param == "action_type" else self.param)
        return (
            queryset.order_by()
            .annotate(facet=constant, code=code)
            .values("facet", "code")
            .annotate(n=Count("pk"))
            .values_list("facet", "code", "n")
        )


FACETS = [
    Facet("dimension", _("Smart dimension"), "m2m"),
    Facet("theme", _("Theme"), "m2m"),
    Facet("action_type", _("Action type"), "fk"),
    Facet("target_group", _("Target group"), "m2m"),
    Facet("country", _("Country"), "m2m"),
    Facet("scale", _("Scale"), "choice"),
    Facet("status", _("Status"), "status"),
]

SORTS = {
    "newest": (_("Newest first"), ["-first_published_at", "-pk"]),
    "title": (_("Title A-Z"), ["title", "pk"]),
}
DEFAULT_SORT = "newest"


class PracticeFilter:
    """The listing's filters, read from GET parameters. Unknown parameters and values are
    ignored (the page shows what it can, never an error)."""

    def __init__(self, params, index, language_code: str | None = None, today=None):
        self.index = index
        language_code = language_code or translation.get_language() or settings.LANGUAGE_CODE
        self.today = today or timezone.localdate()
        self.terms = taxonomy_terms(language_code)
        self.options = {
            "dimension": self.terms["dimension"],
            "theme": self.terms["theme"],
            "action_type": self.terms["action_type"],
            "target_group": self.terms["target_group"],
            "country": country_terms(),
            "scale": {
                value: Term("scale", value, str(label), "", language_code)
                for value, label in Scale.choices
            },
            "status": {
                value: Term("status", value, str(label), "", language_code)
                for value, label in Status.choices
            },
        }
        self.selected: dict[str, str] = {}
        for facet in FACETS:
            value = params.get(facet.param, "")
            if isinstance(value, str) and value in self.options[facet.param]:
                self.selected[facet.param] = value
        sort = params.get("sort", "")
        self.sort = sort if sort in SORTS else DEFAULT_SORT
        self._counts = None

    def base_queryset(self):
        # The practices of this library (its children: one language, no query for it).
        return PracticePage.objects.live().child_of(self.index)

    def filtered(self, queryset=None, exclude=None):
        queryset = self.base_queryset() if queryset is None else queryset
        for facet in FACETS:
            value = self.selected.get(facet.param)
            if value and facet.param != exclude:
                queryset = facet.apply(queryset, value, self.today)
        return queryset

    def results(self):
        return self.filtered().order_by(*SORTS[self.sort][1])

    def facet_counts(self) -> dict[str, dict[str, int]]:
        """For each facet, how many practices each option would give with the other
        selected filters: one UNION query for all facets, run once."""
        if self._counts is None:
            queries = [
                facet.count_query(self.filtered(exclude=facet.param), self.today)
                for facet in FACETS
            ]
            counts: dict[str, dict[str, int]] = {facet.param: {} for facet in FACETS}
            for param, code, n in queries[0].union(*queries[1:], all=True):
                if code:
                    counts[param][code] = n
            self._counts = counts
        return self._counts

    def total(self) -> int:
        """The number of results, from the status counts (every practice is either ongoing
        or finished), so the listing needs no COUNT query of its own."""
        status_counts = self.facet_counts()["status"]
        if "status" in self.selected:
            return status_counts.get(self.selected["status"], 0)
        return sum(status_counts.values())

    def facets(self):
        """What the filter form shows: each facet with its options, counts and selection."""
        counts = self.facet_counts()
        facets = []
        for facet in FACETS:
            options = [
                {
                    "value": code,
                    "label": term.name,
                    "count": counts[facet.param].get(code, 0),
                    "selected": self.selected.get(facet.param) == code,
                }
                for code, term in self.options[facet.param].items()
            ]
            facets.append(
                {
                    "param": facet.param,
                    "label": facet.label,
                    "options": options,
                    "selected": self.selected.get(facet.param, ""),
                }
            )
        return facets

    def querystring(self, **changes) -> str:
        """The current filters as a query string, with ``changes`` applied (None removes)."""
        from django.http import QueryDict

        values = dict(self.selected)
        if self.sort != DEFAULT_SORT:
            values["sort"] = self.sort
        for key, value in changes.items():
            if value is None:
                values.pop(key, None)
            else:
                values[key] = value
        query = QueryDict(mutable=True)
        for facet in [*FACETS, Facet("sort", "", ""), Facet("page", "", "")]:
            if facet.param in values:
                query[facet.param] = values[facet.param]
        return query.urlencode()

    def active_filters(self):
        """The selected filters, each with the address that removes it."""
        return [
            {
                "param": facet.param,
                "label": facet.label,
                "value": self.options[facet.param][self.selected[facet.param]].name,
                "remove_query": self.querystring(**{facet.param: None}),
            }
            for facet in FACETS
            if facet.param in self.selected
        ]
