"""The read-only API (/api/v2/pages/, site/api.py): what cannot be answered is a JSON 400 or
404 with a message, never a 500 nor a redirect to /fr/api/...; valid requests still work;
requests are rate-limited per address."""

import json
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import translation
from wagtail.models import Page

from practices.models import PracticePage
from smartvillages.api import MAX_OFFSET

pytestmark = pytest.mark.django_db

LISTING = "/api/v2/pages/"
LOCALES = ", ".join(code for code, _name in django_settings.WAGTAIL_CONTENT_LANGUAGES)


@pytest.fixture
def client():
    """A client that asks for English, the language of the messages these tests compare.
    Without Accept-Language the API answers in the site's default language, French
    (test_messages_follow_the_requested_language)."""
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")


def assert_json_refusal(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert isinstance(data["message"], str) and data["message"]
    return data["message"]


# The failing inputs of issue 19 (500 on SQLite's FTS5 or PostgreSQL, or a 302 to /fr/...).
@pytest.mark.parametrize("search", ['"', "<", ">", "'", "\x00", " \x00 ", '""', "((( !!!"])
def test_a_search_without_words_is_a_400(client, search):
    message = assert_json_refusal(client.get(LISTING, {"search": search}), 400)
    assert message == "The search must contain at least one letter or digit."


def test_an_offset_too_large_for_the_database_is_a_400(client):
    response = client.get(LISTING, {"offset": "99999999999999999999999"})
    message = assert_json_refusal(response, 400)
    assert message == f"offset must be a whole number from 0 to {MAX_OFFSET}."


@pytest.mark.parametrize("path", ["/api/v2/pages/abc/", "/api/v3/", "/api/v2/images/"])
def test_any_other_address_under_the_api_is_a_json_404(client, path):
    message = assert_json_refusal(client.get(path), 404)
    assert message == "There is nothing at this address of the API."


def test_an_unknown_id_is_a_json_404_without_redirect(client):
    missing = (Page.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000
    message = assert_json_refusal(client.get(f"/api/v2/pages/{missing}/"), 404)
    assert message == "There is no public page with this id."
    assert_json_refusal(client.get("/api/v2/pages/99999999999999999999999/"), 404)
    assert_json_refusal(client.get("/api/v2/pages/find/", {"id": missing}), 404)


def test_an_unknown_locale_is_a_json_400_without_redirect(client):
    message = assert_json_refusal(client.get(LISTING, {"locale": "zz"}), 400)
    assert message == f"Unknown locale; the locales are: {LOCALES}."


def test_the_public_site_keeps_its_language_redirect():
    from django.test import Client

    response = Client().get("/search/")
    assert response.status_code == 302
    assert response.url == "/fr/search/"


def test_an_unknown_api_address_is_not_redirected(client):
    assert client.get("/api/v2/nothing-here/").status_code == 404


@pytest.mark.parametrize(
    ("name", "value", "maximum"),
    [
        ("offset", "-1", MAX_OFFSET),
        ("offset", "+1", MAX_OFFSET),
        ("offset", " 1", MAX_OFFSET),
        ("offset", "1.5", MAX_OFFSET),
        ("offset", "١", MAX_OFFSET),  # an Arabic-Indic digit, which int() would take
        ("offset", "1_000", MAX_OFFSET),
        ("offset", "9" * 5000, MAX_OFFSET),  # more digits than int() converts
        ("offset", str(MAX_OFFSET + 1), MAX_OFFSET),
        ("limit", "", 20),
        ("limit", "21", 20),  # Wagtail's own maximum (WAGTAILAPI_LIMIT_MAX) is kept
        ("limit", "1e3", 20),
    ],
)
def test_offset_and_limit_are_bounded_whole_numbers(client, name, value, maximum):
    message = assert_json_refusal(client.get(LISTING, {name: value}), 400)
    assert message == f"{name} must be a whole number from 0 to {maximum}."


def test_offset_and_limit_at_their_bounds(client):
    data = client.get(LISTING, {"offset": MAX_OFFSET, "limit": 20}).json()
    assert data["items"] == [] and data["meta"]["total_count"] > 0
    assert len(client.get(LISTING, {"offset": "0", "limit": "20"}).json()["items"]) == 20
    assert client.get(LISTING, {"limit": "0"}).json()["items"] == []


def test_other_refusals(client):
    message = assert_json_refusal(
        client.get(LISTING, {"search": "eau", "search_operator": "x"}), 400
    )
    assert message == 'search_operator must be "and" or "or".'
    message = assert_json_refusal(client.get(LISTING, {"title": "a\x00b"}), 400)
    assert message == "Query parameters cannot contain null characters."
    message = assert_json_refusal(client.get("/api/v2/pages/find/", {"id": "abc"}), 400)
    assert message == "id must be a whole number."
    assert_json_refusal(client.get("/api/v2/pages/find/", {"html_path": "/\x00/"}), 400)
    message = assert_json_refusal(client.get(LISTING, {"fields": "a(" * 11 + ")" * 11}), 400)
    assert message == "fields cannot be nested more than 10 levels deep."


# Hostile values for every parameter: never a 5xx, never a "<" in the answer.
HOSTILE = [
    ("search", '"'),
    ("search", "'"),
    ("search", "l'eau"),
    ("search", "mobilit\x00é"),
    ("search", '"mobilit'),
    ("search", "mobilit*"),
    ("search", "NEAR(a b)"),
    ("search", "a AND OR NOT b"),
    ("search", "-mobilit"),
    ("search", "^x:y"),
    ("search", "<script>alert(1)</script>"),
    ("search", "\\"),
    ("search", "x" * 5000),
    ("raw", "search=%ED%A0%80"),  # a lone surrogate, as UTF-8
    ("raw", "search=%FF%FE%00"),
    ("raw", "search"),
    ("raw", "locale"),
    ("raw", "offset=1&offset=99999999999999999999999"),
    ("raw", "%3Cx%3E=%3Cy%3E"),
    ("search", "é" * 300 + "'" * 300),
    ("offset", "99999999999999999999999"),
    ("offset", "-99999999999999999999999"),
    ("offset", "<b>"),
    ("offset", "NaN"),
    ("limit", "99999999999999999999999"),
    ("limit", "<1>"),
    ("limit", "\x00"),
    ("locale", "zz"),
    ("locale", "<fr>"),
    ("locale", "fr\x00"),
    ("locale", "FR"),
    ("locale", "x" * 5000),
    ("type", "<script>"),
    ("type", "practices.PracticePage,"),
    ("type", "practices.<Nope>"),
    ("type", "wagtailcore.Page,auth.User"),
    ("type", "a.b.c"),
    ("type", "\x00"),
    ("fields", "<script>"),
    ("fields", "*,<b>(x)"),
    ("fields", "title(<x>)"),
    ("fields", "((((((("),
    ("fields", "a(" * 2000),
    ("fields", "_,-id,-id"),
    ("order", "<b>"),
    ("order", "random"),
    ("order", "-title,<x>"),
    ("order", "id;drop table x"),
    ("child_of", "99999999999999999999999"),
    ("descendant_of", "<1>"),
    ("translation_of", "-1"),
    ("id", "99999999999999999999999"),
    ("site", "<x>"),
    ("rich_text_format", "<x>"),
    ("<x>", "1"),
    ("search_operator", "<and>"),
]


@pytest.mark.parametrize(("name", "value"), HOSTILE)
def test_hostile_parameters_are_answered_in_json(client, name, value):
    response = client.get(LISTING + "?" + (value if name == "raw" else urlencode({name: value})))
    assert response.status_code < 500
    assert response["Content-Type"] == "application/json"
    assert b"<" not in response.content and b">" not in response.content
    json.loads(response.content)  # still valid JSON once escaped
    if response.status_code >= 400:
        assert json.loads(response.content)["message"]


@pytest.mark.parametrize("path", ["/api/v2/pages/{pk}/", "/api/v2/pages/find/"])
@pytest.mark.parametrize(("name", "value"), HOSTILE[::3])
def test_hostile_parameters_on_detail_and_find(client, path, name, value):
    page = PracticePage.objects.live().filter(locale__language_code="fr").first()
    query = value if name == "raw" else urlencode({name: value})
    response = client.get(path.format(pk=page.pk) + "?" + query)
    assert response.status_code < 500
    assert b"<" not in response.content


def test_echoed_markup_is_escaped_but_reads_the_same(client):
    response = client.get(LISTING, {"order": "<b>"})
    assert b"\\u003cb\\u003e" in response.content
    assert response.json()["message"] == "cannot order by '<b>' (unknown field)"  # Wagtail's


def test_practices_by_type_and_locale(client):
    response = client.get(LISTING, {"type": "practices.PracticePage", "locale": "it"})
    assert response.status_code == 200
    data = response.json()
    italian = PracticePage.objects.live().public().filter(locale__language_code="it")
    assert data["meta"]["total_count"] == italian.count() > 20
    assert {item["meta"]["locale"] for item in data["items"]} == {"it"}
    assert {item["meta"]["type"] for item in data["items"]} == {"practices.PracticePage"}
    assert response["Cache-Control"] == "private, max-age=60"


@pytest.mark.parametrize(("locale", "word"), [("fr", "mobilité"), ("it", "mobilità")])
def test_search_finds_practices(locale, word):
    """A reader of that language (the search analyses the query in the request's language;
    see the closing note of issue 19 item 1 about ``locale`` alone)."""
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE=locale)
    params = {"type": "practices.PracticePage", "locale": locale, "search": word}
    data = client.get(LISTING, params).json()
    assert data["meta"]["total_count"] > 0
    assert {item["meta"]["locale"] for item in data["items"]} == {locale}
    found = {item["id"] for item in data["items"]}
    # Quotes, brackets and control characters are cleaned away as on the search page.
    for noisy in [f'"{word}', f"{word}\x00", f"  {word}\u200b  ", f"({word})", f"{word}*"]:
        again = client.get(LISTING, {**params, "search": noisy}).json()
        assert {item["id"] for item in again["items"]} == found, noisy


def test_search_by_stem_on_postgresql(client):
    """PostgreSQL stems French ("mobilit" finds "mobilité"); SQLite's FTS5 backend matches
    whole words only, on the search page as in the API."""
    if connection.vendor != "postgresql":
        pytest.skip("stemming is the PostgreSQL backend's")
    params = {"type": "practices.PracticePage", "locale": "fr", "search": "mobilit"}
    assert client.get(LISTING, params).json()["meta"]["total_count"] > 0


def test_detail_of_a_practice(client):
    page = PracticePage.objects.live().filter(locale__language_code="it").first()
    response = client.get(f"/api/v2/pages/{page.pk}/")
    assert response.status_code == 200
    assert response.json()["meta"]["locale"] == "it"


def test_messages_follow_the_requested_language(client):
    response = client.get(LISTING, {"locale": "zz"}, HTTP_ACCEPT_LANGUAGE="it")
    with translation.override("it"):
        expected = translation.gettext("Unknown locale; the locales are: %(locales)s.")
    assert response.json()["message"] == expected % {"locales": LOCALES}
    assert response["Content-Language"] == "it"
    assert "Accept-Language" in response["Vary"]
    from django.test import Client

    response = Client().get(LISTING, {"locale": "zz"})
    with translation.override("fr"):
        expected = translation.gettext("Unknown locale; the locales are: %(locales)s.")
    assert response.json()["message"] == expected % {"locales": LOCALES}
    assert response.json()["message"].startswith("Langue inconnue")


def test_rate_limit(client, settings):
    settings.API_RATE = "3/m"
    address = "198.51.100.77"
    for _ in range(3):
        assert client.get(LISTING, {"limit": 1}, REMOTE_ADDR=address).status_code == 200
    response = client.get(LISTING, {"limit": 1}, REMOTE_ADDR=address)
    message = assert_json_refusal(response, 429)
    assert message.startswith("Too many requests were sent from your connection")
    assert response["Cache-Control"] == "no-store"
    # Every API address counts, and another address has its own budget.
    assert client.get("/api/v2/pages/find/", REMOTE_ADDR=address).status_code == 429
    assert client.get(LISTING, {"limit": 1}, REMOTE_ADDR="198.51.100.78").status_code == 200
