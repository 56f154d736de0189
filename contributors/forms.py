"""Contributors' forms: sign-up (allauth's, with the site's spam defence), the profile, the
three steps of a practice proposal, and account deletion.

Choices of the taxonomy are read in the active language and stored by their stable code, so
a proposal started in Slovenian and resumed in French keeps its choices.
"""

from __future__ import annotations

import datetime

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from practices.models import (
    ActionType,
    OrganisationPage,
    Scale,
    SmartDimension,
    TargetGroup,
    Theme,
)
from smartvillages.core.blocks import PHONE_REGEX
from smartvillages.core.countries import ALPINE_COUNTRIES
from smartvillages.core.spam import SpamProtectedForm
from smartvillages.core.uploads import check_pdf, clean_image

from .models import ContributorProfile

#: Bytes of one photo or PDF sent with a proposal, and of an avatar.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_AVATAR_BYTES = 3 * 1024 * 1024
MAX_FILES = 10


class SignupForm(SpamProtectedForm, AllauthSignupForm):
    spam_scope = "contributors.signup"


def _terms(model):
    """(code, name) of a taxonomy in the active language (the default's while untranslated)."""
    language = get_language() or settings.LANGUAGE_CODE
    terms = list(model.objects.filter(locale__language_code=language))
    if not terms:
        terms = list(model.objects.filter(locale__language_code=settings.LANGUAGE_CODE))
    return [(term.code, term.name) for term in terms]


class LazyChoicesMixin:
    """Choices read when the form is built (the active language; the database is ready)."""

    taxonomies: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, model in self.taxonomies.items():
            choices = _terms(model)
            field = self.fields[name]
            if isinstance(field, forms.MultipleChoiceField):
                field.choices = choices
            else:
                field.choices = [("", "—"), *choices]


class StepForm(forms.Form):
    """A step of a proposal: ``initial`` comes from the proposal's data, ``to_data`` gives
    what the step adds to it (JSON-ready)."""

    def to_data(self) -> dict:
        data = {}
        for name, value in self.cleaned_data.items():
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif hasattr(value, "is_finite"):  # Decimal
                value = float(value)
            data[name] = value
        return data


class WhatStepForm(LazyChoicesMixin, StepForm):
    taxonomies = {
        "dimensions": SmartDimension,
        "action_type": ActionType,
        "themes": Theme,
        "target_groups": TargetGroup,
    }
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_(
            "A short name readers will recognise, e.g. “A shared office in the old school”."
        ),
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Two or three sentences: what, where, for whom (400 characters at most)."),
    )
    dimensions = forms.MultipleChoiceField(
        label=_("Smart dimensions"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least one."),
        error_messages={"required": _("Choose at least one smart dimension.")},
    )
    action_type = forms.ChoiceField(label=_("Kind of action"), required=False)
    themes = forms.MultipleChoiceField(
        label=_("Themes"), widget=forms.CheckboxSelectMultiple, required=False
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"), widget=forms.CheckboxSelectMultiple, required=False
    )


class WhereStepForm(StepForm):
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        choices=ALPINE_COUNTRIES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one country.")},
    )
    territory = forms.CharField(
        label=_("Region and places"),
        max_length=200,
        help_text=_("Village, valley, department or region, as people there name them."),
    )
    scale = forms.ChoiceField(label=_("Scale"), choices=[("", "—"), *Scale.choices], required=False)
    start_date = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty while the practice goes on."),
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Optional, for the map: e.g. 45.1885 (decimal degrees)."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("e.g. 5.7245."),
    )
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        required=False,
        help_text=_("The organisation that carries the practice, if it is in the directory."),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "—"), *organisation_choices()]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            self.add_error("longitude", _("Give both the latitude and the longitude, or neither."))
        return cleaned


def organisation_choices():
    """Organisations of the directory, by their source page's slug (the importer's key), with
    their title in the active language where it is translated."""
    source = Locale.get_default()
    active = Locale.get_active()
    pages = OrganisationPage.objects.filter(locale=source, alias_of__isnull=True).live()
    titles = dict(
        OrganisationPage.objects.filter(
            locale=active, translation_key__in=pages.values("translation_key")
        ).values_list("translation_key", "title")
    )
    return sorted(
        ((page.slug, titles.get(page.translation_key, page.title)) for page in pages),
        key=lambda choice: choice[1].casefold(),
    )


class KeyStepForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("Step"), max_length=200)
    text = forms.CharField(label=_("Details"), max_length=1000, required=False)


# Rows left empty are ignored (the views pass empty_permitted); a row with only a date or only
# a title is an error of that row, told by its own required fields.
KeyStepFormSet = forms.formset_factory(KeyStepForm, extra=0, max_num=12, absolute_max=12)


