"""A proposal's way through review: it becomes a draft practice page in the contributor's
language, enters that language's Wagtail workflow, and every decision is told to the
contributor on their dashboard and by e-mail, in their language.

Workflow per language: "Contributor proposals — Slovenščina", one ProposalReviewTask whose
groups are the Editors and that language's translators' group (the editors of that locale,
smartvillages.translation.groups). Created on first use, and by ``setup_groups`` runs of the
demo.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Workflow, WorkflowTask

from practices.importing import apply_record, create_aliases
from practices.models import PracticeIndexPage, PracticePage
from smartvillages.core import demo
from smartvillages.core.queue import queue_email
from smartvillages.translation.groups import EDITORS_GROUP, translators_group_name

from .models import EventReport, Notification, Proposal, ProposalReviewTask
from .sanitise import plain_text, rich_text

logger = logging.getLogger(__name__)

UPLOADS_COLLECTION = "Contributor uploads"
_quiet = ContextVar("contributors_quiet", default=False)


@contextmanager
def quiet():
    """No e-mail while loading the demo (the dashboard's notifications are still written)."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, code)


def workflow_for(language_code: str) -> Workflow:
    name = f"Contributor proposals — {language_name(language_code)}"
    workflow = Workflow.objects.filter(name=name).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=name, active=True)
    task = ProposalReviewTask.objects.filter(
        name=f"Review — {language_name(language_code)}"
    ).first()
    if task is None:
        task = ProposalReviewTask.objects.create(name=f"Review — {language_name(language_code)}")
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    groups = [Group.objects.get_or_create(name=EDITORS_GROUP)[0]]
    if language_code != settings.LANGUAGE_CODE:
        groups.append(Group.objects.get_or_create(name=translators_group_name(language_code))[0])
    task.groups.add(*groups)
    return workflow


# The practice page ----------------------------------------------------------------------


def practice_record(proposal: Proposal) -> dict:
    """The proposal's data as the importer's record (practices.importing): plain fields with
    their markup stripped, sections sanitised to a small allow-list of tags."""
    data = proposal.data
    record = {
        "title": plain_text(data.get("title", ""))[:255],
        "summary": plain_text(data.get("summary", ""))[:400],
        "action_type": data.get("action_type") or "",
        "dimensions": data.get("dimensions") or [],
        "themes": data.get("themes") or [],
        "target_groups": data.get("target_groups") or [],
        "scale": data.get("scale") or "",
        "countries": data.get("countries") or [],
        "territory": plain_text(data.get("territory", ""))[:200],
        "latitude": data.get("latitude"),
        "longitude": data.get("longitude"),
        "start_date": data.get("start_date") or None,
        "end_date": data.get("end_date") or None,
        "lead_organisation": data.get("organisation") or "",
        "funding_note": plain_text(data.get("funding_note", ""))[:1000],
        "website": data.get("website") or "",
    }
    for name in ("objectives", "description", "difficulties", "resources", "results"):
        record[name] = rich_text(data.get(name, ""))
    record["key_steps"] = demo.with_block_ids(
        [
            {
                "type": "step",
                "value": {
                    "date": step["date"],
                    "title": plain_text(step["title"])[:200],
                    "text": plain_text(step.get("text", ""))[:1000],
                },
            }
            for step in data.get("key_steps") or []
        ],
        f"proposal-{proposal.pk}.key_steps",
    )
    contact = data.get("contact") or {}
    record["contacts"] = (
        demo.with_block_ids(
            [
                {
                    "type": "contact",
                    "value": {
                        "name": plain_text(contact.get("name", ""))[:120],
                        "role": plain_text(contact.get("role", ""))[:200],
                        "email": contact.get("email", ""),
                        "phone": contact.get("phone", ""),
                    },
                }
            ],
            f"proposal-{proposal.pk}.contacts",
        )
        if contact.get("name")
        else []
    )
    return record


def library_of(language_code: str) -> PracticeIndexPage:
    locale = Locale.objects.get(language_code=language_code)
    library = PracticeIndexPage.objects.filter(locale=locale).first()
    if library is None:
        raise PracticeIndexPage.DoesNotExist(f"no practice library in {language_code}")
    return library


@transaction.atomic
def save_page(proposal: Proposal, user, slug: str | None = None) -> PracticePage:
    """Create or update the proposal's draft practice page and save a revision by ``user``."""
    library = library_of(proposal.language)
    record = practice_record(proposal)
    page = PracticePage.objects.filter(pk=proposal.page_id).first() if proposal.page_id else None
    created = page is None
    if created:
        page = PracticePage(
            locale=library.locale, slug=slug or _free_slug(library, record["title"])
        )
    apply_record(page, record, library.locale)
    if created:
        page.live = False
        page.owner = user
        library.add_child(instance=page)
    page.save_revision(user=user)
    if created:
        # No aliases in the other languages yet: a draft in review is nobody's to translate.
        # They come when the practice is published (``published`` below).
        proposal.page = page
        proposal.page_key = page.translation_key
        proposal.save(update_fields=["page", "page_key", "updated_at"])
    return PracticePage.objects.get(pk=page.pk)


