"""Reading practices from files and writing them as pages.

Three formats, one record shape (a dict with the export's columns):

- ``sheets``: the ADRETS project-sheet text format (a title line, a category line, the title
  again, then optional sections "Objectifs", "Description", "Enjeux", "Budget",
  "Durée et déroulement", "Site web", each either "Name: text" or a line of its own followed
  by its text; empty sections are allowed);
- ``csv`` and ``json``: the library's own exports (``practices.exports``).

Every record carries the line (or item) where it starts, so that errors name it.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify

from .models import (
    PRACTICE_SECTIONS,
    ActionType,
    Country,
    FundingProgramme,
    OrganisationPage,
    PracticeFunding,
    PracticeIndexPage,
    PracticePage,
    SmartDimension,
    TargetGroup,
    Theme,
)

#: Categories of the project sheets and the action type each one means.
SHEET_CATEGORIES = {
    "animation de réseau": "network-facilitation",
    "stratégie territoriale": "territorial-strategy",
    "accompagnement collaboratif": "collaborative-support",
    "capitalisation et communs": "study",
}
#: Section headings of the project sheets and the practice field each one fills.
SHEET_SECTIONS = {
    "objectifs": "objectives",
    "description": "description",
    "enjeux": "stakes",
    "budget": "budget",
    "durée et déroulement": "schedule",
    "site web": "website",
}
#: Programmes named in the budget lines of the sheets ("Financement FEDER : 1.884.101,06 EUR").
BUDGET_PROGRAMMES = {
    "feder": "erdf",
    "erdf": "erdf",
    "feader": "eafrd",
    "eafrd": "eafrd",
    "leader": "leader",
    "interreg": "interreg-alpine-space",
}
LIST_FIELDS = ("dimensions", "themes", "target_groups", "countries", "partners")


class RecordError(Exception):
    """A record that cannot be imported, with the reason in words."""


@dataclass
class Record:
    line: int
    data: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


# Parsing ----------------------------------------------------------------------------------

_SECTION_LINE = re.compile(
    r"^\s*(?P<name>"
    + "|".join(re.escape(name) for name in SHEET_SECTIONS)
    + r")\s*(?::\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://\S+")
_AMOUNT = re.compile(r"(\d[\d\s.,\u00a0\u202f]*\d|\d)\s*(?:€|EUR|euros?)", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[-•→]\s*)+")


def _section_of(line: str):
    match = _SECTION_LINE.match(line)
    if not match:
        return None
    return SHEET_SECTIONS[match.group("name").lower()], (match.group("rest") or "").strip()


def _is_record_start(lines: list[str], index: int) -> int:
    """0 when no record starts at ``index``, else the number of header lines (2 or 3)."""
    title = lines[index].strip()
    if not title or _section_of(title):
        return 0
    if index + 1 < len(lines) and lines[index + 1].strip() == title:
        return 2
    if (
        index + 2 < len(lines)
        and lines[index + 2].strip() == title
        and lines[index + 1].strip()
        and not _section_of(lines[index + 1])
    ):
        return 3
    return 0


def parse_amount(text: str) -> Decimal | None:
    """ "1.884.101,06" or "2 061 999" or "224.929,99" as a Decimal (French conventions)."""
    raw = re.sub(r"[\s\u00a0\u202f]", "", text)
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif raw.count(".") > 1 or re.search(r"\.\d{3}$", raw):
        raw = raw.replace(".", "")
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def text_to_rich_text(lines: list[str]) -> str:
    """Sheet lines to rich text: "- " or "•" or "→" lines become list items."""
    out, items = [], []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if _LIST_ITEM.match(line):
            items.append(f"<li>{escape(_LIST_ITEM.sub('', line))}</li>")
            continue
        if items:
            out.append("<ul>" + "".join(items) + "</ul>")
            items = []
        out.append(f"<p>{escape(line)}</p>")
    if items:
        out.append("<ul>" + "".join(items) + "</ul>")
    return "".join(out)


def parse_sheets(text: str) -> list[Record]:
    """Split a file of project sheets into records and read each one's sections."""
    lines = text.splitlines()
    starts = []
    index = 0
    while index < len(lines):
        header = _is_record_start(lines, index)
        if header:
            starts.append((index, header))
            index += header
        else:
            index += 1
    records = []
    if starts and any(line.strip() for line in lines[: starts[0][0]]):
        first = next(i for i, line in enumerate(lines) if line.strip())
        records.append(
            Record(line=first + 1, error="text before the first sheet (no title line found)")
        )
    for number, (start, header) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(lines)
        records.append(_read_sheet(lines, start, header, end))
    return records


