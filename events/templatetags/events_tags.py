"""Dates, times and links of events, in the reader's language and the event's time zone.

Dates are written the way each language writes them in running text ("5 octobre 2020",
"5. Oktober 2020", "5 ottobre 2020", "5. oktober 2020"), with month and day names from
Django's catalogs; times use the language's ``TIME_FORMAT`` and are the event's local times,
followed by their UTC offset on that day, so a reader elsewhere can convert them.
"""

from __future__ import annotations

import datetime

from django import template
from django.utils import formats, translation
from django.utils.html import format_html, format_html_join

from smartvillages.core import dates

register = template.Library()


def _date(value) -> str:
    return dates.format_date(value)


def _time(value) -> str:
    return formats.time_format(value, "TIME_FORMAT")


@register.filter
def full_date(value):
    """The date with its weekday, in the active language: "mardi 6 octobre 2020"."""
    if not value:
        return ""
    return dates.full_date(value)


def utc_offset(zone, date, time) -> str:
    """ "UTC+2" for 9:00 on 5 October 2020 in Europe/Paris (summer time)."""
    offset = datetime.datetime.combine(date, time, tzinfo=zone).utcoffset() or datetime.timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def _iso(date, time=None, zone=None) -> str:
    if time is None:
        return date.isoformat()
    return datetime.datetime.combine(date, time, tzinfo=zone).isoformat(timespec="minutes")


def event_date_text(event) -> str:
    """The event's dates (and times) as plain text, for feeds and listings."""
    start, end = _date(event.start_date), _date(event.end_date)
    if event.is_all_day:
        return start if not event.is_multi_day else f"{start} – {end}"
    zone_label = utc_offset(event.zone, event.start_date, event.start_time)
    if not event.is_multi_day:
        return f"{start}, {_time(event.start_time)}–{_time(event.end_time)} ({zone_label})"
    return f"{start}, {_time(event.start_time)} – {end}, {_time(event.end_time)} ({zone_label})"


@register.simple_tag
def event_dates(event):
    """The event's dates as <time> elements: machine-readable, in the reader's language."""
    zone = event.zone
    start_date = format_html(
        '<time datetime="{}">{}</time>',
        _iso(event.start_date, event.start_time, zone),
        _date(event.start_date),
    )
    if event.is_all_day:
        if not event.is_multi_day:
            return start_date
        end = format_html(
            '<time datetime="{}">{}</time>', event.end_date.isoformat(), _date(event.end_date)
        )
        return format_html("{} – {}", start_date, end)
    zone_label = format_html(
        '<abbr class="event-zone" title="{}">{}</abbr>',
        event.time_zone,
        utc_offset(zone, event.start_date, event.start_time),
    )
    end_iso = _iso(event.end_date, event.end_time, zone)
    if not event.is_multi_day:
        return format_html(
            '{}, {}–<time datetime="{}">{}</time> ({})',
            start_date,
            _time(event.start_time),
            end_iso,
            _time(event.end_time),
            zone_label,
        )
    return format_html(
        '{}, {} – <time datetime="{}">{}, {}</time> ({})',
        start_date,
        _time(event.start_time),
        end_iso,
        _date(event.end_date),
        _time(event.end_time),
        zone_label,
    )


@register.simple_tag
def session_time(session, date=None, event=None):
    """A session's times as <time> elements, or an empty string when it has none."""
    start, end = session.get("start_time"), session.get("end_time")
    if start is None:
        return ""
    zone = event.zone if event is not None else None

    def stamp(value):
        iso = (
            _iso(date, value, zone)
            if date is not None and zone is not None
            else value.isoformat("minutes")
        )
        return format_html('<time datetime="{}">{}</time>', iso, _time(value))

    if end is None:
        return stamp(start)
    return format_html("{}–{}", stamp(start), stamp(end))


@register.filter
def version_in(page, versions):
    """The version of a chosen page (or page id) in the reader's language, from the view's
    bulk look-up (``page_versions``); the page itself when the view did not look it up, None
    for an id it did not look up."""
    if page is None:
        return None
    if isinstance(page, int):
        return (versions or {}).get(page)
    return (versions or {}).get(page.pk, page)


@register.simple_tag
def map_url(event):
    """A link to the event's point on OpenStreetMap (the CSP allows no third-party tiles)."""
    if not event.has_location:
        return ""
    lat, lon = f"{event.latitude:.5f}", f"{event.longitude:.5f}"
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=14/{lat}/{lon}"


@register.simple_tag
def attendance(event):
    """ "35 on site · 30 online", in the reader's language, or an empty string."""
    parts = []
    if event.attendance_onsite:
        parts.append(
            translation.ngettext(
                "%(count)s participant on site",
                "%(count)s participants on site",
                event.attendance_onsite,
            )
            % {"count": formats.number_format(event.attendance_onsite, force_grouping=True)}
        )
    if event.attendance_online:
        parts.append(
            translation.ngettext(
                "%(count)s participant online",
                "%(count)s participants online",
                event.attendance_online,
            )
            % {"count": formats.number_format(event.attendance_online, force_grouping=True)}
        )
    return format_html_join(" · ", "{}", ((part,) for part in parts))