def _free_slug(parent, title):
    from practices.importing import _free_slug as free_slug

    return free_slug(parent, title)


def proposal_of(workflow_state) -> Proposal | None:
    """The proposal behind a workflow: of a practice page, or of an event report."""
    model = workflow_state.content_type.model_class()
    if model is not None and issubclass(model, EventReport):
        return Proposal.objects.filter(report_id=workflow_state.object_id).first()
    return Proposal.objects.filter(page_id=workflow_state.object_id).first()


@transaction.atomic
def save_report(proposal: Proposal, user) -> EventReport:
    """Create or update the proposal's event report (a draft until approved), with a
    revision by ``user``."""
    from events.models import EventPage

    data = proposal.data
    report = proposal.report or EventReport(live=False)
    report.event = EventPage.objects.get(pk=data["event"])
    report.language = proposal.language
    report.heading = plain_text(data.get("heading", ""))[:200]
    report.session = plain_text(data.get("session", ""))[:250]
    report.key_points = plain_text(data.get("key_points", ""))
    report.text = plain_text(data.get("text", ""))
    profile = getattr(user, "contributor_profile", None)
    report.author_name = profile.display_name if profile else ""
    report.save()
    report.save_revision(user=user)
    if proposal.report_id != report.pk:
        proposal.report = report
        proposal.save(update_fields=["report", "updated_at"])
    return report


@transaction.atomic
def submit(proposal: Proposal, user) -> None:
    """Send a draft, or a version answering requested changes, to the reviewers."""
    mute_admin_notifications(user)
    if proposal.kind == Proposal.Kind.REPORT:
        reviewed = save_report(proposal, user)
    else:
        reviewed = save_page(proposal, user)
    state = reviewed.current_workflow_state
    if state is not None and state.status == state.STATUS_NEEDS_CHANGES:
        state.resume(user=user)
    elif state is None:
        workflow_for(proposal.language).start(reviewed, user)
    proposal.status = Proposal.Status.IN_REVIEW
    proposal.submitted_at = timezone.now()
    proposal.decision_comment = ""
    proposal.save(update_fields=["status", "submitted_at", "decision_comment", "updated_at"])
    notify(proposal, Notification.Verb.SUBMITTED)
    tell_reviewers(proposal)


def mute_admin_notifications(user):
    """Wagtail tells a submitter of each moderation step, with links into the admin and in
    the admin's language: a contributor gets our own e-mails (``notify``) instead."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    names = (
        "submitted_notifications",
        "approved_notifications",
        "rejected_notifications",
        "updated_comments_notifications",
    )
    if any(getattr(profile, name) for name in names):
        for name in names:
            setattr(profile, name, False)
        profile.save(update_fields=names)


def attach_files(proposal: Proposal, user):
    """Turn the proposal's private files into a Wagtail image or document each, add them to
    the page's images and documents, and save a revision; None when there is nothing new."""
    files = [item for item in proposal.files.all() if not item.published_object]
    if proposal.kind == Proposal.Kind.REPORT:
        return _attach_report_files(proposal, files, user)
    if not files or proposal.page_id is None:
        return None
    page = PracticePage.objects.get(pk=proposal.page_id).get_latest_revision_as_object()
    images = list(page.images.raw_data)
    documents = list(page.documents.raw_data)
    for item, made in _publish_files(files):
        if item.kind == item.Kind.IMAGE:
            image = {"image": made.pk, "alt_text": item.description, "decorative": False}
            value = {"image": image, "caption": item.description, "attribution": ""}
            images.append({"type": "image", "value": value})
        else:
            value = {"document": made.pk, "title": item.name}
            documents.append({"type": "document", "value": value})
    page.images = demo.with_block_ids(images, f"proposal-{proposal.pk}.images")
    page.documents = demo.with_block_ids(documents, f"proposal-{proposal.pk}.documents")
    return page.save_revision(user=user)


def _attach_report_files(proposal, files, user):
    if not files or proposal.report_id is None:
        return None
    report = proposal.report
    report.files = [
        *report.files,
        *(
            {"kind": item.kind, "id": made.pk, "description": item.description}
            for item, made in _publish_files(files)
        ),
    ]
    report.save(update_fields=["files"])
    return report.save_revision(user=user)


