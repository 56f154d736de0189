"""The event page and the listing, as readers see them."""

import datetime
import re
from html import unescape

import pytest
from django.utils import translation

from events.factories import EventPageFactory, PersonFactory, day_data, session_data
from events.models import EventPage

pytestmark = pytest.mark.django_db


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def text_of(html):
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_grenoble_renders_programme_day_by_day(client, grenoble):
    html = html_of(client, grenoble.url)
    text = text_of(html)
    assert 'id="day-2020-10-05"' in html and 'id="day-2020-10-06"' in html
    assert "lundi 5 octobre 2020" in text and "mardi 6 octobre 2020" in text
    # sessions in programme order, with their kind
    assert text.index("Accueil par les élus du Royans-Vercors") < text.index(
        "Initiatives de mobilité durable en Royans-Vercors"
    )
    assert html.count('class="session session--') == 15
    assert 'class="session session--round-table"' in html
    # practices presented link to the library
    assert 'href="/fr/pratiques/la-jolie-colo/"' in html
    # facts
    assert "35 participants" in text and "30 participants" in text
    assert "openstreetmap.org/?mlat=45.19000&amp;mlon=5.73000" in html
    assert 'href="/fr/evenements/grenoble-2020-smart-villages/ical/"' in html


def test_grenoble_speaker_directory_is_derived_per_day(client, grenoble):
    html = html_of(client, grenoble.url)
    day1 = html[
        html.index('id="speakers-2020-10-05-heading"') : html.index(
            'id="speakers-2020-10-06-heading"'
        )
    ]
    day2 = html[html.index('id="speakers-2020-10-06-heading"') :]
    # Perrine Faillet speaks in two sessions of day 1: once in its directory
    assert day1.count('class="speaker__name" translate="no">Perrine Faillet<') == 1
    # Claire Belet and Clive Peckham speak on both days: once in each day's directory
    for name in ("Claire Belet", "Clive Peckham"):
        assert day1.count(f'class="speaker__name" translate="no">{name}<') == 1
        assert day2.count(f'class="speaker__name" translate="no">{name}<') == 1
    assert 'class="speaker__name" translate="no">Barbara Wuelser<' in day2
    assert 'class="speaker__name" translate="no">Barbara Wuelser<' not in day1
    # each session speaker links to their directory entry of that day
    assert re.search(r'href="#speaker-2020-10-06-\d+" translate="no">Peter Niederer</a>', html)


def test_grenoble_report_and_initiatives(client, grenoble):
    text = text_of(html_of(client, grenoble.url))
    assert "Points clés des interventions politiques à La Chapelle-en-Vercors" in text
    assert "Table ronde : ce qu'il faut retenir" in text
    assert "cs.la.paz [" in text  # contact e-mail, protected against harvesting
    assert "cs.la.paz@wanadoo.fr" not in text


def test_grenoble_reads_in_italian(client, grenoble):
    italian = EventPage.objects.get(
        translation_key=grenoble.translation_key, locale__language_code="it"
    )
    assert italian.alias_of_id is None  # a real translation, not an alias
    with translation.override("it"):
        html = html_of(client, italian.url)
    text = text_of(html)
    assert '<html lang="it"' in html
    assert "martedì 6 ottobre 2020" in text
    assert italian.title in text
    assert "Journée 2" not in text  # the programme is translated too
    assert 'href="/it/pratiche/la-jolie-colo/"' in html  # practices in the reader's language


def test_times_and_time_zone_in_the_readers_language(client, event_index):
    event = EventPageFactory(
        parent=event_index,
        start_date=datetime.date(2031, 2, 3),
        end_date=datetime.date(2031, 2, 3),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(17, 30),
        time_zone="Europe/Vienna",
        aliases=True,
        programme=[
            day_data(
                datetime.date(2031, 2, 3),
                [session_data("Ouverture", start="09:00", end="09:45")],
            )
        ],
    )
    html = html_of(client, event.url)
    assert '<time datetime="2031-02-03T09:00+01:00">3 février 2031</time>' in html
    assert "09:00–<time" in html and ">17:30</time>" in html
    assert 'title="Europe/Vienna">UTC+1</abbr>' in html
    assert '<time datetime="2031-02-03T09:45+01:00">09:45</time>' in html
    german = event.get_translations().get(locale__language_code="de")
    german_html = html_of(client, german.url)
    assert "3. Februar 2031" in german_html


