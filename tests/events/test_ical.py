"""iCal export: parses with the icalendar library, with the right dates, times and zone."""

import datetime
import zoneinfo

import pytest
from django.test import RequestFactory
from django.utils import timezone, translation
from icalendar import Calendar
from wagtail.models import Locale

from events.factories import EventPageFactory
from events.ical import build_calendar
from events.models import EventIndexPage, EventPage, months_before

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_of(calendar):
    return [component for component in calendar.walk("VEVENT")]


def test_all_day_event_uses_dates_with_exclusive_end(client, grenoble):
    response = client.get(grenoble.url + "ical/")
    assert "attachment" in response["Content-Disposition"]
    calendar = parse(response)
    assert calendar["VERSION"] == "2.0" and calendar["METHOD"] == "PUBLISH"
    assert calendar["PRODID"]
    (vevent,) = events_of(calendar)
    assert vevent.decoded("DTSTART") == datetime.date(2020, 10, 5)
    assert vevent.decoded("DTEND") == datetime.date(2020, 10, 7)  # exclusive: 5-6 Oct
    assert vevent["DTSTART"].params["VALUE"] == "DATE"
    assert str(vevent["SUMMARY"]) == grenoble.title
    assert "Grenoble" in str(vevent["LOCATION"])
    assert vevent["UID"].startswith(f"event-{grenoble.translation_key}@")
    assert vevent.decoded("DTSTAMP").tzinfo is not None
    assert b"DTSTART;VALUE=DATE:20201005\r\n" in response.content
    assert not calendar.walk("VTIMEZONE")  # no times, no zone to describe


def test_timed_event_carries_its_time_zone(client, event_index):
    event = EventPageFactory(
        parent=event_index,
        start_date=datetime.date(2031, 1, 20),
        end_date=datetime.date(2031, 1, 21),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(16, 0),
        time_zone="Europe/Rome",
    )
    response = client.get(event.url + "ical/")
    calendar = parse(response)
    (vevent,) = events_of(calendar)
    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    rome = zoneinfo.ZoneInfo("Europe/Rome")
    assert start == datetime.datetime(2031, 1, 20, 9, 30, tzinfo=rome)
    assert end == datetime.datetime(2031, 1, 21, 16, 0, tzinfo=rome)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Rome"
    assert b"DTSTART;TZID=Europe/Rome:20310120T093000\r\n" in response.content
    # A VTIMEZONE for the TZID used, as Outlook requires
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone["TZID"] == "Europe/Rome"
    assert {component.name for component in vtimezone.subcomponents} >= {"STANDARD", "DAYLIGHT"}
    # Same instant in UTC: 8:30
    assert start.astimezone(datetime.UTC).hour == 8


def test_uid_is_the_same_in_every_language(grenoble):
    italian = EventPage.objects.get(
        translation_key=grenoble.translation_key, locale__language_code="it"
    )
    (fr_event,) = events_of(build_calendar([grenoble]))
    (it_event,) = events_of(build_calendar([italian]))
    assert fr_event["UID"] == it_event["UID"]


def test_listing_calendar_is_per_locale(client, event_index):
    EventPageFactory(
        parent=event_index,
        start_date=datetime.date(2040, 6, 1),
        end_date=datetime.date(2040, 6, 1),
        aliases=True,
    )
    italian_listing = event_index.get_translations().get(locale__language_code="it")
    calendar = parse(client.get(italian_listing.url + "ical/"))
    vevents = events_of(calendar)
    assert [vevent.decoded("DTSTART") for vevent in vevents][-1] == datetime.date(2040, 6, 1)
    assert all("/it/" in str(vevent["URL"]) for vevent in vevents)


# The subscription: upcoming events and those of the last 24 months ----------------------------


def test_months_before():
    assert months_before(datetime.date(2026, 12, 2), 24) == datetime.date(2024, 12, 2)
    assert months_before(datetime.date(2026, 1, 15), 1) == datetime.date(2025, 12, 15)
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2024, 2, 29), 24) == datetime.date(2022, 2, 28)


def _event(parent, first, last=None, **kwargs):
    return EventPageFactory(parent=parent, start_date=first, end_date=last or first, **kwargs)


