"""Atom feed of the newest practices of one language."""

from django.utils.translation import gettext as _

from smartvillages.core.feeds import IndexFeed

from .models import PracticePage

FEED_LENGTH = 20


class PracticeFeed(IndexFeed):
    def title(self, index):
        return _("New practices: %(library)s") % {"library": index.title}

    def items(self, index):
        return (
            PracticePage.objects.live()
            .filter(locale_id=index.locale_id)
            .order_by("-first_published_at", "-pk")[:FEED_LENGTH]
        )
