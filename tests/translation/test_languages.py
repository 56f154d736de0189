"""The demo site reads in five languages: no alias left, no paragraph in another language than
its page (lingua identifies them), translated slugs with redirects from the French ones,
French typography and dates written the way each language writes them."""

import datetime

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation
from wagtail.models import Locale, Page

from events.models import EventPage
from home.models import StandardPage
from practices.models import OrganisationPage, PracticePage
from smartvillages.core import dates
from smartvillages.translation.languages import check_locale, paragraphs

pytestmark = pytest.mark.django_db
TARGETS = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def test_no_alias_left_in_any_locale():
    # Aliases of drafts (contributors' proposals still in review, which wagtail-localize's
    # tree sync mirrors as unpublished aliases) are nothing readers see.
    aliases = Page.objects.filter(alias_of__isnull=False, depth__gt=1, alias_of__live=True)
    assert list(aliases.values_list("url_path", flat=True)) == []


@pytest.mark.parametrize("model", [PracticePage, EventPage, OrganisationPage])
def test_every_practice_event_and_organisation_is_translated_everywhere(model):
    originals = model.objects.filter(alias_of__isnull=True, live=True).values_list(
        "translation_key", flat=True
    )
    keys = set(originals)
    assert keys
    for code, _name in settings.LANGUAGES:
        live = set(
            model.objects.filter(
                locale__language_code=code, live=True, alias_of__isnull=True
            ).values_list("translation_key", flat=True)
        )
        assert live == keys, (model.__name__, code, len(keys - live))


def test_check_languages_finds_no_leak_on_the_demo_site(capsys):
    call_command("check_languages")
    output = capsys.readouterr().out
    for code, _name in settings.LANGUAGES:
        assert f"{code}: " in output
        assert f"{code}: 0 pages" not in output
    assert "0 aliases, 0 leaks" in output
    assert " leaks" in output and "[" not in output


def test_check_languages_catches_a_french_paragraph_on_a_slovenian_page(home_fr):
    home_sl = home_fr.get_translation(Locale.objects.get(language_code="sl"))
    french = (
        "Cette phrase est restée en français sur une page slovène, "
        "et le contrôle des langues doit la signaler."
    )
    quoted = "Ce titre cité reste en français et porte son propre attribut de langue."
    page = StandardPage(
        title="Preizkus jezika",
        slug="preizkus-jezika",
        locale=home_sl.locale,
        introduction="Ta stran je v slovenščini, vendar en odstavek ni preveden.",
        body=[
            ("paragraph", f"<p>{french}</p>"),
            (
                "paragraph",
                "<p>Drugi odstavek je v slovenščini in ga preverjanje ne sme prijaviti.</p>",
            ),
        ],
    )
    home_sl.add_child(instance=page)
    page.save_revision().publish()

    report = check_locale(home_sl.locale)
    leaks = [leak for leak in report.leaks if leak.url == page.url]
    assert [(leak.language, leak.text) for leak in leaks] == [("fr", french)]
    with pytest.raises(CommandError):
        call_command("check_languages", "sl")

    # the same text marked with its language is not a leak
    assert paragraphs(f'<main><p lang="fr">{quoted}</p><p>{french}</p></main>') == [french]


def test_paragraphs_are_cut_at_block_elements_and_skip_scripts():
    html = (
        "<header><p>Hors du contenu principal, jamais lu par le contrôle des langues.</p></header>"
        "<main><h1>Kratek</h1>"
        "<p>Prvi odstavek je <a href='#'>dovolj dolg</a> za preverjanje jezika.</p>"
        "<script>var x = 'Ceci est un script qui ne compte pas comme un paragraphe';</script>"
        "<ul><li>Drugi odstavek je element seznama, prav tako dovolj dolg.</li></ul></main>"
    )
    assert paragraphs(html) == [
        "Prvi odstavek je dovolj dolg za preverjanje jezika.",
        "Drugi odstavek je element seznama, prav tako dovolj dolg.",
    ]