def _read_sheet(lines, start, header, end) -> Record:
    record = Record(line=start + 1)
    title = lines[start].strip()
    data = record.data
    data["title"] = title
    if header == 3:
        category = lines[start + 1].strip()
        code = SHEET_CATEGORIES.get(category.lower())
        if code is None:
            code = _action_type_by_name(category)
        if code is None:
            record.warnings.append(f"unknown category {category!r}: no action type")
        data["action_type"] = code or ""
    sections: dict[str, list[str]] = {}
    current = None
    for offset, line in enumerate(lines[start + header : end], start=start + header + 1):
        found = _section_of(line)
        if found:
            current, rest = found
            if current in sections:
                record.error = (
                    f"line {offset}: section {line.split(':')[0].strip()!r} appears twice"
                )
                return record
            sections[current] = [rest] if rest else []
        elif line.strip():
            if current is None:
                record.error = f"line {offset}: text outside any section: {line.strip()[:60]!r}"
                return record
            sections[current].append(line)
    if len(title) > 255:
        record.error = "the title is longer than 255 characters"
        return record
    for name in ("objectives", "description", "stakes"):
        if sections.get(name):
            data[name] = text_to_rich_text(sections[name])
    if sections.get("schedule"):
        schedule = text_to_rich_text(sections["schedule"])
        data["description"] = data.get("description", "") + schedule
    budget = [line.strip() for line in sections.get("budget", []) if line.strip()]
    if budget:
        data["funding_note"] = " ".join(budget)[:1000]
        data["funding"] = _funding_from_budget(budget)
    urls = _URL.findall(" ".join(sections.get("website", [])))
    if urls:
        data["website"] = urls[0].rstrip(".,;)")
    data["summary"] = _summary(data)
    return record


def _action_type_by_name(name: str) -> str | None:
    match = ActionType.objects.filter(name__iexact=name.strip()).values_list("code", flat=True)
    return match.first()


def _funding_from_budget(lines):
    funding = []
    for line in lines:
        lowered = line.lower()
        if not lowered.startswith(("financement", "funding")):
            continue
        programme = next(
            (
                code
                for word, code in BUDGET_PROGRAMMES.items()
                if re.search(rf"\b{word}\b", lowered)
            ),
            None,
        )
        amount = _AMOUNT.search(line)
        if programme and amount:
            value = parse_amount(amount.group(1))
            if value is not None:
                funding.append({"programme": programme, "amount": str(value), "share": None})
    return funding


def _summary(data) -> str:
    """The sheets have no summary: the first sentence of the objectives or description."""
    for name in ("objectives", "description", "stakes"):
        html = data.get(name)
        if html:
            text = re.sub(r"<[^>]+>", " ", html)
            text = re.sub(r"\s+", " ", text).strip()
            text = text.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
            if len(text) > 280:
                text = text[:277].rsplit(" ", 1)[0] + "…"
            return text
    return data["title"][:280]


def parse_csv(text: str) -> list[Record]:
    from .exports import LIST_SEPARATOR

    records = []
    reader = csv.DictReader(text.lstrip("\ufeff").splitlines())
    if not reader.fieldnames or "title" not in reader.fieldnames:
        return [Record(line=1, error="the header has no 'title' column")]
    for row in reader:
        record = Record(line=reader.line_num)
        data = {key: (value or "").strip() for key, value in row.items() if key}
        for name in LIST_FIELDS:
            if name in data:
                data[name] = [item for item in data[name].split(LIST_SEPARATOR) if item]
        if data.get("funding"):
            try:
                data["funding"] = json.loads(data["funding"])
            except ValueError:
                record.error = "the funding column is not valid JSON"
        else:
            data["funding"] = []
        record.data = data
        records.append(record)
    return records


def parse_json(text: str) -> list[Record]:
    try:
        document = json.loads(text)
    except ValueError as exc:
        return [Record(line=getattr(exc, "lineno", 1), error=f"not valid JSON: {exc}")]
    items = document.get("practices") if isinstance(document, dict) else document
    if not isinstance(items, list):
        return [Record(line=1, error="expected a list of practices (or {'practices': [...]})")]
    records = []
    for number, item in enumerate(items, start=1):
        record = Record(line=number)
        if not isinstance(item, dict):
            record.error = "not an object"
        else:
            record.data = dict(item)
        records.append(record)
    return records


PARSERS = {"sheets": parse_sheets, "csv": parse_csv, "json": parse_json}


# Writing ----------------------------------------------------------------------------------


def _date(value, name):
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise RecordError(f"{name}: not a date (YYYY-MM-DD): {value!r}") from exc


def _float(value, name):
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise RecordError(f"{name}: not a number: {value!r}") from exc


def _terms(model, codes, locale, name):
    """Terms by code, in the import's locale or the source one (links are synchronised)."""
    codes = [code for code in codes or [] if code]
    found = {}
    for term in model.objects.filter(code__in=codes).select_related("locale"):
        if term.code not in found or term.locale_id == locale.pk:
            found[term.code] = term
    missing = [code for code in codes if code not in found]
    if missing:
        raise RecordError(f"{name}: unknown code(s) {', '.join(missing)}")
    return [found[code] for code in codes]


def _organisation(slug, name):
    if not slug:
        return None
    organisation = (
        OrganisationPage.objects.filter(slug=slug, alias_of__isnull=True).order_by("pk").first()
    )
    if organisation is None:
        organisation = OrganisationPage.objects.filter(title=slug, alias_of__isnull=True).first()
    if organisation is None:
        raise RecordError(f"{name}: no organisation {slug!r}")
    return organisation


