"""StreamField blocks of event pages: the programme (days and their sessions) and the report.

The programme is the one source of truth about who speaks when: the speaker directory of
each day is derived from its sessions (``DayValue.speakers``), never typed twice. Presentation
logic (time ranges, the derived directory) lives in the StructValue classes.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from smartvillages.core.blocks import BaseStreamBlock, ContactBlock

#: Rich text of the report: emphasis, lists and links (headings come from the blocks).
REPORT_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class SessionKind(blocks.ChoiceBlock):
    """What happens in a session. The codes are stable (CSS classes, API, demo data)."""

    CHOICES = [
        ("study-visit", _("Study visit")),
        ("plenary", _("Plenary")),
        ("speech", _("Speech")),
        ("round-table", _("Round table")),
        ("workshop", _("Workshop")),
        ("presentation", _("Presentation")),
        ("break", _("Break")),
    ]

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", self.CHOICES)
        super().__init__(**kwargs)

    def deconstruct(self):
        # Keep migrations free of the (translated) choice list: it is a property of the class.
        path = "events.blocks.SessionKind"
        _path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        return path, args, kwargs


SESSION_KIND_LABELS = dict(SessionKind.CHOICES)


class SessionDocumentValue(blocks.StructValue):
    def url(self):
        document = self.get("document")
        if document:
            return document.url
        return self.get("url") or ""

    def label(self):
        document = self.get("document")
        return self.get("title") or (document.title if document else "")


class SessionDocumentBlock(blocks.StructBlock):
    """A presentation or handout of a session. The file is optional: a report often names a
    presentation before (or without) it being published."""

    title = blocks.CharBlock(
        label=_("Title"),
        max_length=250,
        help_text=_("As readers should see it, e.g. the presentation's title and its author."),
    )
    document = DocumentChooserBlock(
        label=_("File"), required=False, help_text=_("The file to download, if published.")
    )
    url = blocks.URLBlock(
        label=_("Address"),
        required=False,
        help_text=_("Or a link to the document elsewhere (a video, a partner's site)."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "events/blocks/session_document.html"
        value_class = SessionDocumentValue
        description = _("A presentation or handout, with its file or link when available.")


class SessionValue(blocks.StructValue):
    def kind_label(self):
        return SESSION_KIND_LABELS.get(self.get("kind"), "")

    def has_time(self):
        return self.get("start_time") is not None

    def speaker_list(self):
        return [person for person in self.get("speakers") or [] if person is not None]

    def practice_list(self):
        return [page for page in self.get("practices") or [] if page is not None]


class SessionBlock(blocks.StructBlock):
    start_time = blocks.TimeBlock(
        label=_("Start time"),
        required=False,
        help_text=_("Local time at the event. Leave empty when the programme gives no time."),
    )
    end_time = blocks.TimeBlock(
        label=_("End time"), required=False, help_text=_("Must be after the start time.")
    )
    kind = SessionKind(label=_("Kind"), default="presentation")
    title = blocks.CharBlock(label=_("Title"), max_length=250)
    place = blocks.CharBlock(
        label=_("Place"),
        required=False,
        max_length=200,
        help_text=_("Room, building or village, when it differs from the event's venue."),
    )
    description = blocks.TextBlock(
        label=_("Description"),
        required=False,
        max_length=2000,
        help_text=_("What the session is about, in a few sentences."),
    )
    speakers = blocks.ListBlock(
        SnippetChooserBlock("events.Person"),
        label=_("Speakers"),
        default=[],
        help_text=_("They appear in the day's speaker directory automatically."),
    )
    practices = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="practices.PracticePage"),
        label=_("Practices presented"),
        default=[],
        help_text=_("Practices of the library presented in this session."),
    )
    documents = blocks.ListBlock(SessionDocumentBlock(), label=_("Documents"), default=[])

    class Meta:
        icon = "time"
        label = _("Session")
        template = "events/blocks/session.html"
        value_class = SessionValue
        form_classname = "session-block struct-block"

    def clean(self, value):
        result = super().clean(value)
        start, end = result.get("start_time"), result.get("end_time")
        if end is not None and start is None:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "start_time": ValidationError(_("Give a start time with the end time."))
                }
            )
        if start is not None and end is not None and end <= start:
            # A session lies inside its day: an end at or before the start would cross
            # midnight, which a day of the programme cannot hold (add the next day instead).
            raise blocks.StructBlockValidationError(
                block_errors={
                    "end_time": ValidationError(_("The session must end after it starts."))
                }
            )
        return result


def _sort_key(person) -> str:
    folded = unicodedata.normalize("NFKD", person.name)
    return "".join(char for char in folded if not unicodedata.combining(char)).casefold()


class DayValue(blocks.StructValue):
    def session_list(self):
        """The sessions as bound blocks: ``.value`` and a stable ``.id`` for anchors."""
        sessions = self.get("sessions")
        return list(sessions.bound_blocks) if sessions is not None else []

    def speakers(self):
        """The day's speaker directory: each person once, however many sessions they speak
        in, with those sessions (bound blocks), sorted by name."""
        entries = {}
        for session in self.session_list():
            for person in session.value.speaker_list():
                entry = entries.setdefault(person.pk, {"person": person, "sessions": []})
                if not any(seen is session for seen in entry["sessions"]):
                    entry["sessions"].append(session)
        return sorted(entries.values(), key=lambda entry: _sort_key(entry["person"]))


class DayBlock(blocks.StructBlock):
    date = blocks.DateBlock(
        label=_("Date"), help_text=_("A date between the event's start and end dates.")
    )
    title = blocks.CharBlock(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("What the day is about, e.g. 'Study visit in the Vercors'."),
    )
    sessions = blocks.ListBlock(SessionBlock(), label=_("Sessions"), min_num=1)

    class Meta:
        icon = "date"
        label = _("Day")
        template = "events/blocks/day.html"
        value_class = DayValue
        description = _("One day of the programme with its sessions, in order.")


class ProgrammeBlock(blocks.StreamBlock):
    day = DayBlock()

    def clean(self, value):
        result = super().clean(value)
        dates = [child.value["date"] for child in result if child.block_type == "day"]
        if any(later <= earlier for earlier, later in zip(dates, dates[1:], strict=False)):
            raise blocks.StreamBlockValidationError(
                non_block_errors=[ValidationError(_("List the days in order, each date once."))]
            )
        return result


# Report ---------------------------------------------------------------------------------


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=250)
    text = blocks.RichTextBlock(label=_("Text"), features=REPORT_TEXT_FEATURES)

    class Meta:
        icon = "doc-full-inverse"
        label = _("Section")
        template = "events/blocks/section.html"
        description = _("A titled section of the report.")
        preview_value = {
            "heading": "Une rencontre européenne",
            "text": "<p>Élus, techniciens et experts ont confronté leurs expériences.</p>",
        }


class WorkshopReportBlock(SectionBlock):
    class Meta:
        icon = "group"
        label = _("Workshop")
        template = "events/blocks/workshop.html"
        description = _("What a workshop did and what came out of it.")


class KeyPointsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=250)
    items = blocks.ListBlock(
        blocks.TextBlock(label=_("Key point"), max_length=800), label=_("Key points"), min_num=1
    )

    class Meta:
        icon = "list-ul"
        label = _("Key points")
        template = "events/blocks/key_points.html"
        description = _("The main points of a speech or a discussion, as a list.")
        preview_value = {
            "heading": "Points clés",
            "items": ["La mobilité est l'enjeu prioritaire.", "Il faut se regrouper."],
        }


class EventQuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(
        label=_("Quotation"), help_text=_("Only words the source itself puts in quotation marks.")
    )
    person = SnippetChooserBlock(
        "events.Person", label=_("Said by"), required=False, help_text=_("A speaker of the event.")
    )
    attribution = blocks.CharBlock(
        label=_("Or attribution"),
        required=False,
        max_length=200,
        help_text=_("Who said it, when they are not among the speakers."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "events/blocks/quote.html"
        description = _("A short quotation of a speaker.")


class InitiativeValue(blocks.StructValue):
    def contact_list(self):
        return list(self.get("contacts") or [])


class InitiativeBlock(blocks.StructBlock):
    """A practice presented at the event, with the contacts given in the report. The practice
    page carries the description: the report only points to it."""

    practice = blocks.PageChooserBlock(
        page_type="practices.PracticePage",
        label=_("Practice"),
        help_text=_("The practice in the library. Create it there first if it is missing."),
    )
    comment = blocks.TextBlock(
        label=_("Comment"),
        required=False,
        max_length=800,
        help_text=_("Optional: what the presentation stressed."),
    )
    contacts = blocks.ListBlock(
        ContactBlock(),
        label=_("Contacts"),
        default=[],
        help_text=_("Only contacts the organisation itself published for the presentation."),
    )

    class Meta:
        icon = "pick"
        label = _("Initiative presented")
        template = "events/blocks/initiative.html"
        value_class = InitiativeValue
        description = _("A practice presented at the event, linked to its page, with contacts.")


class ReportStreamBlock(BaseStreamBlock):
    section = SectionBlock()
    key_points = KeyPointsBlock()
    initiative = InitiativeBlock()
    workshop = WorkshopReportBlock()
    quote = EventQuoteBlock()
