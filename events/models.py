"""Events: the listing, event pages with their programme and report, and speakers (Person).

Dates and times are stored as the event's *local* calendar: start and end dates, optional
start and end times, and the IANA time zone they are read in. That is how a programme is
written ("9:00 in Grenoble"), it survives daylight-saving changes, and an event without
known times stays an all-day event (VALUE=DATE in iCal) instead of getting a made-up hour.
Aware datetimes are derived from these fields when needed (iCal, sorting).
"""

from __future__ import annotations

import calendar
import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from smartvillages.core.api import PageRefField
from smartvillages.core.countries import ALPINE_COUNTRIES
from smartvillages.core.hooks import EVENT_SECTIONS_HOOK
from smartvillages.core.models import PAGE_TRANSLATABLE_FIELDS, BasePage, LocationMixin
from smartvillages.translation.readers import with_requested_source_language

from . import blocks as event_blocks

DESCRIPTION_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]


def default_time_zone() -> str:
    """The site's time zone (a callable, so migrations do not freeze one machine's value)."""
    return settings.TIME_ZONE


def validate_time_zone(value: str):
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("%(value)s is not a time zone name. Use a name such as Europe/Paris."),
            params={"value": value},
            code="invalid_time_zone",
        ) from error


class EventFormat(models.TextChoices):
    ONSITE = "onsite", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("On site and online")


# Speakers ---------------------------------------------------------------------------------


