"""The translation status dashboard: states, counts, filters, visibility, CSV, query count."""

import csv
import html
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation
from wagtail_localize.operations import translate_object

from home.models import FooterText, StandardPage
from practices.models import PracticePage
from smartvillages.core.demo import sync_aliases
from smartvillages.translation.groups import EDITORS_GROUP, translators_group_name
from smartvillages.translation.status import StatusBuilder

DASHBOARD = "smartvillages_translation_dashboard"
CSV = "smartvillages_translation_csv"


@pytest.fixture
def user_in(django_user_model):
    def make(group_name, username):
        user = django_user_model.objects.create_user(username, password="pw")
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def editor(user_in):
    return user_in(EDITORS_GROUP, "ed")


@pytest.fixture
def slovenian(user_in):
    return user_in(translators_group_name("sl"), "tr-sl")


def add_french_page(home_fr, slug, title="Mobilité partagée"):
    page = StandardPage(title=title, slug=slug, introduction="Une page de test.")
    home_fr.add_child(instance=page)
    page.save_revision().publish()
    return page


def states(user, **filters):
    """{title: {language: state}} as the dashboard computes it for the user."""
    report = StatusBuilder(user, **filters).build()
    return {
        row.title: {cell.locale.language_code: cell.state for cell in row.cells}
        for row in report.rows
    }


def footer_states(user):
    report = StatusBuilder(user, type_key="snippet:home.footertext").build()
    assert len(report.rows) == 1
    return {cell.locale.language_code: cell.state for cell in report.rows[0].cells}


@pytest.mark.django_db
def test_states_of_the_demo_site(editor):
    table = states(editor)
    assert table["À propos"] == {
        "fr": "source",
        "en": "translated",
        "it": "translated",
        "de": "translated",
        "sl": "translated",
    }
    assert set(footer_states(editor).values()) == {"source", "translated"}


@pytest.mark.django_db
def test_alias_to_translate_unpublished_and_missing(
    editor, home_fr, django_capture_on_commit_callbacks
):
    page = add_french_page(home_fr, "mobilite")
    sync_aliases()
    sl = Locale.objects.get(language_code="sl")
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(page, [sl])
    row = states(editor)["Mobilité partagée"]
    assert row == {
        "fr": "source",
        "en": "alias",
        "it": "alias",
        "de": "alias",
        "sl": "to_translate",
    }
    report = StatusBuilder(editor, locale_code="sl").build()
    cell = next(r for r in report.rows if r.title == "Mobilité partagée").cells[0]
    assert cell.done == 0 and cell.total == 3  # title, slug and introduction
    assert cell.edit_url == reverse("wagtailadmin_pages:edit", args=[page.get_translation(sl).pk])

    # Every string translated, not yet published.
    for segment in StringSegment.objects.filter(source__object_id=page.translation_key):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=sl,
            context=segment.context,
            data="prevedeno",
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        )
    assert states(editor)["Mobilité partagée"]["sl"] == "unpublished"

    # A page that starts in English is missing from the other trees (only fr is synced).
    home_en = home_fr.get_translation(Locale.objects.get(language_code="en"))
    english = StandardPage(title="Village labs", slug="village-labs", locale=home_en.locale)
    home_en.add_child(instance=english)
    assert states(editor)["Village labs"] == {
        "fr": "missing",
        "en": "source",
        "it": "missing",
        "de": "missing",
        "sl": "missing",
    }


@pytest.mark.django_db
def test_out_of_date_after_a_source_edit(editor):
    about = StandardPage.objects.get(slug="a-propos", locale__language_code="fr")
    about.introduction = "Une présentation revue."
    about.save_revision().publish()
    assert set(states(editor)["À propos"].values()) == {"source", "out_of_date"}

    footer = FooterText.objects.get(locale__language_code="fr")
    footer.body = "<p>Nouvelle adresse.</p>"
    footer.save()
    assert footer_states(editor)["sl"] == "out_of_date"

    # The editor's sync (without publishing) brings the new strings to the translators.
    report = StatusBuilder(editor, locale_code="sl").build()
    cell = next(r for r in report.rows if r.title == "À propos").cells[0]
    assert cell.sync_url
    from wagtail_localize.models import TranslationSource

    TranslationSource.objects.get(object_id=about.translation_key).update_from_db()
    assert states(editor)["À propos"]["sl"] == "to_translate"


@pytest.mark.django_db
def test_counts_filters_and_links_for_editors(editor, client):
    client.force_login(editor)
    response = client.get(reverse(DASHBOARD))
    assert response.status_code == 200
    report = response.context["report"]
    assert [locale.language_code for locale in report.locales] == ["fr", "en", "it", "de", "sl"]
    assert report.counts["sl"]["translated"] >= 5  # home, 3 standard pages, footer
    for counts in report.counts.values():  # every object has one state per language
        assert sum(counts.values()) == len(report.rows)
    assert report.counts["fr"]["source"] > 0
    html = response.content.decode()
    assert 'id="translation-counts"' in html

    only_footer = client.get(reverse(DASHBOARD), {"type": "snippet:home.footertext"})
    rows = only_footer.context["report"].rows
    assert rows and {row.type_key for row in rows} == {"snippet:home.footertext"}

    only_alias = client.get(reverse(DASHBOARD), {"state": "translated", "locale": "it"})
    report = only_alias.context["report"]
    assert [locale.language_code for locale in report.locales] == ["it"]
    assert all(row.cells[0].state == "translated" for row in report.rows)


