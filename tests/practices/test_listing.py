"""The practice listing: filters, counts, pagination, sorting, locale isolation, map data,
and a number of queries that does not grow with the number of practices."""

import datetime

import pytest
from django.utils import translation

from practices.factories import PracticePageFactory
from practices.models import PracticePage, Theme
from practices.queries import PracticeFilter
from smartvillages.typography import french_text
from tests.conftest import translated

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(empty_library):
    """Four practices with known classification."""
    theme = Theme.objects.get(locale__language_code="fr", code="mobility")
    a = PracticePageFactory(
        parent=empty_library, title="Alpha", dimensions=["mobility"], countries=["FR"]
    )
    a.themes.set([theme])
    a.save()
    PracticePageFactory(
        parent=empty_library, title="Bravo", dimensions=["mobility", "people"], countries=["IT"]
    )
    PracticePageFactory(
        parent=empty_library,
        title="Charlie",
        dimensions=["people"],
        countries=["FR"],
        end_date=datetime.date(2020, 1, 1),
        scale="region",
    )
    PracticePageFactory(parent=empty_library, title="Delta", dimensions=["economy"])
    return empty_library


def titles(response):
    return [practice.title for practice in response.context["practices"]]


def get(client, library, query=""):
    response = client.get(library.url + (f"?{query}" if query else ""))
    assert response.status_code == 200
    return response


def test_all_practices_without_filter(client, sample):
    response = get(client, sample, "sort=title")
    assert titles(response) == ["Alpha", "Bravo", "Charlie", "Delta"]
    assert response.context["paginator"].count == 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dimension=mobility", ["Alpha", "Bravo"]),
        ("dimension=people", ["Bravo", "Charlie"]),
        ("country=FR", ["Alpha", "Charlie"]),
        ("theme=mobility", ["Alpha"]),
        ("scale=region", ["Charlie"]),
        ("status=finished", ["Charlie"]),
        ("status=ongoing", ["Alpha", "Bravo", "Delta"]),
        ("dimension=people&country=FR", ["Charlie"]),
        ("dimension=mobility&country=FR&status=ongoing", ["Alpha"]),
        ("dimension=economy&country=IT", []),
    ],
)
def test_filters_and_combinations(client, sample, query, expected):
    assert titles(get(client, sample, query + "&sort=title")) == expected


def test_empty_result_says_so(client, sample):
    html = get(client, sample, "dimension=economy&country=IT").content.decode()
    with translation.override("fr"):
        assert translation.gettext("No practice matches these filters.") in html


@pytest.mark.parametrize(
    "query",
    [
        "dimension=nonexistent",
        "country=XX&scale=galaxy&status=maybe",
        "page=999",
        "page=abc",
        "page=-1",
        "sort=random",
        "dimension=%00",
        "dimension=mobility&dimension=people",
        "theme=" + "x" * 3000,
    ],
)
def test_invalid_parameters_give_a_normal_page(client, sample, query):
    response = get(client, sample, query)
    assert len(response.context["practices"]) >= 1


def test_counts_per_option_follow_the_other_filters(sample):
    counts = PracticeFilter({}, sample).facet_counts()
    assert counts["dimension"]["mobility"] == 2
    assert counts["dimension"]["people"] == 2
    assert counts["country"] == {"FR": 2, "IT": 1}
    assert counts["status"] == {"ongoing": 3, "finished": 1}
    # with a country chosen, the dimension counts are those of that country; the country
    # counts still show the other countries (they ignore their own filter)
    counts = PracticeFilter({"country": "FR"}, sample).facet_counts()
    assert counts["dimension"] == {"mobility": 1, "people": 1}
    assert counts["country"] == {"FR": 2, "IT": 1}


def test_options_show_their_counts_in_the_form(client, sample):
    html = get(client, sample, "country=FR").content.decode()
    assert '<option value="mobility">Mobilité intelligente (1)</option>' in html
    assert '<option value="FR" selected>France (2)</option>' in html


def test_pagination_keeps_the_filters(client, empty_library):
    empty_library.per_page = 4
    empty_library.save()
    for number in range(10):
        PracticePageFactory(parent=empty_library, title=f"P{number:02}", dimensions=["people"])
    response = get(client, empty_library, "dimension=people&sort=title&page=3")
    assert titles(response) == ["P08", "P09"]
    assert response.context["previous_query"] == "dimension=people&sort=title&page=2"
    html = response.content.decode()
    assert 'href="?dimension=people&amp;sort=title&amp;page=1"' in html


def test_sort_newest_first(client, sample):
    assert titles(get(client, sample))[0] == "Delta"


def test_works_without_javascript(client, sample):
    html = get(client, sample).content.decode()
    assert f'<form class="library-filters" method="get" action="{sample.url}"' in html
    assert '<button type="submit"' in html
    assert "<script>" not in html  # the CSP forbids inline scripts


@pytest.mark.parametrize("query", ["", "?dimension=people&country=FR&sort=title&page=2"])
def test_query_count_is_the_same_with_5_and_100_practices(
    client, empty_library, query, max_queries
):
    for _number in range(5):
        PracticePageFactory(parent=empty_library, dimensions=["people"], countries=["FR"])
    url = empty_library.url + query
    with_5 = max_queries.get(client, url, 15)
    for _number in range(95):
        PracticePageFactory(
            parent=empty_library, dimensions=["people", "mobility"], countries=["FR", "IT"]
        )
    assert max_queries.get(client, url, with_5) == with_5


