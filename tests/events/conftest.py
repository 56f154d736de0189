"""Fixtures of the events tests: the demo's listing and events (loaded once per session by
tests/conftest.py), and helpers to build programmes."""

import pytest


@pytest.fixture
def event_index(db):
    from events.models import EventIndexPage

    return EventIndexPage.objects.get(locale__language_code="fr")


@pytest.fixture
def grenoble(db):
    from events.models import EventPage

    return EventPage.objects.get(locale__language_code="fr", slug="grenoble-2020-smart-villages")


@pytest.fixture
def fr_practices(db):
    from practices.models import PracticePage

    return list(
        PracticePage.objects.live()
        .filter(locale__language_code="fr", alias_of__isnull=True)
        .order_by("pk")[:6]
    )
