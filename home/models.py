"""General pages (HomePage, StandardPage), the page mixin every page type shares, and the
translatable footer snippet."""

import logging
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField, TranslatableField

from smartvillages.core.blocks import BaseStreamBlock, ContactsBlock, DocumentsBlock
from smartvillages.core.hooks import HOME_SECTIONS_HOOK
from smartvillages.core.models import PAGE_TRANSLATABLE_FIELDS, BasePage
from smartvillages.core.queue import queue_email

from .blocks import HomeStreamBlock
from .call_blocks import CalendarBlock
from .forms import CallFormBuilder, build_submission_data, submission_email

logger = logging.getLogger(__name__)


class HomePage(BasePage):
    body = StreamField(
        HomeStreamBlock(),
        blank=True,
        verbose_name=_("body"),
        help_text=_("What the site offers: sections, the six dimensions, calls to action."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    api_fields = BasePage.api_fields + [APIField("body")]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("introduction"),
        TranslatableField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def route(self, request, path_components):
        """Find the page by its URL path in one query instead of one pair of queries per
        level of the tree, then let it route the rest (routable pages resolve their own
        sub-paths). Falls back to Wagtail's walk down the tree when no page has that exact
        path (a routable page's sub-path such as /pratiques/feed/, or a 404)."""
        request._sv_locale_home = self  # the frame reuses it (home/frame.py)
        if path_components:
            url_path = self.url_path + "/".join(path_components) + "/"
            page = (
                Page.objects.filter(url_path=url_path, path__startswith=self.path)
                .select_related("alias_of")
                .order_by("path")
                .first()
            )
            if page is not None:
                specific = page.specific
                if page.alias_of_id:
                    # Wagtail checks the original's view restrictions: no query for it
                    specific.alias_of = page.alias_of
                return specific.route(request, [])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sections = []
        for hook in hooks.get_hooks(HOME_SECTIONS_HOOK):
            section = hook(self, request)
            if section:
                sections.append(section)
        context["home_sections"] = sections
        return context


class StandardPage(BasePage):
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("body"))

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    api_fields = BasePage.api_fields + [APIField("body")]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("introduction"),
        TranslatableField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


@register_snippet
class FooterText(TranslatableMixin, models.Model):
    """The footer of every page, one per locale (translated with wagtail-localize)."""

    body = RichTextField(
        _("body"),
        features=["bold", "italic", "link"],
        help_text=_("Who publishes the site and how to reach them. Shown on every page."),
    )

    panels = [FieldPanel("body")]
    translatable_fields = [TranslatableField("body")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer text")
        verbose_name_plural = _("footer texts")

    def __str__(self):
        return str(_("Footer (%(language)s)") % {"language": self.locale.get_display_name()})


# Calls for expressions of interest -------------------------------------------------------

#: Rich text of the call's sections: sub-headings (h3) under the section's own h2.
CALL_TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]

#: Form field types editors can pick: Wagtail's, plus an optional document upload (PDF, ODT
#: or DOCX, checked by content; stored privately, see CallAttachment).
CALL_FIELD_CHOICES = FORM_FIELD_CHOICES + (("file", _("Document (PDF, ODT or DOCX)")),)


def attachment_path(instance, filename):
    """A random name under the call's folder: the applicant's file name is kept in the
    database only, never used as a path."""
    extension = PurePosixPath(filename).suffix.lower()
    return f"calls/{instance.submission.page_id}/{uuid.uuid4().hex}{extension}"


def private_storage():
    """Where applicants' documents go: never under MEDIA_ROOT's public paths, never served
    except through the editors' permission-checked view (home.views.call_attachment)."""
    return storages["private"]


class CallFormField(TranslatableMixin, AbstractFormField):
    """A question of a call's application form.

    TranslatableMixin makes wagtail-localize extract labels, help texts and choices for
    translators (it only translates child relations whose model is translatable); the field's
    ``clean_name``, type and ``required`` flag are synchronised, so every language version of
    a form stores its answers under the same keys.
    """

    page = ParentalKey("home.CallPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(
        verbose_name=_("field type"), max_length=16, choices=CALL_FIELD_CHOICES
    )
    field_type.required_on_save = True

    translatable_fields = [
        SynchronizedField("clean_name", overridable=False),
        TranslatableField("label"),
        TranslatableField("help_text"),
        SynchronizedField("field_type", overridable=False),
        SynchronizedField("required", overridable=False),
        TranslatableField("choices"),
        TranslatableField("default_value"),
        SynchronizedField("sort_order", overridable=False),
    ]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")


class CallPage(BasePage, AbstractEmailForm):
    """A call for expressions of interest: what it offers, who may apply, its calendar, and
    an application form that opens and closes by itself (DESIGN §5).

    Every language version of a call stores its submissions on one page, the version in the
    site's default language (see ``get_submission_page``): editors list and export one table
    per call, with the applicant's language as a column.
    """

    STATUS_UPCOMING = "upcoming"
    STATUS_OPEN = "open"
    STATUS_CLOSED = "closed"

    opens_at = models.DateTimeField(
        _("form opens"),
        null=True,
        blank=True,
        help_text=_(
            "Date and time (in the site's time zone) from which applications are accepted. "
            "Leave empty to open as soon as the page is published."
        ),
    )
    closes_at = models.DateTimeField(
        _("form closes"),
        help_text=_(
            "Deadline (in the site's time zone). After it the form is replaced by the closing "
            "message and submissions are refused."
        ),
    )
    context = RichTextField(
        _("context"),
        blank=True,
        features=CALL_TEXT_FEATURES,
        help_text=_("Why this call: the project, its aims, who runs it."),
    )
    benefits = RichTextField(
        _("what it offers"),
        blank=True,
        features=CALL_TEXT_FEATURES,
        help_text=_("What the selected applicants receive: support, funding, expertise."),
    )
    audiences = RichTextField(
        _("who can apply"),
        blank=True,
        features=CALL_TEXT_FEATURES,
        help_text=_("Eligible applicants and the people the support involves."),
    )
    commitments = RichTextField(
        _("commitments and selection"),
        blank=True,
        features=CALL_TEXT_FEATURES,
        help_text=_("What the selected applicants commit to, and the selection criteria."),
    )
    calendar = StreamField(
        CalendarBlock(),
        blank=True,
        verbose_name=_("calendar"),
        help_text=_("The dated steps of the call: launch, deadline, review, announcement."),
    )
    documents = StreamField(
        DocumentsBlock(),
        blank=True,
        verbose_name=_("documents"),
        help_text=_("Documents to download: the full call, rules, templates."),
    )
    contacts = StreamField(
        ContactsBlock(),
        blank=True,
        verbose_name=_("contacts"),
        help_text=_("Who applicants can ask questions."),
    )
    form_intro = RichTextField(
        _("how to apply"),
        blank=True,
        features=CALL_TEXT_FEATURES,
        help_text=_("Shown above the form: what to prepare, how answers are used."),
    )
    thank_you_text = RichTextField(
        _("thank-you text"),
        blank=True,
        features=CALL_TEXT_FEATURES,
        help_text=_("Shown after a submission. Say what happens next and when."),
    )
    closed_text = RichTextField(
        _("closing message"),
        blank=True,
        features=CALL_TEXT_FEATURES,
        help_text=_(
            "Shown instead of the form once the call is closed (e.g. the selected "
            "applicant). A generic message is shown when empty."
        ),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("context"),
        FieldPanel("benefits"),
        FieldPanel("audiences"),
        FieldPanel("commitments"),
        FieldPanel("calendar"),
        FieldPanel("documents"),
        FieldPanel("contacts"),
    ]
    form_panels = [
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("Dates")),
        FieldPanel("form_intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        FieldPanel("closed_text"),
        MultiFieldPanel(
            [
                FieldPanel("to_address"),
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("subject")]),
            ],
            heading=_("Notification e-mail"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(form_panels, heading=_("Form")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = BasePage.search_fields + [
        index.SearchField("context"),
        index.SearchField("benefits"),
        index.SearchField("audiences"),
        index.SearchField("commitments"),
        index.FilterField("closes_at"),
    ]
    api_fields = BasePage.api_fields + [
        APIField("opens_at"),
        APIField("closes_at"),
        APIField("context"),
        APIField("benefits"),
        APIField("audiences"),
        APIField("commitments"),
        APIField("calendar"),
        APIField("documents"),
        APIField("contacts"),
        APIField("form_intro"),
        APIField("form_fields"),
    ]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("introduction"),
        TranslatableField("context"),
        TranslatableField("benefits"),
        TranslatableField("audiences"),
        TranslatableField("commitments"),
        TranslatableField("calendar"),
        TranslatableField("documents"),
        TranslatableField("contacts"),
        TranslatableField("form_intro"),
        TranslatableField("thank_you_text"),
        TranslatableField("closed_text"),
        TranslatableField("form_fields"),
        SynchronizedField("opens_at", overridable=False),
        SynchronizedField("closes_at", overridable=False),
        SynchronizedField("to_address", overridable=False),
        SynchronizedField("from_address", overridable=False),
        SynchronizedField("subject", overridable=False),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    form_builder = CallFormBuilder

    class Meta:
        verbose_name = _("call for expressions of interest")
        verbose_name_plural = _("calls for expressions of interest")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The form must close after it opens.")})

    # Status ----------------------------------------------------------------------------

    def get_status(self, now=None):
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return self.STATUS_UPCOMING
        if self.closes_at and now >= self.closes_at:
            return self.STATUS_CLOSED
        return self.STATUS_OPEN

    @property
    def is_open(self):
        return self.get_status() == self.STATUS_OPEN

    # Where submissions go ---------------------------------------------------------------

    def get_submission_page(self):
        """The version of the call that keeps the submissions of every language version:
        the one in the default locale (following aliases to their source)."""
        page = self
        default = Locale.get_default()
        if page.locale_id != default.pk:
            page = self.get_translation_or_none(default) or self
        seen = {page.pk}
        while page.alias_of_id and page.alias_of_id not in seen:
            seen.add(page.alias_of_id)
            page = CallPage.objects.get(pk=page.alias_of_id)
        return page

    def get_submission_class(self):
        return CallSubmission

    def get_submissions(self):
        return CallSubmission.objects.filter(page=self).prefetch_related("attachments")

    def get_submissions_list_view_class(self):
        from .views import CallSubmissionsListView

        return CallSubmissionsListView

    def get_data_fields(self):
        fields = super().get_data_fields()
        return fields[:1] + [("language", _("Language"))] + fields[1:]

    def file_field_names(self):
        return [field.clean_name for field in self.get_form_fields() if field.field_type == "file"]

    # Serving --------------------------------------------------------------------------

    def serve(self, request, *args, **kwargs):
        from .views import serve_call

        return serve_call(self, request, *args, **kwargs)

    def process_form_submission(self, form):
        """Store the answers (and documents) on the submission page, then e-mail the editors
        once the transaction is committed: a failing mail server never loses a submission."""
        target = self.get_submission_page()
        form_data, uploads = build_submission_data(form, self, target)
        with transaction.atomic():
            submission = CallSubmission.objects.create(
                page=target, form_data=form_data, language=translation.get_language() or ""
            )
            for name, upload in uploads:
                CallAttachment.objects.create(
                    submission=submission,
                    field_name=name,
                    file=upload,
                    original_name=upload.name[:255],
                    content_type=upload.detected_type,
                    size=upload.size,
                )
            transaction.on_commit(lambda: target.notify_editors(submission, form))
        return submission

    def notify_editors(self, submission, form):
        if not self.to_address:
            return
        try:
            subject, body, reply_to = submission_email(self, submission, form)
            queue_email(
                subject,
                body,
                [address.strip() for address in self.to_address.split(",")],
                from_email=self.from_address or None,
                reply_to=reply_to,
            )
        except Exception:
            logger.exception("Call %s: the notification e-mail could not be sent", self.pk)


class CallSubmission(AbstractFormSubmission):
    """A submission of a call's form, with the language the applicant used."""

    language = models.CharField(
        _("language"), max_length=10, blank=True, choices=settings.LANGUAGES
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def get_data(self):
        return {**super().get_data(), "language": self.get_language_display()}


class CallAttachment(models.Model):
    """A document sent with a submission, in the private storage (never a public URL)."""

    submission = models.ForeignKey(
        CallSubmission, on_delete=models.CASCADE, related_name="attachments"
    )
    field_name = models.CharField(_("form field"), max_length=255)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=attachment_path, max_length=255
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")

    def __str__(self):
        return self.original_name


@receiver(post_delete, sender=CallAttachment)
def delete_attachment_file(sender, instance, **kwargs):
    """Deleting a submission in the admin deletes its documents from the storage too."""
    if instance.file:
        instance.file.delete(save=False)
