"""The editors' report of the self-assessment: anonymous aggregates of the stored results
(how many per language and month, the mean score of each dimension, the most recommended
practices), with CSV export. A fixed number of queries, whatever the number of results."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import permission_required
from django.db.models import Avg, Count, FloatField, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, TruncMonth
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Locale

from home.blocks import DIMENSION_CHOICES
from practices.models import PracticePage

from .models import AssessmentRecommendation, AssessmentResult

TOP_PRACTICES = 20
PERMISSION = "assessment.view_assessmentresult"


def monthly_rows() -> list[dict]:
    """One row per language and month: the number of results and the mean score per
    dimension (None where no result of the month scored that dimension)."""
    means = {
        code: Avg(Cast(KT(f"scores__{code}"), FloatField())) for code, _label in DIMENSION_CHOICES
    }
    rows = (
        AssessmentResult.objects.annotate(month=TruncMonth("created_at"))
        .values("language", "month")
        .annotate(count=Count("id"), **means)
        .order_by("-month", "language")
    )
    return [
        row | {code: None if row[code] is None else round(row[code]) for code in means}
        for row in rows
    ]


def top_practices(limit=TOP_PRACTICES) -> list[dict]:
    """The most recommended practices, named in the editor's language where translated
    (else in their source language): two queries."""
    counts = list(
        AssessmentRecommendation.objects.values("practice_key")
        .annotate(count=Count("id"), first=Count("id", filter=Q(rank=1)))
        .order_by("-count", "-first", "practice_key")[:limit]
    )
    keys = [row["practice_key"] for row in counts]
    language = translation.get_language()
    titles: dict = {}
    for key, title, code, alias in (
        PracticePage.objects.filter(translation_key__in=keys)
        .values_list("translation_key", "title", "locale__language_code", "alias_of_id")
        .order_by("translation_key")
    ):
        if alias is None and (key not in titles or code == language):
            titles[key] = title
    return [
        row | {"title": titles.get(row["practice_key"], _("(deleted practice)"))} for row in counts
    ]


def _language_names():
    return {locale.language_code: locale.get_display_name() for locale in Locale.objects.all()}


@permission_required(PERMISSION, raise_exception=True)
def report(request):
    dimensions = [(code, str(label)) for code, label in DIMENSION_CHOICES]
    months = monthly_rows()
    practices = top_practices()
    export = request.GET.get("export")
    if export == "months":
        return _csv(
            "self-assessments-by-month.csv",
            [_("Language"), _("Month"), _("Results")] + [label for _c, label in dimensions],
            (
                [row["language"], row["month"].strftime("%Y-%m"), row["count"]]
                + [row[code] if row[code] is not None else "" for code, _l in dimensions]
                for row in months
            ),
        )
    if export == "practices":
        return _csv(
            "self-assessments-recommended-practices.csv",
            [_("Practice"), _("Times recommended"), _("Recommended first")],
            ([row["title"], row["count"], row["first"]] for row in practices),
        )
    names = _language_names()
    for row in months:
        row["language_name"] = names.get(row["language"], row["language"])
        row["means"] = [row[code] for code, _label in dimensions]
    return render(
        request,
        "assessment/admin/report.html",
        {
            "dimensions": dimensions,
            "months": months,
            "practices": practices,
            "total": sum(row["count"] for row in months),
        },
    )


def _csv(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response
