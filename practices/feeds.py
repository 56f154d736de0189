"""Atom feed of the newest practices of one language (django.contrib.syndication)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .models import PracticePage

FEED_LENGTH = 20


class PracticeFeed(Feed):
    feed_type = Atom1Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        self.request = request
        self.language = self.index.locale.language_code
        return self.index

    def title(self, index):
        return _("New practices: %(library)s") % {"library": index.title}

    def subtitle(self, index):
        return index.introduction

    def link(self, index):
        return index.get_url(self.request)

    def feed_url(self, index):
        return index.get_full_url(self.request) + index.reverse_subpage("feed")

    def items(self, index):
        return (
            PracticePage.objects.live()
            .filter(locale_id=index.locale_id)
            .order_by("-first_published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.introduction

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at
