"""A French page not yet translated is served in the other locales as an alias: readable,
but announced as untranslated, marked with its source language, kept out of search engines."""

import pytest
from django.utils import translation
from wagtail_localize.synctree import create_aliases_for_new_page

from home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def untranslated_page(home_fr):
    page = StandardPageFactory(parent=home_fr, title="Nouvelle page", slug="nouvelle-page")
    create_aliases_for_new_page(page)
    return page


def test_new_french_page_appears_in_every_tree(untranslated_page):
    versions = untranslated_page.get_translations().select_related("locale")
    assert sorted(v.locale.language_code for v in versions) == ["de", "en", "it", "sl"]
    assert all(v.alias_of_id == untranslated_page.pk for v in versions)


def test_alias_shows_notice_noindex_canonical_and_source_lang(client, untranslated_page):
    html = client.get("/sl/nouvelle-page/").content.decode()
    with translation.override("sl"):
        notice = translation.gettext(
            "This page has not been translated yet. It is shown in its original language: "
            "%(language)s."
        ) % {"language": "Français"}
    assert notice in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<link rel="canonical" href="http://testserver/fr/nouvelle-page/">' in html
    assert '<div lang="fr">' in html
    assert '<html lang="sl"' in html
    assert 'rel="alternate" hreflang' not in html


def test_switcher_marks_untranslated_languages(client, untranslated_page):
    html = client.get("/fr/nouvelle-page/").content.decode()
    assert (
        '<a href="/sl/nouvelle-page/" lang="sl" hreflang="sl" '
        'class="language-switcher__untranslated" rel="nofollow">'
    ) in html
    with translation.override("fr"):
        assert translation.gettext("not yet translated") in html


def test_translated_page_has_no_notice(client):
    html = client.get("/sl/a-propos/").content.decode()
    assert "alias-notice" not in html
    assert "noindex" not in html
