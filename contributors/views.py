"""Contributors' pages: the dashboard (/<lang>/account/), the profile, the proposal steps,
account deletion, public profiles (/<lang>/contributors/<handle>/), and the reviewers' view
of a proposal's private files in the admin.

Every view of a proposal looks it up with its owner: another contributor's proposal is a 404,
whatever its number.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.admin.auth import require_admin_access
from wagtail.models import Page

from practices.models import PracticePage
from smartvillages.core.throttle import proposal_rate_exceeded

from . import review
from .forms import (
    REQUIRED,
    STEPS,
    ContentStepForm,
    DeleteAccountForm,
    FilesForm,
    KeyStepFormSet,
    ProfileForm,
)
from .models import ContributorProfile, EventReport, Notification, Proposal, ProposalFile

logger = logging.getLogger(__name__)


def _private(response):
    add_never_cache_headers(response)
    return response


def _owned(request, pk) -> Proposal:
    return get_object_or_404(Proposal, pk=pk, owner=request.user)


# Dashboard and profile -------------------------------------------------------------------


@login_required
def dashboard(request):
    profile = ContributorProfile.objects.filter(user=request.user).first()
    if profile is None:
        return redirect("contributor_profile_edit")
    proposals = list(
        Proposal.objects.filter(owner=request.user).select_related("page").order_by("-updated_at")
    )
    notifications = list(
        Notification.objects.filter(user=request.user)
        .select_related("proposal")
        .order_by("-created_at")[:20]
    )
    return _private(
        TemplateResponse(
            request,
            "contributors/dashboard.html",
            {"profile": profile, "proposals": proposals, "notifications": notifications},
        )
    )


def _suggested_handle(user) -> str:
    from django.utils.text import slugify

    base = slugify(user.email.split("@")[0])[:30] or "contributor"
    handle, number = base, 2
    while ContributorProfile.objects.filter(handle=handle).exists():
        handle = f"{base}-{number}"
        number += 1
    return handle


@login_required
def profile_edit(request):
    profile = ContributorProfile.objects.filter(user=request.user).first()
    if profile is None:
        profile = ContributorProfile(
            user=request.user,
            handle=_suggested_handle(request.user),
            language=get_language(),
            biography_language=get_language(),
        )
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile is saved."))
            return redirect("contributor_dashboard")
    else:
        form = ProfileForm(instance=profile)
    return _private(
        TemplateResponse(
            request, "contributors/profile_form.html", {"form": form, "profile": profile}
        )
    )


def profile_public(request, handle):
    profile = get_object_or_404(
        ContributorProfile.objects.select_related("user", "organisation"),
        handle=handle,
        is_public=True,
        user__is_active=True,
    )
    return TemplateResponse(
        request,
        "contributors/profile.html",
        {"profile": profile, "practices": published_practices(profile.user)},
    )


def published_practices(user):
    """The contributor's published practices, each in the active language where it has a
    live page there (translation or alias), else in the language it was written in."""
    keys = list(
        Proposal.objects.filter(owner=user, status=Proposal.Status.PUBLISHED).values_list(
            "page_key", flat=True
        )
    )
    if not keys:
        return []
    pages = (
        PracticePage.objects.live()
        .filter(translation_key__in=keys)
        .select_related("locale", "alias_of__locale")
        .order_by("title")
    )
    language = get_language()
    chosen = {}
    for page in pages:
        source = page.alias_of if page.alias_of_id else page
        page.content_language = source.locale.language_code
        if page.locale.language_code == language or page.translation_key not in chosen:
            chosen[page.translation_key] = page
    return sorted(chosen.values(), key=lambda page: page.title.casefold())


# Proposals ----------------------------------------------------------------------------------


@login_required
def proposal_new(request):
    """Start a proposal (POST from the dashboard) in the language of the page."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not ContributorProfile.objects.filter(user=request.user).exists():
        return redirect("contributor_profile_edit")
    if proposal_rate_exceeded(request):
        response = TemplateResponse(
            request,
            "429.html",
            {
                "message": _(
                    "You have started many proposals today. Finish one, or come back tomorrow."
                )
            },
            status=429,
        )
        return _private(response)
    kind = request.POST.get("kind", Proposal.Kind.PRACTICE)
    if kind not in Proposal.Kind.values:
        kind = Proposal.Kind.PRACTICE
    proposal = Proposal.objects.create(owner=request.user, language=get_language(), kind=kind)
    return redirect("contributor_proposal_step", pk=proposal.pk, step=1)