def apply_record(page: PracticePage, data: dict, locale) -> PracticePage:
    """Set the fields of ``page`` from a record (export columns). Raises RecordError."""
    page.title = data["title"]
    if "summary" in data:
        page.introduction = data["summary"] or ""
    for name in ("territory", "scale", "website", "funding_note"):
        if name in data:
            setattr(page, name, data[name] or "")
    for name in PRACTICE_SECTIONS:
        if name in data:
            setattr(page, name, data[name] or "")
    if "latitude" in data or "longitude" in data:
        page.latitude = _float(data.get("latitude"), "latitude")
        page.longitude = _float(data.get("longitude"), "longitude")
    if "start_date" in data:
        page.start_date = _date(data.get("start_date"), "start_date")
    if "end_date" in data:
        page.end_date = _date(data.get("end_date"), "end_date")
    if "action_type" in data:
        codes = [data["action_type"]] if data["action_type"] else []
        terms = _terms(ActionType, codes, locale, "action_type")
        page.action_type = terms[0] if terms else None
    for name, model in (
        ("dimensions", SmartDimension),
        ("themes", Theme),
        ("target_groups", TargetGroup),
    ):
        if name in data:
            getattr(page, name).set(_terms(model, data[name], locale, name))
    if "countries" in data:
        codes = [code.upper() for code in data["countries"] or []]
        countries = list(Country.objects.filter(code__in=codes))
        unknown = set(codes) - {country.code for country in countries}
        if unknown:
            raise RecordError(
                f"countries: not an Alpine Space country: {', '.join(sorted(unknown))}"
            )
        page.countries.set(countries)
    if "lead_organisation" in data:
        page.lead_organisation = _organisation(data["lead_organisation"], "lead_organisation")
    if "partners" in data:
        page.partners.set([_organisation(slug, "partners") for slug in data["partners"] or []])
    if "funding" in data:
        items = []
        for item in data["funding"] or []:
            programme = _terms(FundingProgramme, [item.get("programme")], locale, "funding")[0]
            try:
                amount = (
                    Decimal(str(item["amount"])) if item.get("amount") not in (None, "") else None
                )
                share = Decimal(str(item["share"])) if item.get("share") not in (None, "") else None
            except InvalidOperation as exc:
                raise RecordError(f"funding: not an amount: {item!r}") from exc
            items.append(PracticeFunding(programme=programme, amount=amount, share=share))
        page.funding = items
    for name in ("key_steps", "contacts", "links"):
        if name in data and isinstance(data[name], list):
            setattr(page, name, data[name])
    return page


def practice_index_for(locale) -> PracticeIndexPage:
    index = PracticeIndexPage.objects.filter(locale=locale).order_by("alias_of_id", "path").first()
    if index is None:
        raise RecordError(f"no practice library page in the locale {locale.language_code!r}")
    return index


def create_aliases(page):
    """Give a new page an alias in every other locale, as wagtail-localize does in the admin
    for pages of the synchronised source locale, and as we do by hand for pages that start in
    another locale (the English practice sheet)."""
    from wagtail.models import Locale
    from wagtail_localize.synctree import create_aliases_for_new_page

    if not page.get_translations().exists():
        create_aliases_for_new_page(page)
    for locale in Locale.objects.exclude(pk=page.locale_id):
        if page.get_translation_or_none(locale) is None:
            parent = page.get_parent()
            if parent.get_translation_or_none(locale) is not None:
                page.copy_for_translation(locale, alias=True)


def save_practice(data: dict, parent, *, live: bool, slug: str | None = None):
    """Create or update (matched by title in the parent's locale) one practice, atomically.

    Returns (page, created). Raises RecordError or ValidationError, writing nothing then.
    """
    title = (data.get("title") or "").strip()
    if not title:
        raise RecordError("no title")
    locale = parent.locale
    with transaction.atomic():
        page = (
            PracticePage.objects.filter(locale=locale, title=title, alias_of__isnull=True)
            .order_by("pk")
            .first()
        )
        created = page is None
        if created:
            page = PracticePage(locale=locale, slug=slug or _free_slug(parent, title))
        apply_record(page, {**data, "title": title}, locale)
        if live and not page.dimensions.all():
            raise RecordError(
                "dimensions: a published practice needs at least one smart dimension "
                "(give one with --dimension)"
            )
        if created:
            page.live = False  # goes live when its first revision is published
            parent.add_child(instance=page)
        # An update is a new revision: the live version changes only when it is published.
        revision = page.save_revision()
        if live:
            revision.publish()
            page = PracticePage.objects.get(pk=page.pk)
        if created:
            create_aliases(page)
    return page, created


def _free_slug(parent, title):
    base = slugify(title)[:70].strip("-") or "pratique"
    slug, number = base, 2
    while parent.get_children().filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def error_text(exc) -> str:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "message_dict"):
            return "; ".join(
                f"{name}: {' '.join(str(m) for m in messages)}"
                for name, messages in exc.message_dict.items()
            )
        return " ".join(str(message) for message in exc.messages)
    return str(exc)
