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
    html = client.get("/sl/o-nas/").content.decode()
    assert "alias-notice" not in html
    assert "noindex" not in html


def test_requested_translation_reads_as_untranslated_until_published(
    client, home_fr, django_capture_on_commit_callbacks
):
    """An editor requests the Slovenian translation: wagtail-localize turns the alias into a
    page of its own, still live and still showing the French text. Readers must keep seeing
    it as untranslated (notice, noindex, no hreflang, switcher mark) until it is published."""
    from wagtail.models import Locale
    from wagtail_localize.operations import translate_object

    page = StandardPageFactory(parent=home_fr, title="Habitat partagé", slug="habitat-partage")
    page.save_revision().publish()
    create_aliases_for_new_page(page)
    sl = Locale.objects.get(language_code="sl")
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(page, [sl])
    target = page.get_translation(sl)
    assert target.alias_of_id is None and target.live  # the trap this test is about

    html = client.get("/sl/habitat-partage/").content.decode()
    assert "alias-notice" in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<link rel="canonical" href="http://testserver/fr/habitat-partage/">' in html
    assert '<div lang="fr">' in html
    assert 'rel="alternate" hreflang' not in html
    french = client.get("/fr/habitat-partage/").content.decode()
    assert 'hreflang="sl" href=' not in french.split("</head>")[0]
    assert (
        '<a href="/sl/habitat-partage/" lang="sl" hreflang="sl" '
        'class="language-switcher__untranslated" rel="nofollow">'
    ) in french

    # The translator publishes: now it is a translation like any other.
    target.title = "Skupno bivanje"
    with django_capture_on_commit_callbacks(execute=True):
        target.save_revision().publish()
    html = client.get("/sl/habitat-partage/").content.decode()
    assert "alias-notice" not in html
    assert "noindex" not in html
    assert (
        '<link rel="alternate" hreflang="fr" href="http://testserver/fr/habitat-partage/">' in html
    )
    french = client.get("/fr/habitat-partage/").content.decode()
    assert (
        '<link rel="alternate" hreflang="sl" href="http://testserver/sl/habitat-partage/">'
        in french
    )
    assert '<a href="/sl/habitat-partage/" lang="sl" hreflang="sl">' in french


def test_frame_follows_a_new_menu_page(client, home_fr):
    """The menu is cached per language; publishing a page refreshes it."""
    client.get("/fr/")
    page = StandardPageFactory(
        parent=home_fr, title="Nouvelle rubrique", slug="rubrique", show_in_menus=True
    )
    page.save_revision().publish()
    assert ">Nouvelle rubrique</a>" in client.get("/fr/").content.decode()
    page.unpublish()
    assert ">Nouvelle rubrique</a>" not in client.get("/fr/").content.decode()


def test_lists_mark_a_requested_translation_as_french_until_published(
    client, django_capture_on_commit_callbacks
):
    """Lists of other page types (here the organisation directory) also give the link of a
    former alias the language of the text it still shows."""
    from wagtail.models import Locale
    from wagtail_localize.operations import translate_object

    from practices.importing import create_aliases
    from practices.models import OrganisationPage

    index = OrganisationPage.objects.filter(locale__language_code="fr").first().get_parent()
    source = OrganisationPage(
        title="Association d'essai", slug="association-essai", kind="association"
    )
    index.add_child(instance=source)
    source.save_revision().publish()
    create_aliases(source)
    alias = source.get_translation(Locale.objects.get(language_code="it"))
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(alias.alias_of.specific, [Locale.objects.get(language_code="it")])
    alias.refresh_from_db()
    assert alias.alias_of_id is None and alias.live

    index_url = alias.get_parent().url
    link = f'<a href="{alias.url}" lang="fr">'
    assert link in client.get(index_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        alias.save_revision().publish()
    html = client.get(index_url).content.decode()
    assert link not in html
    assert f'<a href="{alias.url}">' in html


def test_glossary_marks_a_requested_translation_as_french_until_published(
    client, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale
    from wagtail_localize.operations import translate_object

    from glossary.models import GlossaryTermPage

    term = GlossaryTermPage.objects.get(slug="feder", locale__language_code="fr")
    new = GlossaryTermPage(
        title="Quokkathèque",
        slug="quokkatheque",
        short_definition="Lieu de prêt d'objets.",
        explanation="<p>Un local où les habitants empruntent des outils.</p>",
    )
    term.get_parent().add_child(instance=new)
    new.save_revision().publish()
    create_aliases_for_new_page(new)
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(new, [Locale.objects.get(language_code="sl")])
    target = new.get_translation(Locale.objects.get(language_code="sl"))
    assert target.alias_of_id is None and target.live

    index_url = target.get_parent().url
    html = client.get(index_url).content.decode()
    before_link = html.split(f'href="{target.url}"')[0]
    entry = before_link.rsplit('<div class="glossary-entry"', 1)[1].split(">")[0]
    assert 'lang="fr"' in entry
    with django_capture_on_commit_callbacks(execute=True):
        target.save_revision().publish()
    html = client.get(index_url).content.decode()
    before_link = html.split(f'href="{target.url}"')[0]
    entry = before_link.rsplit('<div class="glossary-entry"', 1)[1].split(">")[0]
    assert "lang=" not in entry