def test_listing_upcoming_then_past_with_reports_first(client, event_index):
    soon = EventPageFactory(
        parent=event_index, start_date=datetime.date(2040, 1, 5), end_date=datetime.date(2040, 1, 5)
    )
    later = EventPageFactory(
        parent=event_index, start_date=datetime.date(2041, 1, 5), end_date=datetime.date(2041, 1, 5)
    )
    no_report = EventPageFactory(
        parent=event_index, start_date=datetime.date(2025, 1, 5), end_date=datetime.date(2025, 1, 5)
    )
    html = html_of(client, event_index.url)
    upcoming = text_of(html[html.index('id="upcoming-heading"') : html.index('id="past-heading"')])
    past = text_of(html[html.index('id="past-heading"') :])
    assert upcoming.index(soon.title) < upcoming.index(later.title)
    assert no_report.title in past and soon.title not in past
    # The 2025 event has no report: it comes after the older ones that have one
    assert past.index("Voyage d'étude en Lozère") < past.index(no_report.title)
    assert past.index("Smart Villages") < past.index(no_report.title)


def listed(client, url):
    """The text of the listing's two sections (not the page's header and footer)."""
    html = html_of(client, url)
    return text_of(html[html.index('id="upcoming-heading"') : html.index("</main>")])


def test_listing_filters_by_year_and_format(client, event_index):
    text = listed(client, event_index.url + "?year=2020")
    assert "Smart Villages :" in text and "Lozère" not in text
    text = listed(client, event_index.url + "?format=onsite")
    assert "Lozère" in text and "Smart Villages :" not in text
    text = listed(client, event_index.url + "?year=2024&format=hybrid")
    assert "Lozère" not in text and "Smart Villages :" not in text
    # unknown values are ignored, never an error
    assert "Lozère" in listed(client, event_index.url + "?year=abc&format=<x>&page=zz")


@pytest.mark.parametrize("language", ["fr", "en", "it", "de", "sl"])
def test_filter_form_sends_the_reader_to_the_listing(client, language):
    """The form names the listing as its action (an empty action is invalid HTML): sent from a
    filtered or paged address, it lands on the listing with the new filters only."""
    from events.models import EventIndexPage

    listing = EventIndexPage.objects.get(locale__language_code=language)
    html = html_of(client, listing.url + "?format=onsite&page=2")
    action = re.search(r'<form class="event-filters" method="get" action="([^"]*)"', html)[1]
    assert action == listing.url
    text = listed(client, action + "?year=2020")
    events = EventPage.objects.live().descendant_of(listing)
    assert {event.start_date.year for event in events} > {2020}
    for event in events:
        assert (event.title in text) == (event.start_date.year == 2020), event.title


def test_organisation_and_practice_pages_list_their_events(client, grenoble):
    from events.wagtail_hooks import events_organised, events_presenting
    from practices.models import OrganisationPage, PracticePage

    adrets = OrganisationPage.objects.get(slug="adrets", locale__language_code="it")
    section = events_organised(adrets, None)
    titles = [event.title for event in section["events"]]
    assert len(titles) == 3  # Grenoble, Autrans, Lozère, in the Italian tree
    assert all(event.locale.language_code == "it" for event in section["events"])

    jolie_colo = PracticePage.objects.get(slug="la-jolie-colo", locale__language_code="fr")
    section = events_presenting(jolie_colo, None)
    assert [event.pk for event in section["events"]] == [grenoble.pk]
    assert section["template"] == "events/includes/related_events.html"
    other = (
        PracticePage.objects.filter(locale__language_code="fr")
        .exclude(presented_at_events__isnull=False)
        .first()
    )
    assert events_presenting(other, None) is None


def test_sessions_without_practices_or_speakers_render(client, event_index):
    speaker = PersonFactory(name="Ana Novak", role="Županja", organisation="Občina Bovec")
    event = EventPageFactory(
        parent=event_index,
        programme=[
            day_data(
                datetime.date(2030, 5, 14),
                [session_data("Pause", kind="break"), session_data("Atelier", speakers=[speaker])],
            )
        ],
    )
    text = text_of(html_of(client, event.url))
    assert "Ana Novak" in text and "Županja, Občina Bovec" in text
