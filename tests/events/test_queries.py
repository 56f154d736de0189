"""The event page and the listing run a number of SQL queries that does not grow with the
number of sessions, speakers, practices or events."""

import datetime

import pytest

from events.factories import EventPageFactory, PersonFactory, day_data, session_data

pytestmark = pytest.mark.django_db

MAX_EVENT_PAGE_QUERIES = 20


def programme(days, sessions_per_day, people, practices):
    result = []
    for day in range(days):
        sessions = [
            session_data(
                f"Session {day}-{index}",
                speakers=people[index % len(people) :] + people[: index % len(people)],
                practices=practices[: 1 + index % len(practices)],
            )
            for index in range(sessions_per_day)
        ]
        result.append(day_data(datetime.date(2030, 5, 14) + datetime.timedelta(days=day), sessions))
    return result


def test_event_page_queries_do_not_grow_with_sessions_and_speakers(
    client, event_index, fr_practices, max_queries
):
    people = [PersonFactory() for _ in range(2)]
    event = EventPageFactory(
        parent=event_index,
        end_date=datetime.date(2030, 5, 16),
        programme=programme(1, 2, people, fr_practices[:1]),
        report=[{"type": "initiative", "value": {"practice": fr_practices[0].pk, "contacts": []}}],
    )
    small = max_queries.get(client, event.url, MAX_EVENT_PAGE_QUERIES)

    people += [PersonFactory() for _ in range(10)]
    event.programme = programme(3, 8, people, fr_practices)
    event.report = [
        {"type": "initiative", "value": {"practice": practice.pk, "contacts": []}}
        for practice in fr_practices
    ]
    event.save_revision().publish()
    assert len(event.speaker_directory()) == 3
    assert max_queries.get(client, event.url, small) == small


def test_italian_event_page_queries_are_bounded(client, grenoble, max_queries):
    italian = grenoble.get_translations().get(locale__language_code="it")
    max_queries.get(client, italian.url, MAX_EVENT_PAGE_QUERIES)


def test_listing_queries_do_not_grow_with_events(client, event_index, max_queries):
    before = max_queries.get(client, event_index.url)
    for year in range(2031, 2041):
        EventPageFactory(
            parent=event_index,
            start_date=datetime.date(year, 1, 1),
            end_date=datetime.date(year, 1, 2),
        )
    assert max_queries.get(client, event_index.url, before) == before
