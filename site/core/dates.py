"""Dates as each language writes them in running text, for every template and block.

Django's own DATE_FORMAT is not always that: "Oct. 6, 2020", "06 Ottobre 2020",
"06. oktober 2020". Here: "1er juin 2020", "1 June 2020", "1 giugno 2020", "1. Juni 2020",
"1. junij 2020": no leading zero, month and day names from Django's catalogs, Italian names
in lower case, and the French ordinal for the first day of a month.
"""

from __future__ import annotations

import re

from django.utils import formats, translation

DATE_FORMATS = {"fr": "j F Y", "en": "j F Y", "it": "j F Y", "de": "j. F Y", "sl": "j. F Y"}
#: The same with the weekday (Django's locale formats have none with a weekday).
FULL_DATE_FORMATS = {
    "fr": "l j F Y",
    "en": "l j F Y",
    "it": "l j F Y",
    "de": "l, j. F Y",
    "sl": "l, j. F Y",
}
#: A date and a time of day ("5 octobre 2020 à 9:00" is left to the sentence around it).
DATETIME_FORMATS = {
    "fr": "j F Y H:i",
    "en": "j F Y, H:i",
    "it": "j F Y H:i",
    "de": "j. F Y, H:i",
    "sl": "j. F Y, H:i",
}
#: Languages that write month and day names in lower case, where Django's catalog
#: capitalises them (Italian: "Ottobre", "Martedì").
LOWER_CASE_NAMES = {"it"}
_FIRST_DAY = re.compile(r"(?<!\d)1 (?=\D)")


def language() -> str:
    return (translation.get_language() or "en").split("-")[0]


def format_date(value, table=DATE_FORMATS) -> str:
    if not value:
        return ""
    code = language()
    text = formats.date_format(value, table.get(code, "DATE_FORMAT"))
    if code in LOWER_CASE_NAMES:
        text = text.lower()
    if code == "fr" and value.day == 1:
        text = _FIRST_DAY.sub("1er ", text, count=1)
    return text


def full_date(value) -> str:
    return format_date(value, FULL_DATE_FORMATS)


def date_time(value) -> str:
    """A timezone-aware datetime in the current time zone, with its time of day."""
    if not value:
        return ""
    from django.utils import timezone

    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return format_date(value, DATETIME_FORMATS)