def test_subscription_lists_upcoming_events_and_the_last_24_months(client, event_index):
    today = timezone.localdate()
    since = months_before(today, 24)
    recent = _event(event_index, months_before(today, 3), title="Il y a trois mois")
    old = _event(event_index, months_before(today, 30), title="Il y a trente mois")
    upcoming = _event(event_index, today + datetime.timedelta(days=60), title="Dans deux mois")
    # Judged on the last day: begun 25 months ago, ended 23 months ago, it is in.
    long_one = _event(
        event_index, months_before(today, 25), months_before(today, 23), title="Longue"
    )
    edge_in = _event(event_index, since, title="Fin il y a 24 mois tout juste")
    edge_out = _event(event_index, since - datetime.timedelta(days=1), title="Un jour de trop")
    ongoing = _event(
        event_index, today - datetime.timedelta(days=1), today, title="En cours aujourd'hui"
    )
    created = {event.title for event in (recent, old, upcoming, long_one, edge_in, edge_out)}
    created.add(ongoing.title)

    response = client.get(event_index.url + "ical/")
    assert "inline" in response["Content-Disposition"]
    summaries = [str(vevent["SUMMARY"]) for vevent in events_of(parse(response))]
    mine = [summary for summary in summaries if summary in created]
    # In order of start: the feed is a calendar, not a "newest first" list
    assert mine == [long_one.title, edge_in.title, recent.title, ongoing.title, upcoming.title]
    assert old.title not in summaries and edge_out.title not in summaries
    # Every demo event in the list ended in the window too
    demo = EventPage.objects.filter(locale=event_index.locale, title__in=summaries)
    assert all(event.end_date >= since for event in demo)


def test_subscription_fields(client, event_index):
    today = timezone.localdate()
    day = months_before(today, 3)
    timed = _event(
        event_index,
        day,
        title="Atelier à Grenoble",
        introduction="Un atelier sur les services de proximité.",
        venue="Hôtel du Département",
        city="Grenoble",
        start_time=datetime.time(9, 0),
        end_time=datetime.time(17, 30),
        time_zone="Europe/Paris",
    )
    all_day = _event(
        event_index,
        today + datetime.timedelta(days=30),
        today + datetime.timedelta(days=31),
        title="Deux journées à Autrans",
    )
    response = client.get(event_index.url + "ical/")
    calendar = parse(response)
    assert str(calendar["X-WR-CALNAME"]) == event_index.title
    vevents = {str(vevent["SUMMARY"]): vevent for vevent in events_of(calendar)}

    vevent = vevents[timed.title]
    assert str(vevent["UID"]) == f"event-{timed.translation_key}@testserver"
    stamp = vevent.decoded("DTSTAMP")
    assert stamp.utcoffset() == datetime.timedelta(0)
    assert abs(timezone.now() - stamp) < datetime.timedelta(minutes=5)
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    assert vevent.decoded("DTSTART") == datetime.datetime.combine(
        day, datetime.time(9, 0), tzinfo=paris
    )
    assert vevent.decoded("DTEND") == datetime.datetime.combine(
        day, datetime.time(17, 30), tzinfo=paris
    )
    assert vevent["DTSTART"].params["TZID"] == vevent["DTEND"].params["TZID"] == "Europe/Paris"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert str(vevent["LOCATION"]) == "Hôtel du Département, Grenoble, France"
    url = f"http://testserver/fr/evenements/{timed.slug}/"
    assert str(vevent["URL"]) == url
    assert vevent["SUMMARY"].params["LANGUAGE"] == "fr"
    assert str(vevent["DESCRIPTION"]) == f"{timed.introduction}\n\n{url}"
    assert vevent["DESCRIPTION"].params["LANGUAGE"] == "fr"

    vevent = vevents[all_day.title]
    assert vevent["DTSTART"].params["VALUE"] == "DATE"
    assert vevent.decoded("DTSTART") == all_day.start_date
    assert vevent.decoded("DTEND") == all_day.end_date + datetime.timedelta(days=1)
    assert "TZID" not in vevent["DTSTART"].params
    assert str(vevent["UID"]) != str(vevents[timed.title]["UID"])
    # The UID does not change from one download to the next
    again = {
        str(v["SUMMARY"]): str(v["UID"])
        for v in events_of(parse(client.get(event_index.url + "ical/")))
    }
    assert again[all_day.title] == str(vevent["UID"])


def test_slovenian_subscription_reads_the_slovenian_text(client, event_index):
    slovenian = Locale.objects.get(language_code="sl")
    event = _event(event_index, timezone.localdate() + datetime.timedelta(days=45), city="Autrans")
    translated = event.copy_for_translation(slovenian)
    translated.title = "Srečanje pametnih vasi"
    translated.slug = "srecanje-pametnih-vasi"
    translated.introduction = "Srečanje alpskih pametnih vasi."
    translated.save_revision().publish()
    sl_index = event_index.get_translation(slovenian)

    response = client.get(sl_index.url + "ical/")
    assert sl_index.url + "ical/" == "/sl/dogodki/ical/"
    vevents = {str(vevent["SUMMARY"]): vevent for vevent in events_of(parse(response))}
    vevent = vevents["Srečanje pametnih vasi"]
    url = "http://testserver/sl/dogodki/srecanje-pametnih-vasi/"
    assert str(vevent["URL"]) == url
    assert str(vevent["DESCRIPTION"]) == f"Srečanje alpskih pametnih vasi.\n\n{url}"
    assert vevent["SUMMARY"].params["LANGUAGE"] == "sl"
    assert vevent["DESCRIPTION"].params["LANGUAGE"] == "sl"
    assert str(vevent["LOCATION"]) == "Salle des fêtes, Autrans, Francija"
    # One entry per event across languages
    assert str(vevent["UID"]) == f"event-{event.translation_key}@testserver"


