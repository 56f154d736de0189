"""Open-data exports of the practice library, per language, with the listing's filters.

Both formats carry the same columns, with terms as stable codes (the same in every
language) and the sections as the HTML editors wrote; the importer reads them back
(``import_practices --format csv|json``). Contacts are left out: they are for readers of the
page, not for bulk reuse.
"""

from __future__ import annotations

import csv
import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.text import slugify

from .models import PRACTICE_SECTIONS, PracticeFunding
from .queries import PracticeFilter, classification

#: Columns of the exports, in order. List values are joined with LIST_SEPARATOR in CSV.
COLUMNS = [
    "title",
    "slug",
    "url",
    "language",
    "source_language",
    "summary",
    "action_type",
    "dimensions",
    "themes",
    "target_groups",
    "scale",
    "countries",
    "territory",
    "latitude",
    "longitude",
    "start_date",
    "end_date",
    "status",
    "lead_organisation",
    "partners",
    *PRACTICE_SECTIONS,
    "funding_note",
    "funding",
    "website",
    "first_published_at",
]
LIST_COLUMNS = {"dimensions", "themes", "target_groups", "countries", "partners"}
LIST_SEPARATOR = "|"


def export_rows(index, params, request=None) -> list[dict]:
    """One dict per practice of the filtered listing. A fixed number of queries."""
    practice_filter = PracticeFilter(params, index)
    practices = list(
        practice_filter.results().select_related(
            "action_type", "alias_of__locale", "lead_organisation", "locale"
        )
    )
    pks = [practice.pk for practice in practices]
    links = classification(pks)
    partners = {}
    through = practices[0].partners.through if practices else None
    if through is not None:
        for row in through.objects.filter(practicepage_id__in=pks).values_list(
            "practicepage_id", "organisationpage__slug"
        ):
            partners.setdefault(row[0], []).append(row[1])
    funding = {}
    for item in PracticeFunding.objects.filter(page_id__in=pks).select_related("programme"):
        funding.setdefault(item.page_id, []).append(
            {
                "programme": item.programme.code,
                "amount": str(item.amount) if item.amount is not None else None,
                "share": str(item.share) if item.share is not None else None,
            }
        )
    rows = []
    for practice in practices:
        codes = links[practice.pk]
        row = {
            "title": practice.title,
            "slug": practice.slug,
            "url": practice.get_full_url(request),
            "language": practice.locale.language_code,
            "source_language": (
                practice.alias_of.locale.language_code
                if practice.alias_of_id
                else practice.locale.language_code
            ),
            "summary": practice.introduction,
            "action_type": codes["action_type"][0] if codes["action_type"] else "",
            "dimensions": codes["dimension"],
            "themes": codes["theme"],
            "target_groups": codes["target_group"],
            "scale": practice.scale,
            "countries": codes["country"],
            "territory": practice.territory,
            "latitude": practice.latitude,
            "longitude": practice.longitude,
            "start_date": practice.start_date.isoformat() if practice.start_date else "",
            "end_date": practice.end_date.isoformat() if practice.end_date else "",
            "status": str(practice.status),
            "lead_organisation": (
                practice.lead_organisation.slug if practice.lead_organisation_id else ""
            ),
            "partners": sorted(partners.get(practice.pk, [])),
            "funding_note": practice.funding_note,
            "funding": funding.get(practice.pk, []),
            "website": practice.website,
            "first_published_at": (
                practice.first_published_at.isoformat() if practice.first_published_at else ""
            ),
        }
        for section in PRACTICE_SECTIONS:
            row[section] = getattr(practice, section)
        rows.append(row)
    return rows


def _filename(index, extension):
    language = translation.get_language() or settings.LANGUAGE_CODE
    return f"{slugify(index.slug) or 'practices'}-{language}.{extension}"


def csv_response(index, request):
    rows = export_rows(index, request.GET, request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(index, "csv")}"'
    response.write("\ufeff")  # lets spreadsheet software detect UTF-8
    writer = csv.DictWriter(response, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        flat = dict(row)
        for column in LIST_COLUMNS:
            flat[column] = LIST_SEPARATOR.join(row[column])
        flat["funding"] = json.dumps(row["funding"], ensure_ascii=False) if row["funding"] else ""
        flat["latitude"] = "" if row["latitude"] is None else row["latitude"]
        flat["longitude"] = "" if row["longitude"] is None else row["longitude"]
        writer.writerow(flat)
    return response


def json_response(index, request):
    rows = export_rows(index, request.GET, request)
    response = JsonResponse(
        {
            "language": translation.get_language() or settings.LANGUAGE_CODE,
            "count": len(rows),
            "practices": rows,
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Content-Disposition"] = f'inline; filename="{_filename(index, "json")}"'
    return response
