"""Contributors: their public profile, what they propose, the files they send, what they are
told, and the review task editors approve proposals with.

A proposal is the contributor's form data (``data``, kept step by step, so a draft can be
resumed) and, once sent for review, a draft practice page in the contributor's language that
enters a Wagtail moderation workflow. Its ``status`` mirrors the workflow for the
contributor's dashboard; the workflow itself is Wagtail's (``ProposalReviewTask`` below).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import (
    AbstractGroupApprovalTask,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    WorkflowMixin,
)

from smartvillages.core.countries import ALPINE_COUNTRIES


def _avatar_path(instance, filename):
    return f"avatars/{secrets.token_hex(8)}-{filename}"


def _proposal_file_path(instance, filename):
    # Private storage (settings.STORAGES["private"]): never under MEDIA_ROOT, never served by a
    # URL of its own; the owner and reviewers read it through permission-checked views.
    return f"proposals/{instance.proposal_id}/{secrets.token_hex(8)}-{filename}"


def _private_storage():
    from django.core.files.storage import storages

    return storages["private"]


class ContributorProfile(models.Model):
    """What a contributor tells about themselves (seed 003's profile). Nothing is public until
    they tick ``is_public``; phone and e-mail are shown only if they opt in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contributor_profile"
    )
    handle = models.SlugField(
        _("handle"),
        max_length=40,
        unique=True,
        help_text=_(
            "The end of your profile's address (/contributors/…/): lowercase letters, digits "
            "and hyphens."
        ),
    )
    display_name = models.CharField(_("display name"), max_length=120)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails the site sends you."),
    )
    town = models.CharField(_("town"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=ALPINE_COUNTRIES, blank=True)
    organisation = models.ForeignKey(
        "practices.OrganisationPage",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The organisation you belong to, if it is in the directory."),
    )
    proposed_organisation = models.CharField(
        _("other organisation"),
        max_length=200,
        blank=True,
        help_text=_("If your organisation is not in the directory: its name. Editors will add it."),
    )
    website = models.URLField(_("website"), blank=True)
    social_handle = models.CharField(
        _("social network handle"), max_length=80, blank=True, help_text=_("e.g. @collatraverse")
    )
    biography = models.TextField(_("short biography"), max_length=1500, blank=True)
    biography_language = models.CharField(
        _("language of the biography"),
        max_length=5,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    avatar = models.ImageField(_("avatar"), upload_to=_avatar_path, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_public = models.BooleanField(
        _("show my profile publicly"),
        default=False,
        help_text=_("Your name, town, organisation, website, biography and published practices."),
    )
    show_email = models.BooleanField(_("show my e-mail address on my profile"), default=False)
    show_phone = models.BooleanField(_("show my phone number on my profile"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contributor profile")
        verbose_name_plural = _("contributor profiles")

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("contributor_profile", kwargs={"handle": self.handle})


class Proposal(models.Model):
    class Kind(models.TextChoices):
        PRACTICE = "practice", _("Practice")
        REPORT = "report", _("Event report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        DECLINED = "declined", _("Declined")

    #: States in which the contributor may still edit their proposal.
    EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PRACTICE)
    # Deleting an account keeps what was published, attributed to "a former contributor".
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    language = models.CharField(max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    data = models.JSONField(default=dict, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report = models.ForeignKey(
        "contributors.EventReport",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    #: The page's translation key, kept when the page is deleted: the attribution of every
    #: translation of a published practice is found by it.
    page_key = models.UUIDField(null=True, blank=True, db_index=True)
    decision_comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-updated_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("contributor_proposal", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return self.data.get("title") or self.data.get("heading") or str(_("Untitled proposal"))

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class EventReport(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """A participant's short report on an event: which session, key points, a text, photos
    and documents. Proposed by a contributor, it goes through the same review workflow as a
    practice (Wagtail's workflows on snippets) and, once approved (published), is shown on the
    event page in every language, marked with the language it was written in."""

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    heading = models.CharField(_("heading"), max_length=200)
    session = models.CharField(
        _("session"),
        max_length=250,
        blank=True,
        help_text=_("The session of the programme the report is about, if it is one."),
    )
    key_points = models.TextField(_("key points"), blank=True, help_text=_("One point per line."))
    text = models.TextField(_("text"), blank=True)
    author_name = models.CharField(_("author"), max_length=120, blank=True)
    files = models.JSONField(default=list, blank=True, editable=False)

    panels = [
        FieldPanel("event"),
        FieldPanel("language"),
        FieldPanel("heading"),
        FieldPanel("session"),
        FieldPanel("key_points"),
        FieldPanel("text"),
        FieldPanel("author_name"),
    ]

    class Meta:
        verbose_name = _("event report by a contributor")
        verbose_name_plural = _("event reports by contributors")

    def __str__(self):
        return self.heading

    def key_point_list(self):
        return [line.strip(" -•\t") for line in self.key_points.splitlines() if line.strip()]


class ProposalFile(models.Model):
    """A photo or PDF sent with a proposal, checked by content (smartvillages.core.uploads)
    and kept in private storage until the proposal is approved: then it becomes a Wagtail
    image or document of the published practice."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Photo")
        DOCUMENT = "document", _("PDF document")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to=_proposal_file_path, storage=_private_storage, max_length=255)
    name = models.CharField(_("name"), max_length=200)
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("For a photo: what it shows, for people who cannot see it."),
    )
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    published_object = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.name


class Notification(models.Model):
    """What a contributor is told on their dashboard (and by e-mail) about a proposal."""

    class Verb(models.TextChoices):
        SUBMITTED = "submitted", _("Sent for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        DECLINED = "declined", _("Declined")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contributor_notifications"
    )
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="notifications")
    verb = models.CharField(max_length=20, choices=Verb.choices)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_verb_display()}: {self.proposal}"


class ProposalReviewTask(AbstractGroupApprovalTask):
    """Wagtail's group approval, with a third answer: decline, with a reason, which ends the
    workflow (Wagtail's own "request changes" leaves it waiting for a new version).

    Approving first turns the proposal's files into images and documents of the page, so the
    revision Wagtail publishes holds them.
    """

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions:
            actions.append(("decline", _("Decline"), True))
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        from . import review

        proposal = review.proposal_of(task_state.workflow_state)
        if proposal is None:
            return super().on_action(task_state, user, action_name, **kwargs)
        comment = kwargs.get("comment", "")
        if action_name == "approve":
            revision = review.attach_files(proposal, user)
            if revision is not None:
                task_state.revision = revision
                task_state.save(update_fields=["revision"])
            super().on_action(task_state, user, action_name, **kwargs)
        elif action_name == "reject":
            super().on_action(task_state, user, action_name, **kwargs)
            review.changes_requested(proposal, comment)
        elif action_name == "decline":
            task_state.reject(user=user, update=False, comment=comment)
            task_state.workflow_state.cancel(user=user)
            review.declined(proposal, comment)

    @classmethod
    def get_description(cls):
        return _("Editors of the proposal's language approve, request changes, or decline it")

    class Meta:
        verbose_name = _("contributor proposal review")
        verbose_name_plural = _("contributor proposal reviews")