@pytest.mark.django_db
def test_translators_see_their_locale_only(slovenian, client, home_fr):
    add_french_page(home_fr, "mobilite")
    sync_aliases()
    client.force_login(slovenian)
    response = client.get(reverse(DASHBOARD), {"locale": "it"})  # not theirs: ignored
    assert response.status_code == 200
    report = response.context["report"]
    assert [locale.language_code for locale in report.locales] == ["sl"]
    assert set(report.counts) == {"sl"}
    # No editor actions for translators, and no link to sources they may not edit.
    assert not any(cell.request_url or cell.sync_url for row in report.rows for cell in row.cells)
    assert not any(row.source_edit_url for row in report.rows)
    html = response.content.decode()
    assert 'data-locale="sl"' in html
    assert 'data-locale="it"' not in html

    lines = list(csv.reader(io.StringIO(client.get(reverse(CSV)).content.decode())))
    assert len(lines[0]) == 8  # type, title, source, language, state, done, total, URL
    assert {line[3] for line in lines[1:]} == {"sl"}
    mobilite = [line for line in lines if line[1] == "Mobilité partagée"]
    assert mobilite[0][4] == "alias"


@pytest.mark.django_db
def test_csv_lists_every_object_and_locale_and_defuses_formulas(editor, client, home_fr):
    add_french_page(home_fr, "formule", title="=HYPERLINK(1)")
    sync_aliases()
    client.force_login(editor)
    response = client.get(reverse(CSV))
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    report = StatusBuilder(editor).build()
    assert len(lines) == 1 + 5 * len(report.rows)
    formula = [line for line in lines if line[1] == "'=HYPERLINK(1)"]
    assert [line[2:5] for line in formula if line[3] == "sl"] == [["fr", "sl", "alias"]]


@pytest.mark.django_db
def test_people_without_a_locale_cannot_see_it(client, django_user_model):
    """The dashboard refuses (PermissionDenied) someone who may enter the admin but translates
    into no locale; Wagtail's admin answers that with its dashboard and an error message."""
    user = django_user_model.objects.create_user("nobody", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for name in (DASHBOARD, CSV):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response.url == reverse("wagtailadmin_home"), name
        with translation.override(response.wsgi_request.LANGUAGE_CODE):
            refusal = translation.gettext("Sorry, you do not have permission to access this area.")
        # Wagtail's admin renders its messages as HTML.
        messages = get_messages(response.wsgi_request)
        texts = [(message.level_tag, html.unescape(str(message)).strip()) for message in messages]
        assert texts == [("error", refusal)], name
        assert client.get(response.url).status_code == 200  # shows (and uses up) the message


@pytest.mark.django_db
def test_query_count_does_not_grow_with_pages(editor, client, home_fr, max_queries):
    client.force_login(editor)
    before = max_queries.get(client, reverse(DASHBOARD))
    sl = Locale.objects.get(language_code="sl")
    for index in range(6):
        page = add_french_page(home_fr, f"page-{index}", title=f"Page {index}")
        sync_aliases()
        if index % 2:
            translate_object(page, [sl])
    assert Page.objects.count() > 30
    assert max_queries.get(client, reverse(DASHBOARD), before) == before


@pytest.mark.django_db
def test_counts_per_type_show_translated_out_of_date_and_missing(editor, client, home_fr):
    about = StandardPage.objects.get(slug="a-propos", locale__language_code="fr")
    about.introduction = "Une présentation revue."
    about.save_revision().publish()  # out of date in every other language
    add_french_page(home_fr, "page-par-type")  # an alias, not translated
    client.force_login(editor)
    response = client.get(reverse(DASHBOARD))
    totals = {
        key: {
            locale.language_code: dict((s, n) for s, _label, n in figures)
            for locale, figures in cells
        }
        for key, _label, cells in response.context["report"].type_totals()
    }
    standard = totals["page:home.standardpage"]
    pages = StandardPage.objects.filter(locale__language_code="fr").count()
    for code in ("en", "it", "de", "sl"):
        assert standard[code] == {"translated": pages - 2, "out_of_date": 1, "missing": 1}
    assert standard["fr"] == {"translated": 0, "out_of_date": 0, "missing": 0}
    practices = totals["page:practices.practicepage"]
    # contributors' proposals still in review are drafts with no version in other languages
    drafts = PracticePage.objects.filter(
        locale__language_code="fr", alias_of__isnull=True, live=False
    ).count()
    assert practices["sl"]["missing"] == drafts and practices["sl"]["translated"] > 40
    html = response.content.decode()
    assert 'id="translation-type-counts"' in html
    assert "?type=page%3Ahome.standardpage&amp;locale=sl&amp;state=out_of_date" in html
