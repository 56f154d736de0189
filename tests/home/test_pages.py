"""The general pages as readers see them, in each of the five languages."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.utils import translation

from home.models import StandardPage
from tests.conftest import translated as page_in

LANGUAGES = [code for code, _name in settings.LANGUAGES]

pytestmark = pytest.mark.django_db


def translated(message, code):
    with translation.override(code):
        return translation.gettext(message)


@pytest.mark.parametrize("code", LANGUAGES)
def test_home_page_in_each_language(client, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}"' in html
    skip = translated("Skip to content", code)
    if code != "en":
        assert skip != "Skip to content", f"no {code} translation in the catalog"
    assert skip in html
    assert translated("Main navigation", code) in html


@pytest.mark.parametrize("code", LANGUAGES)
def test_standard_pages_are_real_translations(client, code):
    """The demo's about page exists as a real translation (not an alias) in every language."""
    response = client.get(page_in(StandardPage, "a-propos", code).url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="robots" content="noindex"' not in html
    page = response.context["page"]
    assert page.locale.language_code == code
    assert page.alias_of_id is None
    if code != "fr":
        assert page.title != "À propos"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("sl", "/sl/"),
        ("de-AT,de;q=0.9,en;q=0.5", "/de/"),
        ("it-IT", "/it/"),
        ("en-GB,en;q=0.8", "/en/"),
        ("ja", "/fr/"),
        ("", "/fr/"),
    ],
)
def test_root_redirects_by_accept_language(client, accept, expected):
    headers = {"Accept-Language": accept} if accept else {}
    response = client.get("/", headers=headers)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_language_switcher_links_every_translation(client):
    html = client.get("/fr/a-propos/").content.decode()
    for code, slug in (("en", "about"), ("it", "chi-siamo"), ("de", "ueber-uns"), ("sl", "o-nas")):
        assert f'<a href="/{code}/{slug}/" lang="{code}" hreflang="{code}">' in html
    assert 'aria-current="true">Français<' in html


def test_hreflang_alternates_list_real_translations(client):
    html = client.get("/de/ueber-uns/").content.decode()
    for code in LANGUAGES:
        assert f'hreflang="{code}" href="http://' in html


def test_main_navigation_is_in_the_active_locale(client):
    sl_home = client.get("/sl/").context["page"]
    about_sl = sl_home.get_children().get(slug="o-nas")
    html = client.get("/sl/").content.decode()
    assert f'<a href="/sl/o-nas/">{about_sl.title}</a>' in html
    assert "À propos" not in html


def test_footer_comes_from_the_active_locale(client):
    from home.models import FooterText

    footer = FooterText.objects.get(locale__language_code="it")
    html = client.get("/it/").content.decode()
    assert str(footer.body)[:40] in html


def test_edited_footer_shows_at_once(client):
    """The footer is cached with the menu (home/frame.py); saving it renews the cache."""
    from home.models import FooterText

    client.get("/it/")
    footer = FooterText.objects.get(locale__language_code="it")
    footer.body = "<p>Nuovo indirizzo: Grenoble, Isère.</p>"
    footer.save()
    assert "Nuovo indirizzo: Grenoble, Isère." in client.get("/it/").content.decode()


def test_not_found_page_is_translated(client):
    response = client.get("/sl/ta-stran-ne-obstaja/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="sl"' in html
    assert translated("Page not found", "sl") in html
    assert translated("Page not found", "sl") != "Page not found"


@pytest.mark.parametrize("code", LANGUAGES)
def test_not_found_page_is_the_sites_own(client, code):
    """The site's 404 page, in the site's frame and stylesheet, with a way home. Its only CSS
    is the site's stylesheet: no inline style (the CSP forbids it) for a browser or a
    validator to trip on."""
    response = client.get(f"/{code}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    main = html[html.index('<main id="main"') : html.index("</main>")]
    assert re.search(r"<h1>(.*?)</h1>", main)[1] == translated("Page not found", code)
    home_link = re.search(rf'<a href="/{code}/">(.*?)</a>', main)
    assert unescape(home_link[1]) == translated("Go to the home page", code)
    assert 'class="site-header' in html
    assert f'<link rel="stylesheet" href="{settings.STATIC_URL}css/site.css' in html
    assert "<style" not in html and " style=" not in html


def test_server_error_page_is_translated(client, monkeypatch):
    from home.models import StandardPage

    def boom(*args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(StandardPage, "serve", boom)
    client.raise_request_exception = False
    response = client.get("/de/ueber-uns/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="de"' in html
    assert translated("Server error", "de") in html
    assert translated("Server error", "de") != "Server error"
