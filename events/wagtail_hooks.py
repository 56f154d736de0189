"""Admin of speakers, the events' demo loader, and the sections events add to other pages:
the home page (next events), organisation pages (events organised) and practice pages
(events where the practice was presented). Those pages call the hooks; events depends on
practices, never the reverse."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from smartvillages.core.hooks import (
    DEMO_LOADERS_HOOK,
    HOME_SECTIONS_HOOK,
    ORGANISATION_SECTIONS_HOOK,
    PRACTICE_SECTIONS_HOOK,
)
from smartvillages.translation.readers import with_requested_source_language

from .models import EventIndexPage, EventPage, Person

RELATED_EVENTS_TEMPLATE = "events/includes/related_events.html"
HOME_EVENTS = 3


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Speakers")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "role", "organisation", "locale"]
    search_fields = ["name", "role", "organisation"]
    ordering = ["name"]


register_snippet(PersonViewSet)


@hooks.register(DEMO_LOADERS_HOOK)
def load_events(command, home):
    from .demo_loader import load

    load(command, home)


def _events_section(events, heading, section_id):
    events = list(events.select_related("alias_of__locale").order_by("-start_date")[:50])
    if not events:
        return None
    return {
        "template": RELATED_EVENTS_TEMPLATE,
        "heading": heading,
        "section_id": section_id,
        "events": events,
    }


@hooks.register(ORGANISATION_SECTIONS_HOOK)
def events_organised(page, request):
    """The events of the page's language the organisation organised."""
    events = (
        with_requested_source_language(EventPage.objects.live())
        .filter(locale_id=page.locale_id, organisers__translation_key=page.translation_key)
        .distinct()
    )
    return _events_section(events, _("Events it organised"), "organised-events")


@hooks.register(PRACTICE_SECTIONS_HOOK)
def events_presenting(page, request):
    """The events of the page's language where the practice was presented."""
    events = (
        with_requested_source_language(EventPage.objects.live())
        .filter(
            locale_id=page.locale_id,
            presented_practices__translation_key=page.translation_key,
        )
        .distinct()
    )
    return _events_section(events, _("Presented at"), "presented-at-events")


@hooks.register(HOME_SECTIONS_HOOK)
def next_events(page, request):
    """The next events of the home page's language, or the latest ones with a report."""
    listing = EventIndexPage.objects.live().filter(locale_id=page.locale_id).first()
    if listing is None:
        return None
    today = timezone.localdate()
    events = list(listing.upcoming_events(today).select_related("alias_of__locale")[:HOME_EVENTS])
    heading = _("Next events")
    if not events:
        events = list(
            listing.past_events(today)
            .filter(has_report=True)
            .select_related("alias_of__locale")[:HOME_EVENTS]
        )
        heading = _("Event reports")
    if not events:
        return None
    return {
        "template": "events/home_section.html",
        "heading": heading,
        "events": events,
        "listing": listing,
    }
