"""The application form of calls (CallPage): its fields, the checks on uploaded documents,
and the protections against spam that need no third-party service.

Spam protection is the site's one mechanism (smartvillages.core.spam, also used by the
contributors' sign-up): a hidden trap field plus a signed timestamp of when the form was shown
(too fast means a robot), scoped here to the call page.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext
from django_ratelimit.core import get_usage
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from smartvillages.core import spam
from smartvillages.core.spam import TOKEN_FIELD, TRAP_FIELD, VERDICT_EXPIRED, VERDICT_HUMAN  # noqa: F401
from smartvillages.core.uploads import check_pdf

# Anti-spam (smartvillages.core.spam, shared with contributors' forms) ---------------------


#: The call form's scope is its page: a token shown on one call is refused on another.
def make_form_token(page, now: float | None = None) -> str:
    return spam.make_token(page.translation_key.hex, now)


def inspect_submission(page, data, now: float | None = None) -> str:
    """Tell a person from a robot by the anti-spam fields of a POST (core.spam.inspect)."""
    return spam.inspect(page.translation_key.hex, data, now)


def submission_rate_exceeded(request, increment: bool) -> bool:
    """Whether this address sent more submissions than CALL_SUBMISSION_RATE allows.

    django-ratelimit counts in the default cache (Redis in production, shared by every web
    node). Only accepted submissions are counted (increment=True just before storing), so a
    person correcting mistakes is never blocked; a check without increment refuses early.
    """
    usage = get_usage(
        request,
        group="home.call-submission",
        key="ip",
        rate=settings.CALL_SUBMISSION_RATE,
        method="POST",
        increment=increment,
    )
    if usage is None:
        return False
    if increment:
        return usage["should_limit"]
    return usage["count"] >= usage["limit"]


# Fields ---------------------------------------------------------------------------------


class AnswerField(forms.CharField):
    """A long answer. Browsers send line breaks as CRLF but count them as one character
    against maxlength: normalising first keeps the server's count equal to the reader's."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\r\n", "\n")
        return super().to_python(value)


ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
#: What browsers may declare for a file whose type the system does not know.
GENERIC_TYPES = {"application/octet-stream", "application/zip", "application/x-zip-compressed"}
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def sniff_document(upload) -> str | None:
    """The real type of an uploaded document from its bytes, or None if it is none of ours."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return ATTACHMENT_TYPES[".pdf"]
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size < 200 and archive.read(info).strip() == (
                    ATTACHMENT_TYPES[".odt"].encode()
                ):
                    return ATTACHMENT_TYPES[".odt"]
            if "word/document.xml" in names and "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                # A macro-enabled document (.docm) declares another main part: refused.
                if info.file_size < 1_000_000 and DOCX_MAIN in archive.read(info):
                    return ATTACHMENT_TYPES[".docx"]
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        return None
    finally:
        upload.seek(0)
    return None


class AttachmentField(forms.FileField):
    """An optional supporting document: PDF, ODT or DOCX, checked by name, declared type and
    content, up to CALL_ATTACHMENT_MAX_SIZE. The detected type is kept (``detected_type``);
    the browser's declaration is checked but never trusted."""

    widget = forms.FileInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ",".join(
            [*ATTACHMENT_TYPES.keys(), *ATTACHMENT_TYPES.values()]
        )

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        limit = settings.CALL_ATTACHMENT_MAX_SIZE
        if upload.size > limit:
            raise forms.ValidationError(
                gettext("This file is %(size)s; files of up to %(limit)s are accepted.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="file_too_large",
            )
        extension = PurePosixPath(upload.name).suffix.lower()
        expected = ATTACHMENT_TYPES.get(extension)
        declared = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
        if expected is None or declared not in {expected, *GENERIC_TYPES}:
            raise forms.ValidationError(
                gettext("Only PDF, ODT and DOCX documents are accepted."), code="file_type"
            )
        if sniff_document(upload) != expected:
            raise forms.ValidationError(
                gettext(
                    "This file is not a valid %(format)s document. Check it opens, or save it "
                    "again as PDF."
                )
                % {"format": extension[1:].upper()},
                code="file_content",
            )
        if expected == ATTACHMENT_TYPES[".pdf"]:
            # The first bytes say PDF; the whole file must be one, without scripts or
            # embedded files (the same check as contributors' documents).
            check_pdf(upload)
        upload.detected_type = expected
        return upload


class CallFormBuilder(FormBuilder):
    """Wagtail's form builder with limits readers are told about: long answers up to
    CALL_ANSWER_MAX_LENGTH characters, documents up to CALL_ATTACHMENT_MAX_SIZE, and
    optional fields marked as such in their label."""

    def get_field_options(self, field):
        options = super().get_field_options(field)
        if not field.required and field.field_type not in {"checkbox", "hidden"}:
            options["label"] = gettext("%(label)s (optional)") % {"label": field.label}
        return options

    @staticmethod
    def _with_hint(options, hint):
        help_text = options.get("help_text")
        if help_text:
            options["help_text"] = format_html("{} {}", conditional_escape(help_text), hint)
        else:
            options["help_text"] = hint

    def create_singleline_field(self, field, options):
        options["max_length"] = 255
        return AnswerField(**options)

    def create_multiline_field(self, field, options):
        limit = settings.CALL_ANSWER_MAX_LENGTH
        self._with_hint(
            options,
            gettext("Up to %(count)s characters.")
            % {"count": formats.number_format(limit, force_grouping=True)},
        )
        options["max_length"] = limit
        options.setdefault("widget", forms.Textarea(attrs={"rows": 8}))
        return AnswerField(**options)

    def create_dropdown_field(self, field, options):
        """A list starts on an empty choice, so a required question is answered on purpose,
        not by the first item's default."""
        options["choices"] = [("", gettext("Choose an answer"))] + (
            self.get_formatted_field_choices(field)
        )
        return forms.ChoiceField(**options)

    def create_file_field(self, field, options):
        options.pop("initial", None)
        self._with_hint(
            options,
            gettext("PDF, ODT or DOCX, up to %(limit)s.")
            % {"limit": filesizeformat(settings.CALL_ATTACHMENT_MAX_SIZE)},
        )
        return AttachmentField(**options)

    def get_form_class(self):
        return type("CallForm", (BaseForm,), self.formfields)


# Storing and notifying ------------------------------------------------------------------


def build_submission_data(form, page, target):
    """The JSON stored for a submission, and the uploads to store beside it.

    Answers to choice questions are stored as the choice of the submission page (the source
    language) when the translated list matches it item by item, so one column of the CSV
    export holds one vocabulary; documents are stored by their file name.
    """
    builder = CallFormBuilder([])
    own_fields = {field.clean_name: field for field in page.get_form_fields()}
    source_fields = (
        own_fields
        if target.pk == page.pk
        else {field.clean_name: field for field in target.get_form_fields()}
    )
    data, uploads = {}, []
    for name, value in form.cleaned_data.items():
        field = own_fields.get(name)
        kind = field.field_type if field else None
        if kind == "file":
            if value:
                uploads.append((name, value))
                data[name] = value.name
            else:
                data[name] = ""
            continue
        source = source_fields.get(name)
        if kind in {"dropdown", "radio", "checkboxes", "multiselect"} and source is not None:
            own = [choice for choice, _label in builder.get_formatted_field_choices(field)]
            theirs = [choice for choice, _label in builder.get_formatted_field_choices(source)]
            if len(own) == len(theirs):
                mapping = dict(zip(own, theirs, strict=True))
                if isinstance(value, list):
                    value = [mapping.get(item, item) for item in value]
                else:
                    value = mapping.get(value, value)
        data[name] = value
    return data, uploads


def submission_email(target, submission, form):
    """Subject, text and Reply-To of the e-mail sent to the call's editors, written in the
    language of the submission page (the editors'), whatever the applicant's language."""
    with translation.override(target.locale.language_code):
        labels = dict(target.get_data_fields())
        lines = []
        data = submission.get_data()
        for name, label in labels.items():
            value = data.get(name)
            if name == "submit_time":
                value = formats.date_format(
                    submission.submit_time.astimezone(), "SHORT_DATETIME_FORMAT"
                )
            elif isinstance(value, list):
                value = ", ".join(str(item) for item in value)
            elif isinstance(value, bool):
                value = gettext("yes") if value else gettext("no")
            lines.append(f"{label}: {value if value not in (None, '') else '-'}")
        attachments = list(submission.attachments.all())
        if attachments:
            lines.append("")
            lines.append(gettext("Documents (in the admin, for editors only):"))
            lines.extend(
                f"- {item.original_name} ({filesizeformat(item.size)})" for item in attachments
            )
        lines.append("")
        lines.append(
            gettext("All applications: %(url)s")
            % {
                "url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")
                + reverse("wagtailforms:list_submissions", args=[target.pk])
            }
        )
        subject = target.subject or gettext("New application: %(title)s") % {"title": target.title}
    reply_to = [
        value
        for name, value in form.cleaned_data.items()
        if isinstance(form.fields[name], forms.EmailField) and value
    ][:1]
    return subject, "\n".join(lines), reply_to or None
