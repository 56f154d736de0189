"""What the practice pages show: the listing (filters, counts, pagination, map data) and the
detail of a practice. Each function runs a fixed number of queries."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.utils import translation

from smartvillages.core.maps import map_settings
from smartvillages.translation.readers import (
    awaiting_source_language,
    with_requested_source_language,
)

from .formatting import format_money, format_share
from .models import OrganisationPage, PracticePage
from .queries import PracticeFilter, classification, country_terms, taxonomy_terms


def terms_of(codes, terms, kind):
    return [terms[kind][code] for code in codes[kind] if code in terms[kind]]


def decorate(practices, terms=None):
    """Attach to each practice what its card shows: terms in the active language, and the
    source language when it is an alias. One query (classification; labels are cached)."""
    terms = terms or taxonomy_terms()
    countries = country_terms()
    links = classification(practice.pk for practice in practices)
    for practice in practices:
        codes = links[practice.pk]
        practice.dimension_terms = terms_of(codes, terms, "dimension")
        practice.country_terms = [countries[c] for c in codes["country"] if c in countries]
        actions = terms_of(codes, terms, "action_type")
        practice.action_term = actions[0] if actions else None
        # An alias shows its original's text; so does a former alias whose requested
        # translation is not yet published (listing_context annotates it).
        practice.source_language = (
            practice.alias_of.locale.language_code
            if practice.alias_of_id
            else awaiting_source_language(practice)
        )
    return practices


class CountedResults:
    """The results with their number already known (from the facet counts): the paginator
    then needs no COUNT query."""

    def __init__(self, queryset, count):
        self.queryset = queryset
        self._count = count

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    def __getitem__(self, key):
        return self.queryset[key]


def listing_context(index, request) -> dict:
    practice_filter = PracticeFilter(request.GET, index)
    results = with_requested_source_language(
        practice_filter.results().select_related("alias_of__locale")
    )
    paginator = Paginator(CountedResults(results, practice_filter.total()), index.per_page)
    page_number = request.GET.get("page", 1)
    try:
        page = paginator.page(page_number)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    practices = decorate(list(page.object_list), practice_filter.terms)
    return {
        "filter": practice_filter,
        "facets": practice_filter.facets(),
        "active_filters": practice_filter.active_filters(),
        "practices": practices,
        "paginator": paginator,
        "page_obj": page,
        "page_links": [
            {
                "number": number,
                "query": practice_filter.querystring(page=str(number)),
                "current": number == page.number,
            }
            for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
            if number != paginator.ELLIPSIS
        ],
        "previous_query": (
            practice_filter.querystring(page=str(page.previous_page_number()))
            if page.has_previous()
            else None
        ),
        "next_query": (
            practice_filter.querystring(page=str(page.next_page_number()))
            if page.has_next()
            else None
        ),
        "filter_query": practice_filter.querystring(),
        "map": map_settings(),
        "sorts": practice_filter_sorts(practice_filter),
    }


def practice_filter_sorts(practice_filter):
    from .queries import SORTS

    return [
        {"value": value, "label": label, "selected": value == practice_filter.sort}
        for value, (label, _order) in SORTS.items()
    ]


def geojson_data(index, params) -> dict:
    practice_filter = PracticeFilter(params, index)
    located = practice_filter.results().filter(latitude__isnull=False, longitude__isnull=False)
    features = []
    for practice in located.only("title", "url_path", "latitude", "longitude", "territory"):
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [practice.longitude, practice.latitude],
                },
                "properties": {
                    "title": practice.title,
                    "url": practice.get_url(),
                    "territory": practice.territory,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def geojson_response(index, request):
    response = JsonResponse(geojson_data(index, request.GET), json_dumps_params={"indent": None})
    response["Content-Type"] = "application/geo+json"
    return response


def _organisations(page: PracticePage, language_code: str):
    """The lead organisation and partners in the active language: the practice links to the
    source pages (synchronised), shown through their version in this locale. One query."""
    keys_of = OrganisationPage.objects.filter(
        Q(pk=page.lead_organisation_id)
        | Q(
            pk__in=PracticePage.partners.through.objects.filter(practicepage_id=page.pk).values(
                "organisationpage_id"
            )
        )
    ).values("translation_key")
    versions = (
        OrganisationPage.objects.live()
        .filter(translation_key__in=keys_of)
        .filter(locale__language_code__in={language_code, settings.LANGUAGE_CODE})
        .select_related("locale", "alias_of__locale")  # aliases are labelled with their language
    )
    chosen = {}
    for version in versions:
        current = chosen.get(version.translation_key)
        if current is None or version.locale.language_code == language_code:
            chosen[version.translation_key] = version
    lead_key = None
    if page.lead_organisation_id:
        lead_key = next(
            (v.translation_key for v in versions if v.pk == page.lead_organisation_id), None
        )
    lead = chosen.pop(lead_key, None) if lead_key else None
    return lead, sorted(chosen.values(), key=lambda org: org.title.lower())


def related_practices(page: PracticePage, codes, limit=3):
    """Live practices of the same language sharing a dimension or a theme."""
    from .queries import M2M_LINKS

    matches = Q()
    for kind in ("dimension", "theme"):
        if codes.get(kind):
            through, column = M2M_LINKS[kind]
            matches |= Q(
                pk__in=through.objects.filter(**{f"{column}__in": codes[kind]}).values(
                    "practicepage_id"
                )
            )
    if not matches:
        return []
    return list(
        with_requested_source_language(PracticePage.objects.live())
        .filter(locale_id=page.locale_id)
        .exclude(translation_key=page.translation_key)
        .filter(matches)
        .select_related("alias_of__locale")  # an alias is labelled with its source language
        .order_by("-first_published_at", "pk")[:limit]
    )


def practice_context(page: PracticePage, request) -> dict:
    language_code = translation.get_language() or settings.LANGUAGE_CODE
    terms = taxonomy_terms(language_code)
    codes = classification([page.pk])[page.pk]
    countries = country_terms()
    actions = terms_of(codes, terms, "action_type")
    funding = []
    for item in page.funding.select_related("programme"):
        funding.append(
            {
                "programme": terms["funding"].get(item.programme.code),
                "amount": format_money(item.amount, language_code),
                "share": format_share(item.share, language_code),
            }
        )
    lead, partners = _organisations(page, language_code)
    page_url = page.get_url(request) or ""
    return {
        "action_term": actions[0] if actions else None,
        "dimension_terms": terms_of(codes, terms, "dimension"),
        "theme_terms": terms_of(codes, terms, "theme"),
        "target_group_terms": terms_of(codes, terms, "target_group"),
        "country_terms": [countries[c] for c in codes["country"] if c in countries],
        "scale_label": page.get_scale_display() if page.scale else "",
        "funding": funding,
        "lead_organisation": lead,
        "partner_organisations": partners,
        "related_practices": related_practices(page, codes),
        # The library is the parent page: its address is the practice's without the slug
        # (no query to fetch the parent).
        "library_url": page_url[: page_url.rstrip("/").rfind("/") + 1] if page_url else "",
        "map": map_settings(),
        "map_point": json.dumps([page.latitude, page.longitude]) if page.has_location else "",
    }
