"""The Atom feed of each language's events parses, upcoming events first."""

import datetime

import feedparser
import pytest

from events.factories import EventPageFactory

pytestmark = pytest.mark.django_db

GRENOBLE_TITLE = (
    "Smart Villages : opportunités pour la transition écologique "
    "et l'attractivité de la région alpine"
)


def test_atom_feed_parses_with_upcoming_first(client, event_index):
    upcoming = EventPageFactory(
        parent=event_index,
        title="Séminaire à venir",
        start_date=datetime.date(2040, 3, 2),
        end_date=datetime.date(2040, 3, 3),
    )
    response = client.get(event_index.url + "feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.language == "fr"
    titles = [entry.title for entry in feed.entries]
    assert titles[0] == upcoming.title
    assert GRENOBLE_TITLE in titles
    grenoble = next(entry for entry in feed.entries if "Smart Villages" in entry.title)
    assert "2020" in grenoble.summary
    assert grenoble.link.endswith("/fr/evenements/grenoble-2020-smart-villages/")


def test_feed_is_per_locale(client, event_index):
    italian = event_index.get_translations().get(locale__language_code="it")
    feed = feedparser.parse(client.get(italian.url + "feed/").content)
    assert not feed.bozo
    assert feed.feed.language == "it"
    assert all("/it/" in entry.link for entry in feed.entries)
    assert any(entry.title.startswith("Smart Villages:") for entry in feed.entries)
