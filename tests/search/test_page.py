"""The search page and the autocomplete endpoint on the database backend (the default)."""

import html
import re

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from smartvillages.search.service import MAX_QUERY_LENGTH, PER_PAGE, clean_query

from .conftest import add_page

pytestmark = pytest.mark.django_db


def test_search_page_finds_pages_of_the_active_locale_only(client):
    add_page("fr", "Covoiturage solidaire en vallée", "Un service de covoiturage entre villages.")
    add_page("de", "Mitfahrzentrale im Tal", "Covoiturage auf Deutsch: Mitfahren zwischen Dörfern.")

    response = client.get("/fr/search/", {"q": "covoiturage"})

    assert response.status_code == 200
    titles = [result.page.title for result in response.context["search"].results]
    assert "Covoiturage solidaire en vallée" in titles
    assert "Mitfahrzentrale im Tal" not in titles
    body = response.content.decode()
    assert "<mark>Covoiturage</mark> solidaire" in body
    assert 'name="robots" content="noindex"' in body


def test_results_show_type_facet_with_counts_and_filter_by_type(client):
    add_page("en", "Geothermal cooperative", "A village geothermal cooperative.")
    add_page("en", "Geothermal advice", "Geothermal advice for residents.")

    response = client.get("/en/search/", {"q": "geothermal"})
    search = response.context["search"]
    assert search.total == 2
    type_facet = next(group for group in search.facets if group.param == "type")
    standard = next(value for value in type_facet.values if value.value == "home.standardpage")
    assert standard.count == 2
    assert standard.url.startswith("?") and "type=home.standardpage" in standard.url

    filtered = client.get("/en/search/", {"q": "geothermal", "type": "home.standardpage"})
    assert filtered.context["search"].total == 2
    nothing = client.get("/en/search/", {"q": "geothermal", "type": "home.homepage"})
    assert nothing.context["search"].total == 0
    assert nothing.status_code == 200


def test_unknown_filters_are_ignored_not_errors(client):
    add_page("en", "Energy cooperative", "A village energy cooperative.")
    response = client.get(
        "/en/search/",
        {"q": "energy", "type": "nosuch.model", "dimension": "<b id=zz>", "page": "x"},
    )
    assert response.status_code == 200
    assert "<b id=zz>" not in response.content.decode()


def test_pagination(client):
    for number in range(PER_PAGE + 3):
        add_page(
            "it", f"Rifugio alpino numero {number}", "Un rifugio alpino.", slug=f"rif-{number}"
        )
    first = client.get("/it/search/", {"q": "rifugio"})
    second = client.get("/it/search/", {"q": "rifugio", "page": 2})
    assert first.context["search"].total == PER_PAGE + 3
    assert len(first.context["search"].results) == PER_PAGE
    assert len(second.context["search"].results) == 3
    assert 'rel="next"' in first.content.decode()
    ids_first = {result.page.pk for result in first.context["search"].results}
    ids_second = {result.page.pk for result in second.context["search"].results}
    assert not ids_first & ids_second


def test_alias_results_are_labelled_with_their_source_language(client):
    from wagtail_localize.synctree import create_aliases_for_new_page

    # A word no demo page uses, so the alias is the only result.
    page = add_page("fr", "Tiers-lieu Zorglubien", "Un tiers-lieu zorglubien ouvert toute l'année.")
    create_aliases_for_new_page(page)

    response = client.get("/sl/search/", {"q": "zorglubien"})
    results = response.context["search"].results
    assert [result.source_language for result in results] == ["fr"]
    body = response.content.decode()
    assert 'lang="fr"' in body
    assert "Français" in body


def test_excerpts_and_titles_are_escaped(client):
    add_page("en", "<script>alert(1)</script> village", "Village <img src=x onerror=alert(1)>")
    response = client.get("/en/search/", {"q": "village <script>"})
    body = response.content.decode()
    assert "<script>alert(1)" not in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


SHORTENED_NOTE = f"Your search was shortened to {MAX_QUERY_LENGTH} characters."
NO_WORD_MESSAGE = "Please type at least one letter or digit to search."


def test_a_5000_character_query_is_searched_cut_to_the_limit_with_a_note(client):
    raw = "village " * 625
    assert len(raw) == 5000
    response = client.get("/en/search/", {"q": raw})
    assert response.status_code == 200
    search = response.context["search"]
    # Cut at MAX_QUERY_LENGTH (200) characters: 25 words of 7 letters and their spaces.
    assert search.query == " ".join(["village"] * 25)
    assert (search.shortened, search.searched) == (True, True)
    body = html.unescape(response.content.decode())
    assert SHORTENED_NOTE in body
    assert f"for “{search.query}”" in body
    assert NO_WORD_MESSAGE not in body