def _step_context(proposal, number):
    steps = STEPS[proposal.kind]
    return {
        "proposal": proposal,
        "steps": [
            {"number": index, "title": title, "current": index == number}
            for index, (_slug, title, _form) in enumerate(steps, start=1)
        ],
        "step_number": number,
        "step_title": steps[number - 1][1],
        "is_last": number == len(steps),
    }


@login_required
def proposal_step(request, pk, step):
    proposal = _owned(request, pk)
    if not proposal.is_editable:
        return redirect(proposal.get_absolute_url())
    steps = STEPS[proposal.kind]
    if not 1 <= step <= len(steps):
        raise Http404
    _slug, _title, form_class = steps[step - 1]
    has_files = issubclass(form_class, FilesForm)
    is_content = form_class is ContentStepForm
    files = list(proposal.files.all())
    steps_formset = None
    if request.method == "POST":
        kwargs = {"file_count": len(files)} if has_files else {}
        form = form_class(request.POST, request.FILES if has_files else None, **kwargs)
        if is_content:
            # No initial here: a row is kept when it is filled, whatever it held before.
            steps_formset = KeyStepFormSet(
                request.POST, prefix="steps", form_kwargs={"empty_permitted": True}
            )
        valid = form.is_valid() & (steps_formset.is_valid() if steps_formset else True)
        if valid:
            with transaction.atomic():
                proposal.data.update(form.to_data())
                if steps_formset is not None:
                    proposal.data["key_steps"] = [
                        {
                            "date": row["date"].isoformat(),
                            "title": row["title"],
                            "text": row.get("text", ""),
                        }
                        for row in steps_formset.cleaned_data
                        if row and not row.get("DELETE")
                    ]
                if has_files:
                    _save_files(proposal, form)
                    removed = request.POST.getlist("remove_file")
                    for item in proposal.files.filter(pk__in=[r for r in removed if r.isdigit()]):
                        item.file.delete(save=False)
                        item.delete()
                proposal.save()
            action = request.POST.get("action", "next")
            if action == "save":
                messages.success(request, _("Your draft is saved. You can come back to it later."))
                return redirect("contributor_dashboard")
            if action == "add_step" and is_content:
                return redirect(
                    reverse("contributor_proposal_step", args=[pk, step]) + "?rows=1#key-steps"
                )
            if action == "upload" and has_files:
                messages.success(request, _("The file is added to your proposal."))
                return redirect(reverse("contributor_proposal_step", args=[pk, step]) + "#files")
            if action == "previous" and step > 1:
                return redirect("contributor_proposal_step", pk=pk, step=step - 1)
            if step < len(steps) and action != "submit":
                return redirect("contributor_proposal_step", pk=pk, step=step + 1)
            return _submit(request, proposal)
    else:
        initial = proposal.data
        if is_content:
            initial = ContentStepForm.initial_from(proposal.data)
        form = form_class(initial=initial)
        if is_content:
            rows = proposal.data.get("key_steps") or []
            extra = 1 if (not rows or request.GET.get("rows")) else 0
            steps_formset = KeyStepFormSet(
                initial=rows, prefix="steps", form_kwargs={"empty_permitted": True}
            )
            steps_formset.extra = extra
    context = _step_context(proposal, step)
    context.update(
        {"form": form, "steps_formset": steps_formset, "files": files, "has_files": has_files}
    )
    return _private(TemplateResponse(request, "contributors/proposal_step.html", context))


def _save_files(proposal, form):
    image = form.cleaned_data.get("photo")
    if image:
        ProposalFile.objects.create(
            proposal=proposal,
            kind=ProposalFile.Kind.IMAGE,
            file=image.content,
            name=image.content.name,
            description=form.cleaned_data.get("photo_description", ""),
            content_type=image.content_type,
            size=image.content.size,
        )
    document = form.cleaned_data.get("document")
    if document:
        from django.utils.text import get_valid_filename

        ProposalFile.objects.create(
            proposal=proposal,
            kind=ProposalFile.Kind.DOCUMENT,
            file=document,
            name=get_valid_filename(document.name)[:200],
            content_type="application/pdf",
            size=document.size,
        )