class Person(TranslatableMixin, index.Indexed, models.Model):
    """A speaker of events. The name is the same in every language; the role and the
    organisation as printed are translated ("Chargée de mission" → "Project officer")."""

    name = models.CharField(_("name"), max_length=150, help_text=_("First name and surname."))
    role = models.CharField(
        _("role"),
        max_length=300,
        blank=True,
        help_text=_("Position, as the person presents it, e.g. 'Deputy director'."),
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=250,
        blank=True,
        help_text=_("The organisation's name as it should read, e.g. 'CIPRA International'."),
    )
    organisation_page = models.ForeignKey(
        "practices.OrganisationPage",
        verbose_name=_("organisation page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional: the organisation's page in the library, linked from the name."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Only with the person's consent. Square images work best."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("organisation_page")]),
        FieldPanel("photo"),
    ]
    translatable_fields = [
        SynchronizedField("name"),
        TranslatableField("role"),
        TranslatableField("organisation"),
        SynchronizedField("organisation_page"),
        SynchronizedField("photo"),
    ]
    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("role"),
        index.SearchField("organisation"),
        index.FilterField("locale_id"),
    ]
    api_fields = [APIField("name"), APIField("role"), APIField("organisation")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def affiliation(self) -> str:
        return ", ".join(part for part in (self.role, self.organisation) if part)


# Pages ------------------------------------------------------------------------------------


# How far back the iCal subscription goes (see EventIndexPage.calendar_events), and how many
# events it lists at least when that window holds fewer: never an empty calendar on a site
# that has events.
CALENDAR_PAST_MONTHS = 24
CALENDAR_MIN_EVENTS = 5


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` months earlier, or the last day of that month when it is
    shorter (31 March - 1 month = 28 or 29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def localized_pages(pages, locale_id):
    """The versions of ``pages`` in a locale (translation or alias), in one query; a page
    without a live version there is kept as it is."""
    pages = [page for page in pages if page is not None]
    if not pages:
        return []
    versions = {
        page.translation_key: page
        for page in with_requested_source_language(Page.objects.live())
        .filter(translation_key__in={page.translation_key for page in pages}, locale_id=locale_id)
        .select_related("alias_of__locale")
    }
    return [versions.get(page.translation_key, page) for page in pages]


class EventIndexPage(RoutablePageMixin, BasePage):
    """The events of one language: upcoming ones, then past ones with their reports; an Atom
    feed and an iCal feed of what is coming and of the last two years."""

    per_page = models.PositiveSmallIntegerField(
        _("past events per page"),
        default=12,
        validators=[MinValueValidator(4), MaxValueValidator(60)],
        help_text=_("How many past events the listing shows per page (4 to 60)."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("per_page")]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("introduction"),
        SynchronizedField("per_page"),
    ]
    api_fields = BasePage.api_fields + [APIField("per_page")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event listing")
        verbose_name_plural = _("event listings")

    def events(self):
        """Live events of this page's language (translations and aliases)."""
        return with_requested_source_language(EventPage.objects.live()).filter(
            locale_id=self.locale_id
        )

    def upcoming_events(self, today=None):
        today = today or timezone.localdate()
        return self.events().filter(end_date__gte=today).order_by("start_date", "start_time")

    def past_events(self, today=None):
        """Past events, those with a report first, the most recent first."""
        today = today or timezone.localdate()
        return self.events().filter(end_date__lt=today).order_by("-has_report", "-start_date")

    @path("")
    def listing(self, request):
        from .views import listing_context

        return self.render(request, context_overrides=listing_context(self, request))

    @path("feed/", name="feed")
    def feed(self, request):
        from .feeds import EventFeed

        return EventFeed(self)(request)

    def calendar_events(self, today=None):
        """What the iCal subscription lists: every upcoming event and those that ended in the
        last CALENDAR_PAST_MONTHS months, so that a subscriber's calendar keeps the recent
        past too (a single event's .ics link works for any event, however old). When that
        makes fewer than CALENDAR_MIN_EVENTS, the most recent earlier events complete it, so
        a site with events never offers an empty calendar. Two or three queries."""
        today = today or timezone.localdate()
        since = months_before(today, CALENDAR_PAST_MONTHS)
        window = self.events().filter(end_date__gte=since)
        missing = CALENDAR_MIN_EVENTS - window.count()
        if missing > 0:
            earlier = (
                self.events()
                .filter(end_date__lt=since)
                .order_by("-end_date", "-pk")
                .values_list("pk", flat=True)[:missing]
            )
            window = self.events().filter(
                models.Q(end_date__gte=since) | models.Q(pk__in=list(earlier))
            )
        return window.select_related("locale", "alias_of__locale").order_by(
            "start_date", "start_time", "pk"
        )

    @path("ical/", name="ical")
    def ical(self, request):
        from .ical import calendar_response

        return calendar_response(
            list(self.calendar_events()),
            request,
            name=self.title,
            filename="events.ics",
        )


class EventPage(RoutablePageMixin, LocationMixin, BasePage):
    """An event: when and where, who organised it, its programme day by day, and afterwards
    its report. The summary is the shared ``introduction`` field."""

    introduction = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("Two or three sentences: what, where, when. Shown in listings and feeds."),
    )
    description = RichTextField(
        _("about the event"),
        blank=True,
        features=DESCRIPTION_FEATURES,
        help_text=_("Context, aims and audience of the event."),
    )
    start_date = models.DateField(_("start date"), help_text=_("First day of the event."))
    end_date = models.DateField(
        _("end date"), help_text=_("Last day of the event (the start date for one day).")
    )
    start_time = models.TimeField(
        _("start time"),
        null=True,
        blank=True,
        help_text=_("Local time. Leave both times empty for an all-day event."),
    )
    end_time = models.TimeField(
        _("end time"), null=True, blank=True, help_text=_("Local time on the last day.")
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("Where the times are read, as an IANA name, e.g. Europe/Paris, Europe/Rome."),
    )
    venue = models.CharField(
        _("venue"), max_length=250, blank=True, help_text=_("Building or site, e.g. a town hall.")
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=ALPINE_COUNTRIES, blank=True)
    format = models.CharField(
        _("format"), max_length=10, choices=EventFormat.choices, default=EventFormat.ONSITE
    )
    attendance_onsite = models.PositiveIntegerField(
        _("participants on site"),
        null=True,
        blank=True,
        help_text=_("After the event: how many people came."),
    )
    attendance_online = models.PositiveIntegerField(
        _("participants online"),
        null=True,
        blank=True,
        help_text=_("After the event: how many people followed it online."),
    )
    organisers = ParentalManyToManyField(
        "practices.OrganisationPage",
        verbose_name=_("organisers"),
        related_name="organised_events",
        blank=True,
        help_text=_("Organisations of the library that organised the event."),
    )
    registration_url = models.URLField(
        _("registration address"),
        blank=True,
        help_text=_("Where to register. Shown until the event ends."),
    )
    external_url = models.URLField(
        _("external page"), blank=True, help_text=_("The event's page on a partner's site.")
    )
    programme = StreamField(
        event_blocks.ProgrammeBlock(),
        blank=True,
        verbose_name=_("programme"),
        help_text=_("Day by day. Speakers of the sessions make the speaker directory."),
    )
    report = StreamField(
        event_blocks.ReportStreamBlock(),
        blank=True,
        verbose_name=_("report"),
        help_text=_("After the event: key points, initiatives presented, workshops, images."),
    )
    # Derived on save from the programme and the report (never edited): listings sort on it,
    # practice pages find the events that presented them, both in one query.
    has_report = models.BooleanField(_("has a report"), default=False, editable=False)
    presented_practices = ParentalManyToManyField(
        "practices.PracticePage",
        verbose_name=_("practices presented"),
        related_name="presented_at_events",
        blank=True,
        editable=False,
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldPanel("time_zone"),
            ],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("format"),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("country")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Place"),
        ),
        FieldPanel("organisers"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("registration_url"), FieldPanel("external_url")], heading=_("Links")
        ),
        FieldPanel("programme"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("attendance_onsite"), FieldPanel("attendance_online")]),
                FieldPanel("report"),
            ],
            heading=_("Report"),
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("description"),
        index.SearchField("venue"),
        index.SearchField("city"),
        index.SearchField("programme"),
        index.SearchField("report"),
        index.AutocompleteField("city"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
        index.FilterField("format"),
        index.FilterField("country"),
        index.FilterField("has_report"),
        index.RelatedFields("organisers", [index.SearchField("title")]),
    ]

    api_fields = BasePage.api_fields + [
        APIField("summary", serializer=serializers.CharField(source="introduction")),
        APIField("description"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("start_time"),
        APIField("end_time"),
        APIField("time_zone"),
        APIField("venue"),
        APIField("city"),
        APIField("country"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("format"),
        APIField("attendance_onsite"),
        APIField("attendance_online"),
        APIField("organisers", serializer=PageRefField()),
        APIField("registration_url"),
        APIField("external_url"),
        APIField("programme"),
        APIField("report"),
    ]

    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("introduction"),
        TranslatableField("description"),
        TranslatableField("venue"),
        TranslatableField("city"),
        TranslatableField("programme"),
        TranslatableField("report"),
        SynchronizedField("start_date"),
        SynchronizedField("end_date"),
        SynchronizedField("start_time"),
        SynchronizedField("end_time"),
        SynchronizedField("time_zone"),
        SynchronizedField("country"),
        SynchronizedField("latitude"),
        SynchronizedField("longitude"),
        SynchronizedField("format"),
        SynchronizedField("attendance_onsite"),
        SynchronizedField("attendance_online"),
        SynchronizedField("organisers"),
        SynchronizedField("registration_url"),
        SynchronizedField("external_url"),
        SynchronizedField("has_report"),
        SynchronizedField("presented_practices"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["end_date", "start_date"], name="event_dates_idx")]

    # Dates and times -----------------------------------------------------------------------

    @property
    def summary(self):
        return self.introduction

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone or settings.TIME_ZONE)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(settings.TIME_ZONE)

    @property
    def is_all_day(self) -> bool:
        return self.start_time is None

    @property
    def start(self) -> datetime.datetime | None:
        """The aware start datetime, or None for an all-day event."""
        if self.start_time is None:
            return None
        return datetime.datetime.combine(self.start_date, self.start_time, tzinfo=self.zone)

    @property
    def end(self) -> datetime.datetime | None:
        if self.start_time is None or self.end_time is None:
            return None
        return datetime.datetime.combine(self.end_date, self.end_time, tzinfo=self.zone)

    @property
    def is_multi_day(self) -> bool:
        return bool(self.end_date and self.end_date != self.start_date)

    def is_upcoming(self, today=None) -> bool:
        return self.end_date >= (today or timezone.localdate())

    # Programme -------------------------------------------------------------------------------

    def days(self):
        return [child.value for child in self.programme if child.block_type == "day"]

    def speaker_directory(self):
        """Per day of the programme, the people who speak that day (each once)."""
        directory = []
        for index_, day in enumerate(self.days(), start=1):
            speakers = day.speakers()
            if speakers:
                directory.append({"day": day, "number": index_, "speakers": speakers})
        return directory

    def _chosen_practices(self):
        """Practices of the programme's sessions and of the report's initiatives, in order of
        appearance, each once (source pages as chosen, not yet localised)."""
        seen, practices = set(), []
        candidates = []
        for day in self.days():
            for session in day.session_list():
                candidates.extend(session.value.practice_list())
        for child in self.report:
            if child.block_type == "initiative":
                candidates.append(child.value.get("practice"))
        for page in candidates:
            if page is not None and page.pk not in seen:
                seen.add(page.pk)
                practices.append(page)
        return practices

    def practices_presented(self):
        """The presented practices in this page's language (one query)."""
        return localized_pages(self._chosen_practices(), self.locale_id)

    def documents(self):
        """Every document of the programme, with the session it belongs to."""
        found = []
        for day in self.days():
            for session in day.session_list():
                for document in session.value.get("documents") or []:
                    found.append({"document": document, "session": session})
        return found

    # Validation and derived fields -----------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                errors["end_date"] = _("The event cannot end before it starts.")
            elif (
                self.end_date == self.start_date
                and self.start_time is not None
                and self.end_time is not None
                and self.end_time <= self.start_time
            ):
                errors["end_time"] = _("The event must end after it starts.")
        if self.end_time is not None and self.start_time is None:
            errors["start_time"] = _("Give a start time with the end time.")
        elif self.start_time is not None and self.end_time is None:
            errors["end_time"] = _("Give an end time with the start time.")
        errors.update(self.location_errors())
        if self.format != EventFormat.ONLINE and not (self.venue or self.city):
            errors["venue"] = _("Give the venue or the city of an event held on site.")
        if self.format == EventFormat.ONLINE and self.attendance_onsite:
            errors["attendance_onsite"] = _("An online event has no participants on site.")
        if self.format == EventFormat.ONSITE and self.attendance_online:
            errors["attendance_online"] = _(
                "An on-site event has no participants online: choose the hybrid format."
            )
        if self.start_date and self.end_date and "end_date" not in errors:
            programme_error = self._programme_error()
            if programme_error:
                errors["programme"] = programme_error
        if errors:
            raise ValidationError(errors)

    def _programme_error(self):
        for day in self.days():
            date = day.get("date")
            if date is None:
                continue
            if not self.start_date <= date <= self.end_date:
                return _(
                    "The day of %(date)s is outside the event's dates. Change the day or the "
                    "event's start and end dates."
                ) % {"date": date.isoformat()}
            for session in day.session_list():
                start, end = session.value.get("start_time"), session.value.get("end_time")
                if (
                    date == self.start_date
                    and self.start_time is not None
                    and start is not None
                    and start < self.start_time
                ):
                    return _("The session %(title)s starts before the event (%(time)s).") % {
                        "title": session.value.get("title"),
                        "time": self.start_time,
                    }
                last = end or start
                if (
                    date == self.end_date
                    and self.end_time is not None
                    and last is not None
                    and last > self.end_time
                ):
                    return _("The session %(title)s ends after the event (%(time)s).") % {
                        "title": session.value.get("title"),
                        "time": self.end_time,
                    }
        return None

    def save(self, *args, **kwargs):
        self.has_report = len(self.report) > 0
        self._set_presented_practices()
        return super().save(*args, **kwargs)

    def _set_presented_practices(self):
        from practices.models import PracticePage

        ids = presented_practice_ids(self.programme.raw_data, self.report.raw_data)
        self.presented_practices = list(PracticePage.objects.filter(pk__in=ids)) if ids else []

    # Serving -----------------------------------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        from wagtail import hooks

        from .views import event_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_context(self, request))
        # Apps on top add sections (contributors' reports of the event).
        context["event_sections"] = [
            section
            for hook in hooks.get_hooks(EVENT_SECTIONS_HOOK)
            if (section := hook(self, request))
        ]
        return context

    @path("ical/", name="ical")
    def ical(self, request):
        from .ical import calendar_response

        return calendar_response(
            [self], request, name=self.title, filename=f"{self.slug}.ics", download=True
        )


def _list_values(raw):
    """Values of a ListBlock's raw data, in the current ({"type": "item", "value": ...}) or
    the legacy (bare values) format."""
    for item in raw or []:
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            yield item["value"]
        else:
            yield item


def presented_practice_ids(programme_raw, report_raw) -> list[int]:
    """Ids of the practices chosen in a programme's sessions and a report's initiatives, read
    from the raw StreamField data (no query)."""
    ids = []
    for day in programme_raw or []:
        if day.get("type") != "day":
            continue
        for session in _list_values((day.get("value") or {}).get("sessions")):
            ids.extend(_list_values((session or {}).get("practices")))
    for block in report_raw or []:
        if block.get("type") == "initiative":
            ids.append((block.get("value") or {}).get("practice"))
    return [int(pk) for pk in dict.fromkeys(ids) if pk]
