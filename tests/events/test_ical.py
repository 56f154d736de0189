"""iCal export: parses with the icalendar library, with the right dates, times and zone."""

import datetime
import zoneinfo

import pytest
from icalendar import Calendar

from events.factories import EventPageFactory
from events.ical import build_calendar
from events.models import EventPage

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


def test_listing_calendar_lists_upcoming_events_only(client, event_index):
    upcoming = EventPageFactory(
        parent=event_index,
        start_date=datetime.date(2040, 6, 1),
        end_date=datetime.date(2040, 6, 1),
        title="Rencontre à venir",
    )
    response = client.get(event_index.url + "ical/")
    assert "inline" in response["Content-Disposition"]
    calendar = parse(response)
    summaries = [str(vevent["SUMMARY"]) for vevent in events_of(calendar)]
    assert summaries == [upcoming.title]


def test_listing_calendar_is_per_locale(client, event_index):
    EventPageFactory(
        parent=event_index,
        start_date=datetime.date(2040, 6, 1),
        end_date=datetime.date(2040, 6, 1),
        aliases=True,
    )
    italian_listing = event_index.get_translations().get(locale__language_code="it")
    calendar = parse(client.get(italian_listing.url + "ical/"))
    (vevent,) = events_of(calendar)
    assert "/it/" in str(vevent["URL"])
