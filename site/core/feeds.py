"""Atom feed of a listing page of one language (django.contrib.syndication).

A subclass names its title and its items; the rest (language, links, dates, guid) is the same
for every listing: the practice library's feed and the events' feed.
"""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed


class IndexFeed(Feed):
    """The feed of ``index``, a routable listing page with a ``feed`` sub-route."""

    feed_type = Atom1Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        self.request = request
        # The feed's language is the listing's (Feed reads a plain attribute).
        self.language = self.index.locale.language_code
        return self.index

    def subtitle(self, index):
        return index.introduction

    def link(self, index):
        return index.get_url(self.request)

    def feed_url(self, index):
        return index.get_full_url(self.request) + index.reverse_subpage("feed")

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
