"""CallPage: the demo calls in five languages, the form's dates, its translated fields, the
admin, and bounded queries. Submissions are tested in test_call_submissions.py."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.models import Locale
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import CallFormField, CallPage
from tests.conftest import translated

pytestmark = pytest.mark.django_db

OPEN_SLUG = "appel-a-pratiques"
CLOSED_SLUG = "ami-territoire-pilote-smart-villages"
LANGUAGES = ["fr", "en", "it", "de", "sl"]
PARIS = ZoneInfo("Europe/Paris")


def call(slug, language="fr"):
    return translated(CallPage, slug, language)


def form_tag(html):
    return re.search(r'<form class="call-form"', html)


@pytest.mark.parametrize("language", LANGUAGES)
def test_open_call_shows_its_translated_form(client, language):
    page = call(OPEN_SLUG, language)
    assert page.alias_of_id is None, "the demo translates the open call into every language"
    response = client.get(call(OPEN_SLUG, language).url)
    assert response.status_code == 200
    html = response.content.decode()
    assert form_tag(html)
    assert f'<html lang="{language}"' in html
    for field in page.form_fields.all():
        assert escape(field.label) in html
    with translation.override(language):
        assert translation.gettext("Send my application") in html
    assert "no-store" in response["Cache-Control"]  # per-reader CSRF token and timestamp
    # A list starts on an empty choice: nobody answers "France" by not looking.
    assert re.search(r'<select name="pays"[^>]*>\s*<option value="" selected>', html)
    # The honeypot and the signed timestamp are in the form.
    assert 'name="hp_website"' in html
    assert 'name="hp_started"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_closed_call_shows_its_closing_message_instead_of_the_form(client, language):
    response = client.get(call(CLOSED_SLUG, language).url)
    assert response.status_code == 200
    html = response.content.decode()
    assert not form_tag(html)
    assert "<textarea" not in html
    # The closing text written by the editors, in this language.
    assert str(call(CLOSED_SLUG, language).closed_text) in html


def test_form_fields_translated_but_keys_shared():
    french = {f.clean_name: f for f in call(OPEN_SLUG, "fr").form_fields.all()}
    italian = {f.clean_name: f for f in call(OPEN_SLUG, "it").form_fields.all()}
    assert french.keys() == italian.keys()
    assert italian["titre"].label == "Titolo della pratica"
    assert french["titre"].label == "Titre de la pratique"
    assert italian["pays"].choices.splitlines()[1] == "Italia"
    assert italian["titre"].translation_key == french["titre"].translation_key
    assert italian["titre"].locale.language_code == "it"
    assert {f.field_type for f in italian.values()} >= {"file", "dropdown", "checkboxes"}


def calendar_dates(html):
    """Each calendar step's date line: its text as a reader sees it, and its <time> elements."""
    lines = re.findall(r'<p class="call-calendar__date">(.*?)</p>', html, re.S)
    return [
        (
            " ".join(re.sub(r"<[^>]+>", "", line).split()),
            re.findall(r'<time datetime="([^"]*)">([^<]*)</time>', line),
        )
        for line in lines
    ]


