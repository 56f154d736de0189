"""Applicants' data: who may read applications to calls, the log of every download, the
retention period, and one applicant's data exported or erased on request.

Applications hold personal data (names, addresses, documents). They are read by the "Call
reviewers" group and superusers only: not by translators or editors, whose page permissions
would otherwise open Wagtail's form submissions to them (wagtail_hooks.py filters them out).
"""

from __future__ import annotations

import io
import json
import logging
import zipfile
from datetime import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from .models import CallPage, CallSubmission

logger = logging.getLogger(__name__)

REVIEWERS_GROUP = "Call reviewers"
DEMO_REVIEWER = "call-reviewer"
VIEW_PERMISSION = "home.view_callsubmission"
ERASE_PERMISSION = "home.delete_callsubmission"

#: Audit log actions (Wagtail's history and "Site history" report), registered in
#: wagtail_hooks.py. Their entries name the application by number, never by its content.
DOWNLOAD_ACTION = "home.application.download"
EXPORT_ACTION = "home.application.export"
ERASE_ACTION = "home.application.erase"
EXPIRE_ACTION = "home.application.expire"


def may_read_applications(user) -> bool:
    return user.is_active and user.has_perm(VIEW_PERMISSION)


def label(submission: CallSubmission) -> str:
    """How logs name an application: its number and call, none of the applicant's data."""
    return f"Application #{submission.pk} ({submission.page.title})"


def log_download(request, submission, what: str):
    """Every download of applicants' data leaves a trace: Wagtail's audit log (who, when,
    which application) and the application log."""
    log(
        instance=submission,
        action=DOWNLOAD_ACTION if what != "export" else EXPORT_ACTION,
        user=request.user,
        title=label(submission),
        data={"what": what},
    )
    logger.info(
        "applicants' data: %s of application %s downloaded by user %s",
        what,
        submission.pk,
        request.user.pk,
    )


def log_export(request, page, count: int):
    """An export of a call's applications (Wagtail's CSV or XLSX), logged on the call page."""
    log(
        instance=page,
        action=EXPORT_ACTION,
        user=request.user,
        data={"applications": count, "format": request.GET.get("export", "")},
    )
    logger.info(
        "applicants' data: %d applications of call %s exported by user %s",
        count,
        page.pk,
        request.user.pk,
    )


# One applicant's data ---------------------------------------------------------------------


def _normalise(value: str) -> str:
    return " ".join(str(value).split()).casefold()


def applications_of(email: str):
    """The applications whose answers hold this e-mail address (any field, any case)."""
    wanted = _normalise(email)
    if "@" not in wanted:
        return []
    found = []
    submissions = CallSubmission.objects.select_related("page__locale").prefetch_related(
        "attachments"
    )
    for submission in submissions.order_by("submit_time", "pk"):
        values = submission.form_data.values() if isinstance(submission.form_data, dict) else []
        if any(isinstance(value, str) and _normalise(value) == wanted for value in values):
            found.append(submission)
    return found


def export_archive(submissions) -> bytes:
    """A ZIP of the applications: their answers as JSON and every document sent with them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        records = []
        for submission in submissions:
            documents = []
            for attachment in submission.attachments.all():
                name = f"documents/{submission.pk}/{attachment.pk}-{attachment.original_name}"
                try:
                    with attachment.file.open("rb") as handle:
                        archive.writestr(name, handle.read())
                except FileNotFoundError:
                    name = None
                documents.append(
                    {
                        "field": attachment.field_name,
                        "name": attachment.original_name,
                        "type": attachment.content_type,
                        "file": name,
                    }
                )
            records.append(
                {
                    "application": submission.pk,
                    "call": submission.page.title,
                    "sent": submission.submit_time,
                    "language": submission.language,
                    "answers": submission.form_data,
                    "documents": documents,
                }
            )
        archive.writestr(
            "applications.json",
            json.dumps(records, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
    return buffer.getvalue()


@transaction.atomic
def erase(submissions, user=None, action=ERASE_ACTION) -> int:
    """Delete the applications and their documents (the files go with them: models.py),
    leaving in the log only that application #n of a call was erased, by whom."""
    count = 0
    for submission in submissions:
        log(instance=submission, action=action, user=user, title=label(submission))
        submission.delete()
        count += 1
    return count


# Retention ---------------------------------------------------------------------------------


def retention() -> relativedelta:
    return relativedelta(months=settings.CALL_APPLICATION_RETENTION_MONTHS)


def expired_applications(now: datetime | None = None):
    """Applications kept longer than the retention period after their call closed (after
    they were sent, for a call without a closing date)."""
    now = now or timezone.now()
    cutoff = now - retention()
    closed = CallPage.objects.filter(closes_at__lt=cutoff).values("pk")
    open_ended = CallPage.objects.filter(closes_at__isnull=True).values("pk")
    return (
        CallSubmission.objects.filter(page__in=closed)
        | CallSubmission.objects.filter(page__in=open_ended, submit_time__lt=cutoff)
    ).select_related("page")
