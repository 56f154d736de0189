"""Views of the call pages: the public form flow, the editors' submission listing with links
to the documents, and the permission-checked download of those documents."""

import logging
from collections import OrderedDict
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy, ngettext
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.forms.utils import get_forms_for_user
from wagtail.contrib.forms.views import SubmissionsListView

from . import privacy
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
    permission-checked download (in the CSV: its file name and address). An export is logged
    (home.privacy)."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.is_export and response.status_code == 200:
            privacy.log_export(request, self.form_page, len(self.object_list))
        return response

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

    attachment = get_object_or_404(CallAttachment.objects.select_related("submission__page"), pk=pk)
    if not get_forms_for_user(request.user).filter(pk=attachment.submission.page_id).exists():
        raise PermissionDenied
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    privacy.log_download(request, attachment.submission, "document")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# Applicants' data ------------------------------------------------------------------------


class ApplicantForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Applicant's e-mail address"),
        help_text=gettext_lazy("The address the applicant gave in the application form."),
    )


class EraseForm(ApplicantForm):
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I confirm that these applications and their documents are to be erased"
        ),
        help_text=gettext_lazy(
            "Erasing cannot be undone. The log keeps only that they were erased."
        ),
    )


@require_admin_access
def applicant_data(request):
    """The call reviewers' page: the calls with applications (each linked to Wagtail's
    listing of its submissions), and one applicant's applications, found by their e-mail
    address: downloaded as a ZIP (their answers and documents, for a request of access), or
    erased (a request of erasure)."""
    from .models import CallSubmission

    if not privacy.may_read_applications(request.user):
        raise PermissionDenied
    may_erase = request.user.has_perm(privacy.ERASE_PERMISSION)
    form = ApplicantForm(request.GET or None)
    erase_form = None
    if request.method == "POST":
        if not may_erase:
            raise PermissionDenied
        erase_form = EraseForm(request.POST)
        form = ApplicantForm({"email": request.POST.get("email", "")})
        if erase_form.is_valid():
            found = privacy.applications_of(erase_form.cleaned_data["email"])
            count = privacy.erase(found, user=request.user)
            messages.success(
                request,
                ngettext(
                    "%(count)d application and its documents erased.",
                    "%(count)d applications and their documents erased.",
                    count,
                )
                % {"count": count},
            )
            return redirect(
                reverse("call_applications")
                + "?"
                + urlencode({"email": erase_form.cleaned_data["email"]})
            )
    applications = None
    if form.is_valid():
        applications = privacy.applications_of(form.cleaned_data["email"])
        if request.GET.get("export") == "zip" and applications:
            for submission in applications:
                privacy.log_download(request, submission, "export")
            response = HttpResponse(
                privacy.export_archive(applications), content_type="application/zip"
            )
            response["Content-Disposition"] = 'attachment; filename="applicant-data.zip"'
            response["Cache-Control"] = "private, no-store"
            return response
        if erase_form is None:
            erase_form = EraseForm(initial={"email": form.cleaned_data["email"]})
    calls = (
        CallSubmission.objects.filter(page__in=get_forms_for_user(request.user))
        .values("page_id", "page__title", "page__locale__language_code")
        .annotate(count=Count("pk"), last=Max("submit_time"))
        .order_by("-last")
    )
    return TemplateResponse(
        request,
        "home/admin/applicant_data.html",
        {
            "calls": calls,
            "form": form,
            "erase_form": erase_form if may_erase else None,
            "applications": applications,
            "retention_months": settings.CALL_APPLICATION_RETENTION_MONTHS,
        },
    )
