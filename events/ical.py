"""iCalendar (RFC 5545) export of events, with the icalendar library.

What the three big calendar clients need, and what this file does for it:
- an event with times: DTSTART/DTEND with the event's TZID and the matching VTIMEZONE
  (Outlook rejects a TZID it cannot resolve; Google and Apple use the VTIMEZONE);
- an event without times: DTSTART/DTEND as VALUE=DATE, the end *exclusive* (the day after
  the last day), so it shows as an all-day event over the right days everywhere;
- DTSTAMP in UTC, a stable UID per event (the same in every language, so importing two
  language versions updates one entry instead of adding two), METHOD:PUBLISH, CRLF lines
  folded at 75 octets (the library does both).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from smartvillages.translation.readers import awaiting_source_language

PRODID = "-//ADRETS//Alpine Smart Villages//EN"


def _location(event) -> str:
    parts = [event.venue, event.city]
    if event.country:
        parts.append(str(event.get_country_display()))
    return ", ".join(part for part in parts if part)


def _text_language(event) -> str:
    """The language the event's text is written in: its locale's, or the original's for an
    alias (or a requested translation not yet published), which shows the original's text."""
    if event.alias_of_id:
        return event.alias_of.locale.language_code
    return awaiting_source_language(event) or event.locale.language_code


def _host(request) -> str:
    if request is not None:
        return request.get_host().split(":")[0]
    return "alpine-smart-villages"


def build_event(event, request=None) -> Event:
    url = event.get_full_url(request) or ""
    vevent = Event()
    vevent.add("uid", f"event-{event.translation_key}@{_host(request)}")
    vevent.add("dtstamp", timezone.now().astimezone(datetime.UTC).replace(microsecond=0))
    if event.is_all_day:
        vevent.add("dtstart", event.start_date)
        vevent.add("dtend", event.end_date + datetime.timedelta(days=1))
    else:
        vevent.add("dtstart", event.start)
        if event.end is not None:  # clean() requires both times; an instant otherwise
            vevent.add("dtend", event.end)
    language = _text_language(event) if event.locale_id else settings.LANGUAGE_CODE
    vevent.add("summary", event.title, parameters={"LANGUAGE": language})
    description = "\n\n".join(part for part in (event.introduction, url) if part)
    if description:
        vevent.add("description", description, parameters={"LANGUAGE": language})
    location = _location(event)
    if location:
        vevent.add("location", location)
    if event.has_location:
        vevent.add("geo", (event.latitude, event.longitude))
    if url:
        vevent.add("url", url)
    if event.last_published_at:
        vevent.add("last-modified", event.last_published_at.astimezone(datetime.UTC))
    vevent.add("status", "CONFIRMED")
    return vevent


def build_calendar(events, request=None, name="") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(build_event(event, request))
    timed = [event for event in events if not event.is_all_day]
    if timed:
        # Transitions of the years around the events only: a VTIMEZONE from 1970 to 2038
        # would weigh more than the events themselves.
        first = min(event.start_date for event in timed)
        last = max(event.end_date for event in timed)
        calendar.add_missing_timezones(
            first_date=datetime.date(first.year - 1, 1, 1),
            last_date=datetime.date(last.year + 2, 1, 1),
        )
    return calendar


def calendar_response(
    events, request, name="", filename="events.ics", download=False
) -> HttpResponse:
    """The calendar as a file to add (``download``: one event) or a feed to subscribe to."""
    body = build_calendar(events, request, name=name).to_ical()
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