class FilesForm(StepForm):
    """A step that takes a photo and a PDF at a time (checked by content), up to MAX_FILES
    per proposal."""

    photo = forms.FileField(
        label=_("Add a photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP, up to 10 MB. Its place and date are removed."),
    )
    photo_description = forms.CharField(
        label=_("What the photo shows"),
        max_length=300,
        required=False,
        help_text=_("For people who cannot see it, e.g. “Volunteers repairing bikes in the barn”."),
    )
    document = forms.FileField(
        label=_("Add a PDF document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("Up to 10 MB, without scripts or embedded files."),
    )

    def __init__(self, *args, file_count=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.file_count = file_count

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        return clean_image(upload, max_side=2400, max_bytes=MAX_UPLOAD_BYTES)

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if not upload:
            return None
        check_pdf(upload, max_bytes=MAX_UPLOAD_BYTES)
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photo") and not cleaned.get("photo_description"):
            self.add_error("photo_description", _("Say in a few words what the photo shows."))
        new = bool(cleaned.get("photo")) + bool(cleaned.get("document"))
        if new and self.file_count + new > MAX_FILES:
            raise forms.ValidationError(
                _("A proposal holds %(count)s files at most.") % {"count": MAX_FILES}
            )
        return cleaned


class ContentStepForm(FilesForm):
    objectives = forms.CharField(
        label=_("Objectives"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    description = forms.CharField(
        label=_("What was done"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "How it was done, with whom. Leave a blank line between paragraphs; start a line "
            "with “- ” for a list."
        ),
    )
    results = forms.CharField(
        label=_("Results"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    difficulties = forms.CharField(
        label=_("Difficulties"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    resources = forms.CharField(
        label=_("Resources needed"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("People, skills, money and tools."),
    )
    funding_note = forms.CharField(
        label=_("Funding"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Budget and who paid, e.g. “€40,000: LEADER and the municipality”."),
    )
    contact_name = forms.CharField(label=_("Contact name"), max_length=120, required=False)
    contact_role = forms.CharField(label=_("Contact role"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.RegexField(
        label=_("Contact phone"),
        regex=PHONE_REGEX,
        required=False,
        error_messages={"invalid": _("Enter a telephone number: digits, spaces and +.")},
    )

    def to_data(self) -> dict:
        data = {
            name: self.cleaned_data.get(name, "")
            for name in (
                "objectives",
                "description",
                "results",
                "difficulties",
                "resources",
                "funding_note",
            )
        }
        data["contact"] = {
            "name": self.cleaned_data.get("contact_name", ""),
            "role": self.cleaned_data.get("contact_role", ""),
            "email": self.cleaned_data.get("contact_email", ""),
            "phone": self.cleaned_data.get("contact_phone", ""),
        }
        return data

    @staticmethod
    def initial_from(data: dict) -> dict:
        contact = data.get("contact") or {}
        return {
            **data,
            "contact_name": contact.get("name", ""),
            "contact_role": contact.get("role", ""),
            "contact_email": contact.get("email", ""),
            "contact_phone": contact.get("phone", ""),
        }


class ReportStepForm(FilesForm):
    """A participant's report on an event of the active language."""

    event = forms.TypedChoiceField(label=_("Event"), coerce=int)
    session = forms.CharField(
        label=_("Session"),
        max_length=250,
        required=False,
        help_text=_("The session of the programme you report on, if it is one."),
    )
    heading = forms.CharField(label=_("Heading of your report"), max_length=200)
    key_points = forms.CharField(
        label=_("Key points"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One point per line."),
    )
    text = forms.CharField(
        label=_("Your report"),
        max_length=6000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was said and done, what you take home. A blank line between paragraphs."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [("", "—"), *event_choices()]

    def to_data(self) -> dict:
        return {
            name: self.cleaned_data.get(name, "")
            for name in ("event", "session", "heading", "key_points", "text")
        }


def event_choices():
    """Events of the active language, the most recent first: (page id, "title (date)")."""
    from django.utils.formats import date_format

    from events.models import EventPage

    events = EventPage.objects.live().filter(locale=Locale.get_active()).order_by("-start_date")
    return [
        (event.pk, f"{event.title} ({date_format(event.start_date, 'DATE_FORMAT')})")
        for event in events
    ]


#: The steps of a proposal of each kind, in order: (slug, title, form class).
STEPS = {
    "practice": (
        ("what", _("What"), WhatStepForm),
        ("where", _("Where and when"), WhereStepForm),
        ("content", _("Content and files"), ContentStepForm),
    ),
    "report": (("report", _("Your report"), ReportStepForm),),
}
#: The fields a proposal needs before it can be sent for review, and the step of each.
REQUIRED = {
    "practice": {
        "title": 1,
        "summary": 1,
        "dimensions": 1,
        "countries": 2,
        "territory": 2,
        "description": 3,
    },
    "report": {"event": 1, "heading": 1, "text": 1},
}


class ProfileForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    avatar_upload = forms.FileField(
        label=_("Avatar"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("A square picture works best; JPEG, PNG or WebP up to 3 MB."),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)

    class Meta:
        model = ContributorProfile
        fields = [
            "display_name",
            "handle",
            "language",
            "town",
            "country",
            "organisation",
            "proposed_organisation",
            "website",
            "social_handle",
            "biography",
            "biography_language",
            "phone",
            "is_public",
            "show_email",
            "show_phone",
        ]
        widgets = {"biography": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            OrganisationPage.objects.filter(locale=Locale.get_default(), alias_of__isnull=True)
            .live()
            .order_by("title")
        )
        self.fields["phone"].validators.append(
            RegexValidator(PHONE_REGEX, _("Enter a telephone number: digits, spaces and +."))
        )

    def clean_handle(self):
        return self.cleaned_data["handle"].lower()

    def clean_avatar_upload(self):
        upload = self.cleaned_data.get("avatar_upload")
        if not upload:
            return None
        return clean_image(upload, max_side=400, max_bytes=MAX_AVATAR_BYTES)

    def save(self, commit=True):
        profile = super().save(commit=False)
        image = self.cleaned_data.get("avatar_upload")
        if self.cleaned_data.get("remove_avatar") and profile.avatar:
            profile.avatar.delete(save=False)
        if image:
            if profile.avatar:
                profile.avatar.delete(save=False)
            profile.avatar.save(image.content.name, image.content, save=False)
        if commit:
            profile.save()
        return profile


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