@pytest.mark.parametrize(
    "slug, language",
    [("smart-villages", "fr"), ("smart-villages", "de"), ("pratique-en-attente", "it")],
)
def test_detail_query_count_does_not_depend_on_the_library(
    client, library_fr, untranslated_practice, slug, language, max_queries
):
    """At most 15 queries for a practice, translated (fr, de) or an alias (it)."""
    page = translated(PracticePage, slug, language)
    assert bool(page.alias_of_id) == (language == "it")
    before = max_queries.get(client, page.url, 15)
    for _number in range(20):
        PracticePageFactory(parent=library_fr, dimensions=["governance"], countries=["FR"])
    assert max_queries.get(client, page.url, before) == before


# Locale isolation --------------------------------------------------------------------------


def test_italian_listing_labels_untranslated_practices(client, untranslated_practice):
    response = client.get("/it/pratiche/?sort=title&dimension=living")
    assert response.status_code == 200
    practices = response.context["practices"]
    assert all(practice.locale.language_code == "it" for practice in practices)
    untranslated = [p for p in practices if p.alias_of_id]
    assert untranslated
    html = response.content.decode()
    with translation.override("it"):
        label = translation.gettext("Not yet translated: in %(language)s") % {
            "language": translation.get_language_info("fr")["name_translated"]
        }
    assert html.count(label) == len(
        [p for p in untranslated if p.alias_of.locale.language_code == "fr"]
    )
    alias = untranslated[0]
    assert f'<h3 class="practice-card__title" lang="fr"><a href="{alias.url}">' in html


def test_translated_practice_is_not_labelled(client):
    page = PracticePage.objects.get(
        slug="smart-villages", locale__language_code="it", alias_of__isnull=True
    )
    response = client.get("/it/pratiche/?sort=title&page=1")
    cards = {p.pk: p for p in response.context["practices"]}
    if page.pk in cards:
        assert cards[page.pk].source_language is None
    html = client.get(page.url).content.decode()
    assert "alias-notice" not in html


def test_french_only_practice_is_never_shown_as_italian_on_its_page(client, untranslated_practice):
    alias = translated(PracticePage, untranslated_practice.slug, "it")
    assert alias.alias_of_id == untranslated_practice.pk
    html = client.get(alias.url).content.decode()
    assert "alias-notice" in html
    assert '<div lang="fr">' in html
    assert '<meta name="robots" content="noindex">' in html


def test_english_source_practice_is_labelled_in_french_listing(
    client, untranslated_english_practice
):
    page = untranslated_english_practice
    alias = PracticePage.objects.get(
        translation_key=page.translation_key, locale__language_code="fr"
    )
    assert alias.alias_of_id == page.pk and alias.live
    html = client.get("/fr/pratiques/?dimension=people&sort=title").content.decode()
    assert f'<h3 class="practice-card__title" lang="en"><a href="{alias.url}">' in html
    with translation.override("fr"):
        label = translation.gettext("Not yet translated: in %(language)s") % {
            "language": translation.get_language_info("en")["name_translated"]
        }
    assert french_text(label) in html  # French pages get narrow no-break spaces


# Map ---------------------------------------------------------------------------------------


def test_geojson_follows_the_filters(client, sample):
    alpha = PracticePage.objects.get(title="Alpha", locale__language_code="fr")
    alpha.latitude, alpha.longitude = 45.2, 5.7
    alpha.save()
    bravo = PracticePage.objects.get(title="Bravo", locale__language_code="fr")
    bravo.latitude, bravo.longitude = 45.5, 7.3
    bravo.save()
    url = sample.url + "geojson/"
    data = client.get(url).json()
    assert {f["properties"]["title"] for f in data["features"]} == {"Alpha", "Bravo"}
    data = client.get(url + "?country=IT").json()
    assert [f["properties"]["title"] for f in data["features"]] == ["Bravo"]
    assert data["features"][0]["geometry"] == {"type": "Point", "coordinates": [7.3, 45.5]}


def test_listing_passes_map_settings_as_data_attributes(client, sample):
    html = get(client, sample, "country=FR").content.decode()
    assert f'data-geojson="{sample.url}geojson/?country=FR"' in html
    assert 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in html


def test_csp_allows_the_tile_server(client, sample):
    response = get(client, sample)
    policy = response["Content-Security-Policy"]
    img_src = next(part for part in policy.split(";") if part.strip().startswith("img-src"))
    assert "https://tile.openstreetmap.org" in img_src


def test_requested_translation_stays_labelled_until_published(
    client, django_capture_on_commit_callbacks, untranslated_practice
):
    """Requesting a translation turns the Italian alias into a live page that still shows
    the French text (wagtail-localize): the listing keeps labelling it until it is published."""
    from wagtail.models import Locale
    from wagtail_localize.operations import translate_object

    alias = translated(PracticePage, untranslated_practice.slug, "it")
    assert alias.alias_of_id
    source = alias.alias_of.specific
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(source, [Locale.objects.get(language_code="it")])
    alias.refresh_from_db()
    assert alias.alias_of_id is None and alias.live

    index = alias.get_parent().specific
    index.per_page = 60  # the whole library (48 practices) on one page
    index.save()
    url = "/it/pratiche/?sort=title&dimension=living"
    response = client.get(url)
    cards = {p.pk: p for p in response.context["practices"]}
    assert alias.pk in cards
    assert cards[alias.pk].source_language == "fr"
    assert f'<h3 class="practice-card__title" lang="fr"><a href="{alias.url}">' in (
        response.content.decode()
    )
    assert "alias-notice" in client.get(alias.url).content.decode()

    alias.title = "Trampolino stagione"
    with django_capture_on_commit_callbacks(execute=True):
        alias.save_revision().publish()
    response = client.get(url)
    cards = {p.pk: p for p in response.context["practices"]}
    assert cards[alias.pk].source_language is None
    assert "alias-notice" not in client.get(alias.url).content.decode()