def _publish_files(files):
    """Each private file as a Wagtail image or document in the contributors' collection:
    yields (file, image or document), and remembers which on the file."""
    collection = _uploads_collection()
    for item in files:
        with item.file.open("rb") as handle:
            content = ContentFile(handle.read(), name=item.file.name.rsplit("/", 1)[-1])
        if item.kind == item.Kind.IMAGE:
            made = get_image_model().objects.create(
                title=item.description or item.name, file=content, collection=collection
            )
        else:
            made = get_document_model().objects.create(
                title=item.name, file=content, collection=collection
            )
        item.published_object = f"{item.kind}:{made.pk}"
        item.save(update_fields=["published_object"])
        yield item, made


def _uploads_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=UPLOADS_COLLECTION).first()
    return existing or root.add_child(name=UPLOADS_COLLECTION)


# Decisions ------------------------------------------------------------------------------


def changes_requested(proposal: Proposal, comment: str):
    proposal.status = Proposal.Status.CHANGES_REQUESTED
    proposal.decision_comment = comment
    proposal.save(update_fields=["status", "decision_comment", "updated_at"])
    notify(proposal, Notification.Verb.CHANGES_REQUESTED, comment)


def declined(proposal: Proposal, comment: str):
    proposal.status = Proposal.Status.DECLINED
    proposal.decision_comment = comment
    proposal.save(update_fields=["status", "decision_comment", "updated_at"])
    notify(proposal, Notification.Verb.DECLINED, comment)


def published(proposal: Proposal):
    if proposal.status == Proposal.Status.PUBLISHED:
        return
    proposal.status = Proposal.Status.PUBLISHED
    proposal.save(update_fields=["status", "updated_at"])
    if proposal.kind == Proposal.Kind.PRACTICE and proposal.page_id:
        # In every other language's library at once, as "not yet translated" until it is.
        create_aliases(PracticePage.objects.get(pk=proposal.page_id))
    notify(proposal, Notification.Verb.PUBLISHED)


# Telling people ---------------------------------------------------------------------------


def notify(proposal: Proposal, verb: str, comment: str = ""):
    """A line on the contributor's dashboard and an e-mail in the language of their profile."""
    user = proposal.owner
    if user is None:
        return
    Notification.objects.create(user=user, proposal=proposal, verb=verb, comment=comment)
    profile = getattr(user, "contributor_profile", None)
    language = profile.language if profile else proposal.language
    with translation.override(language):
        context = {
            "proposal": proposal,
            "verb": verb,
            "comment": comment,
            "name": profile.display_name if profile else "",
            "dashboard_url": _absolute(reverse("contributor_dashboard")),
            "proposal_url": _absolute(proposal.get_absolute_url()),
            "page_url": published_url(proposal) if verb == "published" else "",
        }
        subject = render_to_string("contributors/email/decision_subject.txt", context).strip()
        body = render_to_string("contributors/email/decision.txt", context)
    _send(subject, body, [user.email])


def tell_reviewers(proposal: Proposal):
    """The editors of the proposal's language, by e-mail in that language, with the admin
    link to review it."""
    groups = [EDITORS_GROUP]
    if proposal.language != settings.LANGUAGE_CODE:
        groups.append(translators_group_name(proposal.language))
    from django.contrib.auth import get_user_model

    addresses = sorted(
        set(
            get_user_model()
            .objects.filter(groups__name__in=groups, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )
    if not addresses:
        return
    with translation.override(proposal.language):
        context = {
            "proposal": proposal,
            "language_name": language_name(proposal.language),
            "review_url": _absolute(review_path(proposal)),
        }
        subject = render_to_string("contributors/email/review_subject.txt", context).strip()
        body = render_to_string("contributors/email/review.txt", context)
    _send(subject, body, addresses)


def review_path(proposal: Proposal) -> str:
    if proposal.kind == Proposal.Kind.REPORT:
        return reverse("wagtailsnippets_contributors_eventreport:edit", args=[proposal.report_id])
    return reverse("wagtailadmin_pages:edit", args=[proposal.page_id])


def published_url(proposal: Proposal) -> str:
    if proposal.kind == Proposal.Kind.REPORT:
        return proposal.report.event.full_url + "#contributed-reports" if proposal.report else ""
    return proposal.page.specific.full_url if proposal.page else ""


def _send(subject, body, recipients):
    """From the task queue: the contributor's request never waits on the mail server, and a
    mail server that is down loses nothing (the message is tried again later)."""
    if _quiet.get():
        return
    queue_email(subject, body, recipients)


def _absolute(path: str) -> str:
    base = (settings.WAGTAILADMIN_BASE_URL or "").rstrip("/")
    return f"{base}{path}"
