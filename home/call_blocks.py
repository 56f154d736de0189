"""Blocks of the call page (CallPage): its dated calendar. Its contacts and documents are the
shared blocks of smartvillages.core.blocks."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class CalendarStepValue(blocks.StructValue):
    """Whether a step is a single day or a period, so the template only formats."""

    def is_period(self):
        end = self.get("end_date")
        return bool(end and end != self.get("start_date"))


class CalendarStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Step"),
        max_length=120,
        help_text=_("What happens: launch of the call, deadline, review, announcement..."),
    )
    start_date = blocks.DateBlock(label=_("Date"), help_text=_("The day, or the first day."))
    end_date = blocks.DateBlock(
        label=_("End date"),
        required=False,
        help_text=_("Only for a period of several days."),
    )
    description = blocks.TextBlock(label=_("Details"), required=False, max_length=400)

    def clean(self, value):
        result = super().clean(value)
        start, end = result.get("start_date"), result.get("end_date")
        if start and end and end < start:
            raise blocks.StructBlockValidationError(
                block_errors={"end_date": [_("The end date cannot be before the date.")]}
            )
        return result

    class Meta:
        icon = "date"
        label = _("Calendar step")
        template = "home/includes/call_step.html"
        value_class = CalendarStepValue
        description = _("A dated step of the call, shown in the calendar.")


class CalendarBlock(blocks.StreamBlock):
    step = CalendarStepBlock()
