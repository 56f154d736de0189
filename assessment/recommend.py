"""Practices, organisations and glossary terms to read next, from a result's scores and
context: one ranking query over the practices of the reader's language, whatever the size of
the library (tests/benchmarks/assessment_ranking.py measures it at 2,000 practices).

A practice earns:
- the weakness (100 - score) of the weakest dimension it addresses, up to 100;
- 20 when its scale is the territory's, 20 when it took place in the territory's country;
- 10 per theme of interest it shares, up to 30.
Ties go to the weaker dimension addressed, then the most recently published practice, then
the title.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.utils.translation import gettext as _

from glossary.models import GlossaryTermPage
from practices.models import PracticePage, Scale
from practices.queries import country_terms, taxonomy_terms
from practices.views import decorate
from smartvillages.translation.readers import with_requested_source_language

#: How many practices, organisations and terms a result recommends.
PRACTICES = 6
ORGANISATIONS = 4
TERMS = 6

SCALE_POINTS = 20
COUNTRY_POINTS = 20
THEME_POINTS = 10
MAX_THEMES = 3

Dimensions = PracticePage.dimensions.through
Themes = PracticePage.themes.through
Countries = PracticePage.countries.through

ZERO = Value(0, output_field=IntegerField())


@dataclass
class Recommendation:
    practice: PracticePage
    points: int
    reasons: list[str] = field(default_factory=list)


def ranked_practices(locale, scores: dict[str, int], scale="", country="", themes=()):
    """The live practices of ``locale`` annotated with their points (``sv_points``) and what
    earned them, best first. One query, however many practices there are."""
    weakness = Case(
        *[
            When(smartdimension__code=code, then=Value(100 - score))
            for code, score in scores.items()
        ],
        default=ZERO,
        output_field=IntegerField(),
    )
    addressed = (
        Dimensions.objects.filter(practicepage=OuterRef("pk"))
        .annotate(weakness=weakness)
        .order_by("-weakness", "smartdimension__sort_order", "smartdimension__code")
    )
    by_scale = Case(When(scale=scale, then=Value(SCALE_POINTS)), default=ZERO) if scale else ZERO
    by_country = (
        Case(
            When(
                Exists(Countries.objects.filter(practicepage=OuterRef("pk"), country=country)),
                then=Value(COUNTRY_POINTS),
            ),
            default=ZERO,
        )
        if country
        else ZERO
    )
    by_themes = (
        Coalesce(
            Subquery(
                Themes.objects.filter(practicepage=OuterRef("pk"), theme__code__in=list(themes))
                .order_by()
                .values("practicepage")
                .annotate(count=Count("pk"))
                .values("count")[:1],
                output_field=IntegerField(),
            ),
            ZERO,
        )
        if themes
        else ZERO
    )
    return (
        PracticePage.objects.live()
        .filter(locale=locale)
        .annotate(
            sv_weakness=Coalesce(Subquery(addressed.values("weakness")[:1]), ZERO),
            sv_dimension=Subquery(addressed.values("smartdimension__code")[:1]),
            sv_scale=by_scale,
            sv_country=by_country,
            sv_themes=by_themes,
        )
        .annotate(
            sv_points=F("sv_weakness")
            + F("sv_scale")
            + F("sv_country")
            + Least(F("sv_themes"), Value(MAX_THEMES)) * THEME_POINTS
        )
        .order_by("-sv_points", "-sv_weakness", "-first_published_at", "title", "pk")
    )


def recommend(locale, scores, scale="", country="", themes=(), limit=PRACTICES):
    """The best practices for a result, each with the reasons it is recommended, in the
    active language. Two queries: the ranking (with the cards' translation state and lead
    organisations) and the classification of the cards (labels are cached)."""
    practices = list(
        with_requested_source_language(
            ranked_practices(locale, scores, scale, country, themes)
        ).select_related("alias_of__locale", "lead_organisation__alias_of__locale")[:limit]
    )
    terms = taxonomy_terms()
    decorate(practices, terms)
    lowest = min(scores.values(), default=None)
    countries = country_terms()
    scale_label = dict(Scale.choices).get(scale, "")
    recommendations = []
    for practice in practices:
        reasons = []
        code = practice.sv_dimension
        if code and practice.sv_weakness:
            name = terms["dimension"][code].name if code in terms["dimension"] else code
            if scores.get(code) == lowest:  # the weakest, or tied with it
                reasons.append(
                    _("strengthens %(dimension)s, your weakest dimension") % {"dimension": name}
                )
            else:
                reasons.append(
                    _("strengthens %(dimension)s (your score: %(score)s/100)")
                    % {"dimension": name, "score": scores[code]}
                )
        if practice.sv_scale:
            reasons.append(_("same scale: %(scale)s") % {"scale": scale_label})
        if practice.sv_country:
            reasons.append(_("in %(country)s") % {"country": countries[country].name})
        if practice.sv_themes:
            reasons.append(_("shares %(count)s of your themes") % {"count": practice.sv_themes})
        recommendations.append(Recommendation(practice, practice.sv_points, reasons))
    return recommendations


def organisations(recommendations, limit=ORGANISATIONS):
    """The lead organisations of the recommended practices, in their order, without
    repeats (already fetched with the practices: no query)."""
    seen, found = set(), []
    for recommendation in recommendations:
        organisation = recommendation.practice.lead_organisation
        if organisation is None or organisation.pk in seen or not organisation.live:
            continue
        seen.add(organisation.pk)
        found.append(organisation)
    return found[:limit]


def glossary_terms(recommendations, limit=TERMS):
    """Glossary terms of the reader's language the recommended practices use, the most
    used first: one query."""
    ids = [recommendation.practice.pk for recommendation in recommendations]
    if not ids:
        return []
    return list(
        GlossaryTermPage.objects.live()
        .filter(usages__page_id__in=ids)
        .annotate(sv_uses=Count("usages"))
        .select_related("alias_of__locale")  # an untranslated term is marked with its language
        .order_by("-sv_uses", "title")[:limit]
    )
