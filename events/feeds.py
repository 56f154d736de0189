"""Atom feed of the events of one language.

The feed lists the upcoming events, soonest first, then the most recent past ones: a reader
subscribed to it learns of a new event and of a report published after one. Entries carry
the dates in the text and ``updated`` = last publication, so a published report shows as an
update of its event.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from smartvillages.core.feeds import IndexFeed

from .templatetags.events_tags import event_date_text

PAST_IN_FEED = 20


class EventFeed(IndexFeed):
    def title(self, index):
        return _("Events: %(listing)s") % {"listing": index.title}

    def items(self, index):
        today = timezone.localdate()
        upcoming = list(index.upcoming_events(today))
        past = list(
            index.events().filter(end_date__lt=today).order_by("-start_date")[:PAST_IN_FEED]
        )
        return upcoming + past

    def item_description(self, item):
        where = ", ".join(part for part in (item.venue, item.city) if part)
        parts = [event_date_text(item), where, item.introduction]
        return " — ".join(part for part in parts if part)
