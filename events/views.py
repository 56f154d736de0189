"""Context of the event listing and of an event page.

Every query is made here, in bulk, so that the number of SQL queries of a page does not grow
with the number of events, sessions or speakers (tests/events/test_queries.py).
"""

from __future__ import annotations

import json

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page

from smartvillages.core.maps import map_settings

from .models import EventFormat, EventPage, Person, localized_pages

#: Rendition of speakers' photos in the directory (prefetched with the people).
PHOTO_SPEC = "fill-160x160"


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def listing_context(index, request, today=None):
    """Upcoming events, then past events (those with a report first), filtered by year and
    format from the query string."""
    today = today or timezone.localdate()
    events = index.events()
    years = sorted({date.year for date in events.dates("start_date", "year")}, reverse=True)
    formats = [{"code": code, "label": label} for code, label in EventFormat.choices]

    year = _int_or_none(request.GET.get("year"))
    if year not in years:
        year = None
    event_format = request.GET.get("format")
    if event_format not in EventFormat.values:
        event_format = None

    filtered = events
    if year:
        filtered = filtered.filter(start_date__year=year)
    if event_format:
        filtered = filtered.filter(format=event_format)
    filtered = filtered.select_related("alias_of__locale")

    upcoming = list(
        filtered.filter(end_date__gte=today).order_by("start_date", "start_time", "title")
    )
    past_queryset = filtered.filter(end_date__lt=today).order_by(
        "-has_report", "-start_date", "title"
    )
    paginator = Paginator(past_queryset, index.per_page)
    try:
        past = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        past = paginator.page(1)
    except EmptyPage:
        past = paginator.page(paginator.num_pages)

    query = {}
    if year:
        query["year"] = year
    if event_format:
        query["format"] = event_format
    return {
        "upcoming_events": upcoming,
        "past_events": past,
        "paginator": paginator,
        "years": years,
        "formats": formats,
        "selected_year": year,
        "selected_format": event_format,
        "is_filtered": bool(query),
        "filter_query": "&".join(f"{key}={value}" for key, value in query.items()),
        "feed_url": _subpage_url(index, request, "feed"),
        "ical_url": _subpage_url(index, request, "ical"),
    }


def _speakers_with_photos(directory):
    """Replace the people of the directory by copies loaded with their photo and its
    rendition, in three queries whatever their number."""
    ids = {entry["person"].pk for day in directory for entry in day["speakers"]}
    if not ids:
        return
    with_photo = [
        pk
        for pk, photo_id in Person.objects.filter(pk__in=ids).values_list("pk", "photo_id")
        if photo_id
    ]
    if not with_photo:
        return
    images = get_image_model().objects.prefetch_renditions(PHOTO_SPEC)
    people = {
        person.pk: person
        for person in Person.objects.filter(pk__in=with_photo).prefetch_related(
            Prefetch("photo", queryset=images)
        )
    }
    for day in directory:
        for entry in day["speakers"]:
            entry["person"] = people.get(entry["person"].pk, entry["person"])


def event_context(page: EventPage, request, today=None):
    days = page.days()
    directory = page.speaker_directory()
    _speakers_with_photos(directory)

    # Pages the programme and the report link to, in the reader's language: practices
    # presented, organisers, speakers' organisations. One query for all of them.
    chosen_practices = page._chosen_practices()
    organiser_pages = list(page.organisers.all())
    speaker_org_ids = {
        entry["person"].organisation_page_id
        for day in directory
        for entry in day["speakers"]
        if entry["person"].organisation_page_id
    }
    speaker_orgs = (
        list(Page.objects.filter(pk__in=speaker_org_ids).only("pk", "translation_key"))
        if speaker_org_ids
        else []
    )
    sources = chosen_practices + organiser_pages + speaker_orgs
    versions = dict(
        zip(
            [source.pk for source in sources],
            localized_pages(sources, page.locale_id),
            strict=True,
        )
    )
    return {
        "map": map_settings(),
        "map_point": json.dumps([page.latitude, page.longitude]) if page.has_location else "",
        "days": days,
        "speaker_directory": directory,
        "page_versions": versions,
        "organisers": [versions[organiser.pk] for organiser in organiser_pages],
        "practices_presented": [versions[practice.pk] for practice in chosen_practices],
        "documents": page.documents(),
        "is_upcoming": page.is_upcoming(today),
        "ical_url": _subpage_url(page, request, "ical"),
        "event_index": _parent_listing(page),
    }


def _subpage_url(page, request, name):
    url = page.get_url(request)
    return url + page.reverse_subpage(name) if url else ""


def _parent_listing(page):
    parent = page.get_parent()
    return parent if parent and parent.live else None
