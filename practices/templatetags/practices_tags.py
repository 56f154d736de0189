"""Template tags of the practice library."""

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from practices.models import Status, status_for

register = template.Library()


@register.simple_tag
def practice_period(practice):
    """ "November 2023 – September 2024", "Since March 2021 (ongoing)"... in the active
    language (month names from Django's catalogs)."""
    start, end = practice.start_date, practice.end_date
    start_text = formats.date_format(start, "YEAR_MONTH_FORMAT") if start else ""
    end_text = formats.date_format(end, "YEAR_MONTH_FORMAT") if end else ""
    if start and end:
        text = _("%(start)s – %(end)s") % {"start": start_text, "end": end_text}
    elif start:
        text = _("Since %(start)s") % {"start": start_text}
    else:
        text = _("Until %(end)s") % {"end": end_text}
    if status_for(end) == Status.ONGOING:
        text = _("%(period)s (ongoing)") % {"period": text}
    return text


@register.filter
def reverse_email(address):
    """The address reversed, for the script that rebuilds the mailto link."""
    return (address or "")[::-1]


@register.filter
def obfuscate_email(address):
    """ "user [at] domain": readable, but no harvestable address in the HTML."""
    if not address or "@" not in address:
        return address or ""
    user, domain = address.split("@", 1)
    return f"{user} [{_('at')}] {domain}"