@pytest.mark.parametrize(
    ("code", "path"),
    [("en", "practices"), ("it", "pratiche"), ("de", "praktiken"), ("sl", "prakse")],
)
def test_library_has_a_slug_in_each_language_and_the_french_one_redirects(client, code, path):
    response = client.get(f"/{code}/{path}/")
    assert response.status_code == 200
    old = client.get(f"/{code}/pratiques/")
    assert old.status_code == 301
    assert old["Location"].endswith(f"/{code}/{path}/")


def test_old_french_slug_of_a_translated_practice_redirects(client):
    practice = PracticePage.objects.get(locale__language_code="de", slug="uto-pic")
    assert practice.url.startswith("/de/praktiken/")
    source = practice.get_translation(Locale.objects.get(language_code="fr"))
    response = client.get(f"/de/pratiques/{source.slug}/")
    assert response.status_code == 301
    assert response["Location"].endswith(practice.url)


def test_translated_practice_slug_is_in_its_language():
    fr = PracticePage.objects.get(locale__language_code="fr", slug="hubs-numeriques")
    for code in TARGETS:
        translated = fr.get_translation(Locale.objects.get(language_code=code))
        assert translated.slug != fr.slug, code
        assert translated.url.startswith(f"/{code}/"), code


def test_french_pages_get_narrow_no_break_spaces(client):
    """The demo's French text is typed with plain spaces; readers get narrow no-break
    spaces before : ; ! ? and inside « », and other languages get none."""
    practice = PracticePage.objects.get(slug="acoumpagna", locale__language_code="fr")
    html = client.get(practice.url).content.decode()
    text = " ".join(paragraphs(html))
    assert "\u202f:" in text and "«\u202f" in text and "\u202f»" in text
    assert " :" not in text and "« " not in text
    english = client.get(practice.get_translation(Locale.objects.get(language_code="en")).url)
    assert "\u202f" not in english.content.decode()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("fr", "1er juin 2020"),
        ("en", "1 June 2020"),
        ("it", "1 giugno 2020"),
        ("de", "1. Juni 2020"),
        ("sl", "1. junij 2020"),
    ],
)
def test_dates_have_no_leading_zero(code, expected):
    with translation.override(code):
        assert dates.format_date(datetime.date(2020, 6, 1)) == expected
        assert "05" not in dates.format_date(datetime.date(2020, 10, 5))


def test_key_steps_in_slovenian_read_without_leading_zero(client):
    source = PracticePage.objects.get(slug="smart-community-action-training")
    practice = source.get_translation(Locale.objects.get(language_code="sl"))
    html = client.get(practice.url).content.decode()
    steps = html.split('class="key-step__date"')[1:]
    assert steps
    days = [step.split(">", 2)[2].split("<", 1)[0] for step in steps]
    assert all(not day.startswith("0") for day in days), days


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/sl/prakse/feed/", "application/atom+xml"),
        ("/sl/prakse/geojson/", "application/"),
        ("/sl/prakse/export/csv/", "text/csv"),
        ("/de/praktiken/export/json/", "application/json"),
        ("/it/eventi/ical/", "text/calendar"),
        ("/it/eventi/feed/", "application/atom+xml"),
        ("/sl/dogodki/grenoble-2020-smart-villages/ical/", "text/calendar"),
    ],
)
def test_routable_sub_paths_answer_under_translated_slugs(client, path, content_type):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith(content_type), response["Content-Type"]


def test_hreflang_and_sitemap_use_translated_urls(client):
    html = client.get("/fr/pratiques/").content.decode()
    assert 'hreflang="de" href="http://testserver/de/praktiken/"' in html
    assert 'hreflang="sl" href="http://testserver/sl/prakse/"' in html
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/sl/prakse/" in sitemap and "/sl/pratiques/" not in sitemap
