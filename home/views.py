"""Views of the call pages: the public form flow, the editors' submission listing with links
to the documents, and the permission-checked download of those documents."""

import logging
from collections import OrderedDict

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.forms.utils import get_forms_for_user
from wagtail.contrib.forms.views import SubmissionsListView

from .forms import (
    TOKEN_FIELD,
    TRAP_FIELD,
    VERDICT_EXPIRED,
    VERDICT_HUMAN,
    inspect_submission,
    make_form_token,
    submission_rate_exceeded,
)

logger = logging.getLogger(__name__)


# Public form flow -----------------------------------------------------------------------


def render_call(page, request, form=None, refusal=None, status=200, token=None):
    context = page.get_context(request)
    call_status = page.get_status()
    context.update(
        {
            "form": form if call_status == page.STATUS_OPEN else None,
            "call_status": call_status,
            "refusal": refusal,
            "form_token": token or make_form_token(page),
            "time_zone_name": settings.TIME_ZONE,
            "trap_field": TRAP_FIELD,
            "token_field": TOKEN_FIELD,
        }
    )
    return TemplateResponse(request, page.get_template(request), context, status=status)


def serve_call(page, request, *args, **kwargs):
    """The call page, never stored by a shared cache: it carries a CSRF token and a signed
    timestamp that belong to one reader."""
    response = _serve_call(page, request, *args, **kwargs)
    add_never_cache_headers(response)
    return response


def _serve_call(page, request, *args, **kwargs):
    """GET shows the call (with its form only while it is open); POST goes through, in
    order: the call's dates, the robot checks (a robot gets the ordinary thank-you page and
    nothing is stored), the rate limit, the form's validation, and only then storage."""
    if request.method != "POST":
        form = page.get_form(page=page, user=request.user) if page.is_open else None
        return render_call(page, request, form)

    call_status = page.get_status()
    if call_status != page.STATUS_OPEN:
        refusal = (
            gettext("This call is closed: applications are no longer accepted.")
            if call_status == page.STATUS_CLOSED
            else gettext("This call is not open yet: applications cannot be sent before it opens.")
        )
        return render_call(page, request, refusal=refusal, status=403)

    verdict = inspect_submission(page, request.POST)
    if verdict not in {VERDICT_HUMAN, VERDICT_EXPIRED}:
        logger.info("Call %s: submission dropped as spam (%s)", page.pk, verdict)
        return page.render_landing_page(request, None, *args, **kwargs)

    form = page.get_form(request.POST, request.FILES, page=page, user=request.user)
    token = request.POST.get(TOKEN_FIELD) if verdict == VERDICT_HUMAN else None
    if submission_rate_exceeded(request, increment=False):
        return render_call(page, request, form, refusal=rate_limit_message(), status=429)
    if verdict == VERDICT_EXPIRED:
        form.is_valid()
        form.add_error(
            None,
            gettext("This form was opened a long time ago. Check your answers and send it again."),
        )
        return render_call(page, request, form)
    if not form.is_valid():
        return render_call(page, request, form, token=token)
    if submission_rate_exceeded(request, increment=True):
        return render_call(page, request, form, refusal=rate_limit_message(), status=429)
    submission = page.process_form_submission(form)
    return page.render_landing_page(request, submission, *args, **kwargs)


def rate_limit_message():
    return gettext(
        "Too many applications were sent from your connection in a short time. Your answers "
        "are kept below: please send them again later, or write to the contacts of the call."
    )


# Editors: submissions and their documents -----------------------------------------------


class CallSubmissionsListView(SubmissionsListView):
    """Wagtail's submission listing and export, with each document as a link to the
    permission-checked download (in the CSV: its file name and address)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.is_export:
            return context
        file_fields = set(self.form_page.file_field_names())
        if not file_fields:
            return context
        positions = [
            index
            for index, heading in enumerate(context["data_headings"])
            if heading["name"] in file_fields
        ]
        by_id = {submission.pk: submission for submission in context["submissions"]}
        for row in context["data_rows"]:
            submission = by_id[row["model_id"]]
            for index in positions:
                name = context["data_headings"][index]["name"]
                row["fields"][index] = attachment_links(submission, name)
        return context

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for name in self.form_page.file_field_names():
            if name in row:
                row[name] = " ".join(
                    f"{attachment.original_name} <{self.request.build_absolute_uri(url)}>"
                    for attachment, url in attachment_urls(item, name)
                )
        return OrderedDict(row)


def attachment_urls(submission, field_name):
    return [
        (attachment, reverse("call_attachment", args=[attachment.pk]))
        for attachment in submission.attachments.all()
        if attachment.field_name == field_name
    ]


def attachment_links(submission, field_name):
    links = [
        format_html('<a href="{}" download>{}</a>', url, attachment.original_name)
        for attachment, url in attachment_urls(submission, field_name)
    ]
    return links[0] if links else ""


@require_admin_access
def call_attachment(request, pk):
    """Send a submitted document to an editor who may see the call's submissions. There is
    no other way to reach the file: it lives outside the public media folders."""
    from .models import CallAttachment

    attachment = get_object_or_404(CallAttachment.objects.select_related("submission"), pk=pk)
    if not get_forms_for_user(request.user).filter(pk=attachment.submission.page_id).exists():
        raise PermissionDenied
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