def missing_fields(proposal) -> dict[str, int]:
    """Required fields still empty, with the step to fill them in."""
    required = REQUIRED[proposal.kind]
    return {name: step for name, step in required.items() if not proposal.data.get(name)}


def _submit(request, proposal):
    missing = missing_fields(proposal)
    if missing:
        messages.error(request, _("Some required fields are still empty: complete this step."))
        return redirect("contributor_proposal_step", pk=proposal.pk, step=min(missing.values()))
    review.submit(proposal, request.user)
    messages.success(
        request,
        _(
            "Thank you! Your proposal is sent to the editors. We will write to you when they "
            "have read it."
        ),
    )
    return redirect(proposal.get_absolute_url())


@login_required
def proposal_detail(request, pk):
    proposal = _owned(request, pk)
    page = None
    if proposal.status == Proposal.Status.PUBLISHED and proposal.page_id:
        page = Page.objects.filter(pk=proposal.page_id).live().first()
    return _private(
        TemplateResponse(
            request,
            "contributors/proposal_detail.html",
            {
                "proposal": proposal,
                "files": list(proposal.files.all()),
                "live_page": page,
                "missing": missing_fields(proposal),
            },
        )
    )


def _file_response(item):
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=item.kind == ProposalFile.Kind.DOCUMENT,
        filename=item.name,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)


@login_required
def proposal_file(request, pk, file_pk):
    proposal = _owned(request, pk)
    item = get_object_or_404(ProposalFile, pk=file_pk, proposal=proposal)
    return _file_response(item)


@require_admin_access
def review_file(request, file_pk):
    """A proposal's file for its reviewers: those who may edit the proposal's page."""
    item = get_object_or_404(ProposalFile.objects.select_related("proposal"), pk=file_pk)
    page = Page.objects.filter(pk=item.proposal.page_id).first()
    if page is None or not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return _file_response(item)


# Account deletion ---------------------------------------------------------------------------


@login_required
def delete_account(request):
    if request.method == "POST":
        form = DeleteAccountForm(request.user, request.POST)
        if form.is_valid():
            erase_contributor(request.user)
            logout(request)
            return redirect("contributor_account_deleted")
    else:
        form = DeleteAccountForm(request.user)
    return _private(TemplateResponse(request, "contributors/delete_account.html", {"form": form}))


@transaction.atomic
def erase_contributor(user):
    """Remove a contributor's personal data: profile, avatar, addresses, notifications,
    unpublished proposals with their draft pages and files, and the account itself. Published
    practices stay, attributed to "a former contributor" (their proposal loses its owner)."""
    profile = ContributorProfile.objects.filter(user=user).first()
    if profile is not None:
        if profile.avatar:
            profile.avatar.delete(save=False)
        profile.delete()
    for proposal in Proposal.objects.filter(owner=user).prefetch_related(
        Prefetch("files", queryset=ProposalFile.objects.all())
    ):
        if proposal.status == Proposal.Status.PUBLISHED:
            if proposal.report_id:
                forget_author(proposal.report)
            continue
        for item in proposal.files.all():
            item.file.delete(save=False)
        page = Page.objects.filter(pk=proposal.page_id, live=False).first()
        report = EventReport.objects.filter(pk=proposal.report_id, live=False).first()
        proposal.delete()
        if report is not None:
            report.delete()
        if page is not None:
            for alias in Page.objects.filter(alias_of=page):
                alias.delete()
            page.delete()
    # Published proposals keep their page; their private copies of files are gone once
    # published (the page holds Wagtail images and documents), the rows lose their owner.
    for item in ProposalFile.objects.filter(proposal__owner=user):
        item.file.delete(save=False)
        item.delete()
    Proposal.objects.filter(owner=user).update(owner=None)
    get_user_model().objects.filter(pk=user.pk).delete()
    logger.info("A contributor account was deleted")


def forget_author(report):
    """A published report stays; its author's name goes, from the report and from every
    revision that holds it."""
    report.author_name = ""
    report.save(update_fields=["author_name"])
    for revision in report.revisions:
        if revision.content.get("author_name"):
            revision.content["author_name"] = ""
            revision.save(update_fields=["content"])


def account_deleted(request):
    return TemplateResponse(request, "contributors/account_deleted.html", {})


def logged_out(request):
    return TemplateResponse(request, "contributors/logged_out.html", {})