def test_a_5000_character_query_without_a_word_gives_the_note_and_the_message(client):
    response = client.get("/en/search/", {"q": "<" * 5000})
    assert response.status_code == 200
    search = response.context["search"]
    assert search.query == "<" * MAX_QUERY_LENGTH
    assert (search.shortened, search.searched, search.total) == (True, False, 0)
    body = response.content.decode()
    assert SHORTENED_NOTE in body
    assert NO_WORD_MESSAGE in body
    assert "<" * 10 not in body  # the query is echoed escaped


def test_clean_query_removes_control_characters():
    assert clean_query("a\x00b\u200bc\r\nd") == ("a b c d", False)
    assert clean_query("\ud800abc") == ("abc", False)
    assert clean_query(None) == ("", False)


def test_empty_and_symbol_only_queries_give_a_message(client):
    empty = client.get("/de/search/")
    assert empty.status_code == 200 and not empty.context["search"].searched
    symbols = client.get("/de/search/", {"q": "((( !!! ***"})
    assert symbols.status_code == 200
    assert not symbols.context["search"].searched


def test_queries_are_logged_for_editors(client):
    add_page("en", "Energy cooperative", "A village energy cooperative.")
    client.get("/en/search/", {"q": "Energy  Cooperative"})
    client.get("/en/search/", {"q": "energy cooperative"})
    assert Query.objects.get(query_string="energy cooperative").hits == 2


def test_promoted_results_are_shown_in_the_active_language(client):
    from wagtail_localize.synctree import create_aliases_for_new_page

    page = add_page("fr", "Appel à manifestation d'intérêt", "Candidater.")
    create_aliases_for_new_page(page)
    SearchPromotion.objects.create(
        query=Query.get("candidature"), page=page, description="Promoted by the editors."
    )
    response = client.get("/it/search/", {"q": "Candidature"})
    promotions = response.context["search"].promotions
    assert len(promotions) == 1
    assert promotions[0]["url"].startswith("/it/")
    assert "Promoted by the editors." in response.content.decode()


def test_result_page_query_count_does_not_grow_with_results(client, max_queries):
    for number in range(3):
        add_page("en", f"Mountain hut {number}", "A hut.", slug=f"hut-{number}")
    # Counts are taken warm (content types, site root paths, and the cached menu, which new
    # pages renew).
    few = max_queries.get(client, "/en/search/", 30, data={"q": "hut"})
    for number in range(3, 3 + PER_PAGE):
        add_page("en", f"Mountain hut {number}", "A hut.", slug=f"hut-{number}")
    assert client.get("/en/search/", {"q": "hut"}).context["search"].total == 3 + PER_PAGE
    max_queries.get(client, "/en/search/", min(30, few + 1), data={"q": "hut"})


def test_search_box_is_in_the_header_of_every_page(client):
    body = client.get("/sl/").content.decode()
    form = re.search(r'<form class="search-box"[^>]*>', body).group(0)
    assert 'action="/sl/search/"' in form
    assert 'data-suggest-url="/sl/search/suggest/"' in form
    assert "search/search.js" in body
    assert "<script>" not in body  # no inline script (CSP)


def test_suggestions_are_json_titles_of_the_active_locale(client):
    add_page("sl", "Šolski prevoz na podeželju", "Prevoz otrok v šolo.")
    add_page("de", "Schulbus im Dorf", "Schulbus.")
    response = client.get("/sl/search/suggest/", {"q": "Šol"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    titles = [item["title"] for item in response.json()["suggestions"]]
    assert "Šolski prevoz na podeželju" in titles
    assert "Schulbus im Dorf" not in titles
    assert all(item["url"].startswith("/sl/") for item in response.json()["suggestions"])


def test_suggestions_for_short_or_hostile_input_are_empty(client):
    # "<" * 5000 is cut to 200 characters, none of them a letter or digit: nothing is looked up.
    for query in ["", "a", "\x00\x00", "'\"", "<" * 5000]:
        response = client.get("/fr/search/suggest/", {"q": query})
        assert response.status_code == 200
        assert response.json() == {"suggestions": []}, query[:10]


def test_healthz_reports_search(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["search"] == "ok"


def test_language_switcher_keeps_the_query(client):
    body = client.get("/fr/search/", {"q": "village"}).content.decode()
    assert 'href="/sl/search/?q=village"' in body