def test_alias_says_its_text_is_in_the_original_language(client, event_index):
    event = _event(event_index, timezone.localdate() + datetime.timedelta(days=45), aliases=True)
    sl_index = event_index.get_translations().get(locale__language_code="sl")
    vevents = {
        str(vevent["SUMMARY"]): vevent
        for vevent in events_of(parse(client.get(sl_index.url + "ical/")))
    }
    vevent = vevents[event.title]  # an alias shows the French text
    assert "/sl/dogodki/" in str(vevent["URL"])
    assert vevent["SUMMARY"].params["LANGUAGE"] == "fr"


LOZERE = {
    "fr": ("Voyage d'étude en Lozère : coopérer", "lozere-2024-voyage-etude"),
    "sl": ("Študijsko potovanje v Lozère: sodelovanje", "lozere-2024-studijsko-potovanje"),
}


@pytest.mark.parametrize("language", ["fr", "sl"])
def test_demo_subscription_on_a_given_day(language):
    """The demo's events, seen on 1 September 2026: the Lozère trip (23-26 September 2024)
    ended less than 24 months before; the Autrans programme (until 18 April 2024) and
    Grenoble (5-6 October 2020) longer ago, but a calendar lists at least
    CALENDAR_MIN_EVENTS events, so they complete it."""
    title, slug = LOZERE[language]
    listing = EventIndexPage.objects.get(locale__language_code=language)
    events = list(listing.calendar_events(today=datetime.date(2026, 9, 1)))
    assert [event.start_date for event in events] == [
        datetime.date(2020, 10, 5),
        datetime.date(2023, 11, 27),
        datetime.date(2024, 9, 23),
    ]
    assert events[-1].slug == slug
    with translation.override(language):
        vevents = events_of(build_calendar(events, RequestFactory().get("/")))
    vevent = vevents[-1]
    assert str(vevent["SUMMARY"]).startswith(title)
    assert vevent["SUMMARY"].params["LANGUAGE"] == language
    assert str(vevent["URL"]).endswith(f"/{language}/{listing.slug}/{slug}/")
    assert vevent["DTSTART"].params["VALUE"] == "DATE"
    assert vevent.decoded("DTEND") == datetime.date(2024, 9, 27)


def test_demo_subscription_today_is_not_empty(client):
    """Today every demo event ended more than 24 months ago: the Slovenian calendar still
    lists all three, in order, each with its Slovenian page; Grenoble as the two whole days
    of 5-6 October 2020."""
    listing = EventIndexPage.objects.get(locale__language_code="sl")
    vevents = events_of(parse(client.get(listing.url + "ical/")))
    assert [vevent.decoded("DTSTART") for vevent in vevents] == [
        datetime.date(2020, 10, 5),
        datetime.date(2023, 11, 27),
        datetime.date(2024, 9, 23),
    ]
    assert all(f"/sl/{listing.slug}/" in str(vevent["URL"]) for vevent in vevents)
    assert all(vevent["SUMMARY"].params["LANGUAGE"] == "sl" for vevent in vevents)
    grenoble = vevents[0]
    assert "grenoble" in str(grenoble["URL"]) and "Grenoble" in str(grenoble["LOCATION"])
    assert grenoble.decoded("DTEND") == datetime.date(2020, 10, 7)  # exclusive: 5-6 Oct


def test_subscription_completes_a_sparse_window_with_earlier_events(event_index):
    """Fewer than CALENDAR_MIN_EVENTS in the window: the most recent earlier events fill it,
    the oldest left out."""
    today = timezone.localdate()
    EventPage.objects.filter(locale=event_index.locale).delete()
    olds = [_event(event_index, months_before(today, 30 + n), title=f"Vieux {n}") for n in range(7)]
    recent = _event(event_index, months_before(today, 2), title="Récent")
    titles = [event.title for event in event_index.calendar_events(today)]
    assert titles == ["Vieux 3", "Vieux 2", "Vieux 1", "Vieux 0", "Récent"]
    assert olds[6].title not in titles and recent.title in titles


def test_subscription_queries_do_not_grow_with_events(client, event_index, max_queries):
    today = timezone.localdate()
    _event(event_index, months_before(today, 3), aliases=True)
    _event(
        event_index,
        today,
        start_time=datetime.time(9),
        end_time=datetime.time(12),
        aliases=True,
    )
    urls = [
        listing.url + "ical/"
        for listing in (
            event_index,
            event_index.get_translation(Locale.objects.get(language_code="sl")),
        )
    ]
    before = [max_queries.get(client, url, 15) for url in urls]
    for months in range(1, 11):
        _event(event_index, months_before(today, -months), aliases=True)
        _event(event_index, months_before(today, months + 3), aliases=True)
    # Each count within its first one: with two events in the window the calendar ran one
    # more query (the earlier events that complete it), with twenty it needs none.
    after = [max_queries.get(client, url, count) for url, count in zip(urls, before, strict=True)]
    assert [count - 1 for count in before] == after