PERIODS = {
    "fr": "du 21 janvier 2019 au 25 janvier 2019",
    "en": "21 January 2019 to 25 January 2019",
    "it": "dal 21 gennaio 2019 al 25 gennaio 2019",
    "de": "21. Januar 2019 bis 25. Januar 2019",
    "sl": "od 21. januar 2019 do 25. januar 2019",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_calendar_period_reads_as_a_phrase_of_two_dates(client, language):
    """A period reads as before in each language ("du … au …"), but its dates are two
    <time> elements with a valid date each: "2019-01-21/2019-01-25" is no datetime value."""
    html = client.get(call(CLOSED_SLUG, language).url).content.decode()
    steps = calendar_dates(html)
    text, times = next(step for step in steps if step[0] == PERIODS[language])
    with translation.override(language):
        assert text == translation.gettext("%(start)s to %(end)s") % {
            "start": times[0][1],
            "end": times[1][1],
        }
    assert [datetime_value for datetime_value, _ in times] == ["2019-01-21", "2019-01-25"]
    for _, step_times in steps:
        for datetime_value, _ in step_times:
            datetime.date.fromisoformat(datetime_value)
    assert len(steps) == len(call(CLOSED_SLUG, language).calendar)


def test_calendar_dates_follow_the_reader_language(client):
    html = client.get(call(CLOSED_SLUG, "fr").url).content.decode()
    assert ("20 décembre 2018", [("2018-12-20", "20 décembre 2018")]) in calendar_dates(html)
    html = client.get(call(CLOSED_SLUG, "de").url).content.decode()
    assert "20. Dezember 2018" in html
    assert "Guillaume Doukhan" in html
    assert 'href="tel:+33610569499"' in html


def test_deadline_shown_in_the_site_time_zone(client):
    page = call(OPEN_SLUG)
    assert page.closes_at == datetime.datetime(2030, 12, 31, 23, 59, tzinfo=PARIS)
    html = client.get(call(OPEN_SLUG, "fr").url).content.decode()
    assert "31 décembre 2030 23:59" in html
    assert "Europe/Paris" in html


def test_before_opening_the_form_is_announced_not_shown(client):
    page = call(OPEN_SLUG)
    opens = timezone.now() + datetime.timedelta(days=10)
    CallPage.objects.filter(translation_key=page.translation_key).update(opens_at=opens)
    response = client.get(call(OPEN_SLUG, "en").url)
    html = response.content.decode()
    assert response.status_code == 200
    assert not form_tag(html)
    assert "The application form opens on" in html


def test_status_follows_the_dates():
    opens = datetime.datetime(2030, 1, 1, 9, tzinfo=PARIS)
    closes = datetime.datetime(2030, 2, 1, 12, tzinfo=PARIS)
    page = CallPage(opens_at=opens, closes_at=closes)
    assert page.get_status(opens - datetime.timedelta(seconds=1)) == CallPage.STATUS_UPCOMING
    assert page.get_status(opens) == CallPage.STATUS_OPEN
    assert page.get_status(closes - datetime.timedelta(seconds=1)) == CallPage.STATUS_OPEN
    assert page.get_status(closes) == CallPage.STATUS_CLOSED
    assert CallPage(closes_at=closes).get_status(opens) == CallPage.STATUS_OPEN


def test_closing_before_opening_is_refused():
    page = CallPage(
        title="Appel",
        slug="appel",
        opens_at=datetime.datetime(2030, 2, 1, tzinfo=PARIS),
        closes_at=datetime.datetime(2030, 1, 1, tzinfo=PARIS),
    )
    with pytest.raises(Exception) as excinfo:
        page.clean()
    assert "closes_at" in excinfo.value.message_dict


def test_submissions_of_every_language_go_to_the_source_page():
    source = call(OPEN_SLUG, "fr")
    for language in LANGUAGES:
        assert call(OPEN_SLUG, language).get_submission_page().pk == source.pk


def test_an_alias_sends_its_submissions_to_its_source(home_fr):
    page = home_fr.add_child(
        instance=CallPage(
            title="Appel d'essai",
            slug="appel-essai",
            closes_at=timezone.now() + datetime.timedelta(days=3),
            form_fields=[CallFormField(label="Nom", field_type="singleline")],
        )
    )
    alias = page.create_alias(
        parent=home_fr.get_translation(Locale.objects.get(language_code="sl")),
        update_locale=Locale.objects.get(language_code="sl"),
    )
    alias = CallPage.objects.get(pk=alias.pk)
    assert alias.form_fields.get().locale.language_code == "sl"
    assert alias.get_submission_page().pk == page.pk


def test_query_count_of_a_call_page_is_bounded(client, max_queries):
    max_queries.get(client, call(OPEN_SLUG, "it").url, 20)


class TestAdmin(WagtailTestUtils):
    @pytest.fixture(autouse=True)
    def login(self, editor_client):
        self.client = editor_client

    def test_editor_creates_a_call_with_its_form(self, home_fr):
        data = nested_form_data(
            {
                "title": "Appel 2031",
                "slug": "appel-2031",
                "introduction": "",
                "context": rich_text("<p>Contexte.</p>"),
                "benefits": rich_text(""),
                "audiences": rich_text(""),
                "commitments": rich_text(""),
                "calendar": streamfield([]),
                "documents": streamfield([]),
                "contacts": streamfield([]),
                "opens_at": "2031-01-01 09:00",
                "closes_at": "2031-02-01 18:00",
                "form_intro": rich_text(""),
                "thank_you_text": rich_text("<p>Merci.</p>"),
                "closed_text": rich_text(""),
                "to_address": "appels@example.org",
                "from_address": "",
                "subject": "",
                "form_fields": inline_formset(
                    [
                        {
                            "label": "Votre nom",
                            "help_text": "",
                            "required": "on",
                            "field_type": "singleline",
                            "choices": "",
                            "default_value": "",
                        },
                        {
                            "label": "Pièce jointe",
                            "help_text": "",
                            "field_type": "file",
                            "choices": "",
                            "default_value": "",
                        },
                    ]
                ),
            }
        )
        response = self.client.post(
            f"/admin/pages/add/home/callpage/{home_fr.pk}/", data | {"action-publish": "on"}
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        page = CallPage.objects.get(slug="appel-2031", locale=home_fr.locale)
        assert [f.field_type for f in page.form_fields.all()] == ["singleline", "file"]
        assert page.closes_at == datetime.datetime(2031, 2, 1, 18, tzinfo=PARIS)
        assert page.form_fields.first().locale_id == home_fr.locale_id

    def test_edit_view_renders(self):
        page = call(OPEN_SLUG)
        response = self.client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200
        assert "form_fields-TOTAL_FORMS" in response.content.decode()
