"""Language-aware PostgreSQL full-text search (smartvillages/search/backends/postgres.py).

These need a real PostgreSQL (DATABASE_URL=postgres://...): SQLite's FTS5 has no stemming to
test. Without it they are skipped on a developer's machine and fail in CI, where the suite
must run on PostgreSQL."""

import pytest
from django.db import connection
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from smartvillages.search.backends.postgres import config_for_language
from tests.conftest import IN_CI

from .conftest import add_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def require_postgresql(db):
    if connection.vendor != "postgresql":
        message = "PostgreSQL search tests need DATABASE_URL=postgres://..."
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def found(code, query, page):
    with translation.override(code):
        locale = Locale.objects.get(language_code=code)
        results = get_search_backend("default").search(
            query, Page.objects.live().filter(locale=locale), operator="and"
        )
        return page.pk in [result.pk for result in results]


def test_configurations_exist_with_unaccent():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config WHERE cfgname LIKE 'sv_%'")
        names = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT to_tsvector('sv_french', 'Économies')::text")
        french = cursor.fetchone()[0]
    assert names == {"sv_french", "sv_english", "sv_italian", "sv_german", "sv_simple"}
    assert french == "'econom':1"


def test_the_active_language_chooses_the_query_configuration():
    assert config_for_language("fr") == "sv_french"
    assert config_for_language("de-at") == "sv_german"
    assert config_for_language("sl") == "sv_simple"


def test_french_plural_finds_the_singular():
    page = add_page("fr", "Maison de santé du village", "Une maison médicale partagée.")
    assert found("fr", "maisons", page)
    assert found("fr", "villages", page)
    assert found("fr", "sante", page)  # accents folded


def test_german_inflected_forms_find_their_stem():
    page = add_page("de", "Das Haus der Gemeinde", "Ein Haus für alle Vereine.")
    assert found("de", "Häuser", page)
    assert found("de", "Gemeinden", page)
    assert found("de", "Verein", page)


def test_italian_and_english_stemming():
    italian = add_page("it", "Cooperativa di comunità", "Servizi per gli abitanti.")
    english = add_page("en", "Community energy", "Villages sharing their energy.")
    assert found("it", "cooperative", italian)
    assert found("en", "village", english)


def test_slovenian_finds_accented_words_typed_without_accents():
    page = add_page("sl", "Čebelarstvo in žganjekuha", "Življenje na vasi.")
    assert found("sl", "cebelarstvo", page)
    assert found("sl", "zganjekuha", page)
    assert found("sl", "zivljenje", page)
    assert found("sl", "Življenje", page)


def test_each_object_is_indexed_with_its_own_language():
    french = add_page("fr", "Les chevaux du village", "Des chevaux.")
    slovenian = add_page("sl", "Les chevaux du village", "Des chevaux.")
    # Under the French configuration "cheval" finds "chevaux"; the Slovenian (simple) one
    # keeps words as they are.
    assert found("fr", "cheval", french)
    assert not found("sl", "cheval", slovenian)
    assert found("sl", "chevaux", slovenian)


def test_autocomplete_folds_accents():
    page = add_page("sl", "Šolski prevoz", "Prevoz.")
    with translation.override("sl"):
        locale = Locale.objects.get(language_code="sl")
        for typed in ["šol", "sol", "SOL"]:
            results = get_search_backend("default").autocomplete(
                typed, Page.objects.live().filter(locale=locale)
            )
            assert page.pk in [result.pk for result in results], typed


def test_search_page_on_postgresql(client):
    add_page("fr", "Maison de santé du village", "Une maison médicale partagée.")
    response = client.get("/fr/search/", {"q": "maisons"})
    assert "Maison de santé du village" in [
        r.page.title for r in response.context["search"].results
    ]
    assert "<mark>Maison</mark>" in response.content.decode()
