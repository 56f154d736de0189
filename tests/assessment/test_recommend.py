"""Ranking of practices for a result, table-driven: scores and context -> top practices with
their reasons. The demo's practices are unpublished for these tests (rolled back), so each
table ranks only its own practices."""

import pytest
from django.utils import translation

from assessment.recommend import ranked_practices, recommend
from practices.factories import PracticePageFactory
from practices.models import PracticePage

SCORES = {
    "governance": 20,
    "people": 80,
    "living": 50,
    "environment": 90,
    "economy": 60,
    "mobility": 10,
}

#: title: (dimensions, scale, countries, themes)
PRACTICES = {
    "Aa mobility village FR": (["mobility"], "village", ["FR"], []),
    "Bb governance region IT": (["governance"], "region", ["IT"], []),
    "Cc environment village IT": (["environment"], "village", ["IT"], []),
    "Dd mobility people region FR": (["mobility", "people"], "region", ["FR"], []),
    "Ee economy municipality AT": (["economy"], "municipality", ["AT"], ["mobility", "housing"]),
}


@pytest.fixture
def library(db):
    from practices.models import PracticeIndexPage

    library_fr = PracticeIndexPage.objects.get(locale__language_code="fr", alias_of__isnull=True)
    with translation.override("fr"):
        PracticePage.objects.update(live=False)
        from practices.models import Theme

        for title, (dimensions, scale, countries, themes) in PRACTICES.items():
            page = PracticePageFactory(
                parent=library_fr,
                title=title,
                scale=scale,
                dimensions=dimensions,
                countries=countries,
            )
            if themes:
                page.themes.set(Theme.objects.filter(locale=page.locale, code__in=themes))
                page.save()  # a ParentalManyToManyField is stored on save
        yield library_fr


def titles(locale, scores=SCORES, **context):
    return [p.title for p in ranked_practices(locale, scores, **context)]


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        # weakness of the weakest dimension addressed: mobility 90, governance 80, ...
        (
            {},
            [
                "Aa mobility village FR",
                "Dd mobility people region FR",
                "Bb governance region IT",
                "Ee economy municipality AT",
                "Cc environment village IT",
            ],
        ),
        # same scale (+20) and same country (+20)
        (
            {"scale": "village", "country": "IT"},
            [
                "Aa mobility village FR",
                "Bb governance region IT",
                "Dd mobility people region FR",
                "Cc environment village IT",
                "Ee economy municipality AT",
            ],
        ),
        # a country no practice took place in: the order of the weaknesses, and the scale
        (
            {"scale": "region", "country": "LI"},
            [
                "Dd mobility people region FR",
                "Bb governance region IT",
                "Aa mobility village FR",
                "Ee economy municipality AT",
                "Cc environment village IT",
            ],
        ),
        # two shared themes: +20 lifts the economy practice from 40 to 60, still below 80
        (
            {"themes": ["mobility", "housing"]},
            [
                "Aa mobility village FR",
                "Dd mobility people region FR",
                "Bb governance region IT",
                "Ee economy municipality AT",
                "Cc environment village IT",
            ],
        ),
    ],
)
def test_ranking(library, context, expected):
    assert titles(library.locale, **context) == expected


def test_ties_go_to_the_title(library):
    """Aa and Dd both address mobility with no context: equal points, Aa first by title."""
    ranked = list(ranked_practices(library.locale, SCORES))
    assert [p.sv_points for p in ranked[:2]] == [90, 90]
    assert [p.title for p in ranked[:2]] == [
        "Aa mobility village FR",
        "Dd mobility people region FR",
    ]


def test_a_weak_dimension_without_practices(library):
    """Nobody practises governance here: the weakest dimension (governance at 0) brings
    nothing, the next weakest comes first, and its reason gives its score."""
    PracticePage.objects.filter(title__startswith="Bb").update(live=False)
    scores = SCORES | {"governance": 0}
    with translation.override("en"):
        found = recommend(library.locale, scores)
    assert found[0].practice.title == "Aa mobility village FR"
    assert found[0].reasons == ["strengthens Smart mobility (your score: 10/100)"]


def test_reasons_in_the_readers_language(library):
    with translation.override("en"):
        found = recommend(library.locale, SCORES, scale="village", country="FR")
        economy = next(
            item
            for item in recommend(library.locale, SCORES, themes=["housing", "health"])
            if item.practice.title.startswith("Ee")
        )
    assert found[0].practice.title == "Aa mobility village FR"
    assert found[0].reasons == [
        "strengthens Smart mobility, your weakest dimension",
        "same scale: Village",
        "in France",
    ]
    assert economy.reasons == [
        "strengthens Smart economy (your score: 60/100)",
        "shares 1 of your themes",
    ]


def test_one_query_whatever_the_number_of_practices(library, django_assert_num_queries):
    locale = library.locale  # read before counting: the page's locale is a query of its own
    context = {"scale": "village", "country": "FR", "themes": ["mobility"]}
    with django_assert_num_queries(1):
        assert len(list(ranked_practices(locale, SCORES, **context))) == 5
    for number in range(10):
        PracticePageFactory(parent=library, title=f"Zz {number}", dimensions=["living"])
    with django_assert_num_queries(1):
        assert len(list(ranked_practices(locale, SCORES, **context))) == 15
