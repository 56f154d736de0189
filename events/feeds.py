"""Atom feed of the events of one language (django.contrib.syndication).

The feed lists the upcoming events, soonest first, then the most recent past ones: a reader
subscribed to it learns of a new event and of a report published after one. Entries carry
the dates in the text and ``updated`` = last publication, so a published report shows as an
update of its event.
"""

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .templatetags.events_tags import event_date_text

PAST_IN_FEED = 20


class EventFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        self.request = request
        # The feed's language is the listing's (Feed reads a plain attribute).
        self.language = self.index.locale.language_code
        return self.index

    def title(self, index):
        return _("Events: %(listing)s") % {"listing": index.title}

    def subtitle(self, index):
        return index.introduction

    def link(self, index):
        return index.get_url(self.request)

    def feed_url(self, index):
        return index.get_full_url(self.request) + index.reverse_subpage("feed")

    def items(self, index):
        today = timezone.localdate()
        upcoming = list(index.upcoming_events(today))
        past = list(
            index.events().filter(end_date__lt=today).order_by("-start_date")[:PAST_IN_FEED]
        )
        return upcoming + past

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        where = ", ".join(part for part in (item.venue, item.city) if part)
        parts = [event_date_text(item), where, item.introduction]
        return " — ".join(part for part in parts if part)

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at
