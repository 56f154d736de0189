"""The practice library: practices, organisations and the taxonomy that classifies them.

Taxonomy terms are translatable snippets with a stable ``code``: pages of every locale link to
them through synchronised many-to-many fields (the links are the same in every language),
templates show each term in the active language, and listing filters use the code, so
``?dimension=people`` filters an Italian listing as it filters the French one.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from smartvillages.core.api import PageRefField
from smartvillages.core.blocks import ContactsBlock, DocumentsBlock
from smartvillages.core.countries import ALPINE_COUNTRIES
from smartvillages.core.hooks import ORGANISATION_SECTIONS_HOOK, PRACTICE_SECTIONS_HOOK
from smartvillages.core.models import PAGE_TRANSLATABLE_FIELDS, BasePage, LocationMixin
from smartvillages.translation.readers import with_requested_source_language

from . import blocks as practice_blocks

#: Rich text features of the practice sections: sub-headings, emphasis, lists, links.
SECTION_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class Scale(models.TextChoices):
    VILLAGE = "village", _("Village")
    MUNICIPALITY = "municipality", _("Municipality")
    INTER_MUNICIPAL = "inter-municipal", _("Group of municipalities")
    DEPARTMENT = "department", _("Department or province")
    REGION = "region", _("Region")
    NATIONAL = "national", _("National")
    TRANSNATIONAL = "transnational", _("Transnational")


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    LOCAL_AUTHORITY = "local-authority", _("Local authority")
    INTER_MUNICIPAL = "inter-municipal", _("Inter-municipal body")
    STATE_SERVICE = "state-service", _("State service")
    PUBLIC_BODY = "public-body", _("Public body")
    NETWORK = "network", _("Network")
    COOPERATIVE = "cooperative", _("Cooperative")
    COMPANY = "company", _("Company")
    PARK = "park", _("Nature park")
    EU_PROGRAMME = "eu-programme", _("European programme")
    RESEARCH = "research", _("Research and education")


class Status(models.TextChoices):
    ONGOING = "ongoing", _("Ongoing")
    FINISHED = "finished", _("Finished")


# Taxonomy ---------------------------------------------------------------------------------


class TaxonomyTerm(TranslatableMixin, models.Model):
    """A term of one of the library's classifications, in one language.

    ``code`` is the same in every language (a translation copies it): URLs, filters, exports
    and the API use it; ``name`` is what readers see.
    """

    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_(
            "Stable identifier used in addresses, filters and exports, the same in every "
            "language. Lowercase letters, digits and hyphens. Do not change it once published."
        ),
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(
        _("description"),
        blank=True,
        max_length=600,
        help_text=_("Optional: what the term covers, shown as a hint in the listing."),
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Terms are listed by this number, then by name.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("code"),
        SynchronizedField("sort_order"),
    ]
    api_fields = [APIField("code"), APIField("name"), APIField("description")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "name"]
        unique_together = [("translation_key", "locale"), ("code", "locale")]

    def __str__(self):
        return self.name


class SmartDimension(TaxonomyTerm):
    """One of the six dimensions of a smart village (governance, people, living, environment,
    economy, mobility)."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("smart dimension")
        verbose_name_plural = _("smart dimensions")


class Theme(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class ActionType(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("action type")
        verbose_name_plural = _("action types")


class TargetGroup(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")


class FundingProgramme(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")


TAXONOMY_MODELS = (SmartDimension, Theme, ActionType, TargetGroup, FundingProgramme)


class Country(models.Model):
    """A country of the Alpine Space. A fixed list (created by a migration): names are
    translated with the site's catalogs, so the table holds codes only."""

    code = models.CharField(_("code"), max_length=2, primary_key=True, choices=ALPINE_COUNTRIES)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]

    def __str__(self):
        return str(self.get_code_display())

    @property
    def name(self):
        return str(self.get_code_display())

    @classmethod
    def ensure_all(cls):
        """Create the fixed list (after a database flush, the migration's rows are gone)."""
        existing = set(cls.objects.values_list("code", flat=True))
        cls.objects.bulk_create(
            [cls(code=code) for code, _name in ALPINE_COUNTRIES if code not in existing]
        )


# Serializers of the API -----------------------------------------------------------------


class CodesField(serializers.Field):
    """A synchronised many-to-many field as the list of its stable codes."""

    def to_representation(self, value):
        return [item.code for item in value.all()]


class TermField(serializers.Field):
    """A taxonomy foreign key as its code."""

    def to_representation(self, value):
        return value.code if value else None


# Pages --------------------------------------------------------------------------------------


class PracticeIndexPage(RoutablePageMixin, BasePage):
    """The practice library of one language: listing with filters, map, exports and feed."""

    per_page = models.PositiveSmallIntegerField(
        _("practices per page"),
        default=12,
        validators=[MinValueValidator(4), MaxValueValidator(60)],
        help_text=_("How many practices the listing shows per page (4 to 60)."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("per_page")]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("introduction"),
        SynchronizedField("per_page"),
    ]
    api_fields = BasePage.api_fields

    parent_page_types = ["home.HomePage"]
    subpage_types = ["practices.PracticePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("practice library")
        verbose_name_plural = _("practice libraries")

    def practices(self):
        """Live practices of this page's language (real translations and aliases)."""
        return PracticePage.objects.live().filter(locale_id=self.locale_id)

    @path("")
    def listing(self, request):
        from .views import listing_context

        return self.render(request, context_overrides=listing_context(self, request))

    @path("geojson/", name="geojson")
    def geojson(self, request):
        from .views import geojson_response

        return geojson_response(self, request)

    @path("export/csv/", name="export_csv")
    def export_csv(self, request):
        from .exports import csv_response

        return csv_response(self, request)

    @path("export/json/", name="export_json")
    def export_json(self, request):
        from .exports import json_response

        return json_response(self, request)

    @path("feed/", name="feed")
    def feed(self, request):
        from .feeds import PracticeFeed

        return PracticeFeed(self)(request)


class PracticePageForm(WagtailAdminPageForm):
    """At least one dimension: checked here (editors) and by the importer, not in the
    model, because many-to-many choices are set after a page is first saved."""

    def clean(self):
        cleaned = super().clean()
        if "dimensions" in self.fields and not cleaned.get("dimensions"):
            self.add_error("dimensions", _("Choose at least one smart dimension."))
        return cleaned


#: The rich-text sections of a practice, in reading order: model fields, and columns of the
#: exports that the importer reads back and the demo loader fills.
PRACTICE_SECTIONS = (
    "objectives",
    "description",
    "stakes",
    "results",
    "difficulties",
    "resources",
    "transferability",
)
#: The sections with the dated key steps after the stakes: the order of the editor's panel,
#: the API and the translation sources.
_SECTIONS_AND_STEPS = (*PRACTICE_SECTIONS[:3], "key_steps", *PRACTICE_SECTIONS[3:])


class PracticePage(LocationMixin, BasePage):
    """A good practice: what was done, where, when, by whom, with what money and results.

    The summary is the shared ``introduction`` field (shown in listings and feeds).
    """

    introduction = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("Two or three sentences: what, where, for whom. Shown in listings and feeds."),
    )
    action_type = models.ForeignKey(
        ActionType,
        verbose_name=_("action type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
        help_text=_("What kind of action this is."),
    )
    dimensions = ParentalManyToManyField(
        SmartDimension,
        verbose_name=_("smart dimensions"),
        related_name="practices",
        blank=True,
        help_text=_("At least one of the six dimensions of a smart village."),
    )
    themes = ParentalManyToManyField(
        Theme, verbose_name=_("themes"), related_name="practices", blank=True
    )
    target_groups = ParentalManyToManyField(
        TargetGroup,
        verbose_name=_("target groups"),
        related_name="practices",
        blank=True,
        help_text=_("Who the practice is for."),
    )
    scale = models.CharField(
        _("scale"),
        max_length=20,
        choices=Scale.choices,
        blank=True,
        help_text=_("The territory the practice covers."),
    )
    countries = ParentalManyToManyField(
        Country, verbose_name=_("countries"), related_name="practices", blank=True
    )
    territory = models.CharField(
        _("territory"),
        max_length=200,
        blank=True,
        help_text=_("Place names: village, valley, department... as readers know them."),
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty while the practice goes on.")
    )
    lead_organisation = models.ForeignKey(
        "practices.OrganisationPage",
        verbose_name=_("lead organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_practices",
        help_text=_("The organisation that carries the practice."),
    )
    partners = ParentalManyToManyField(
        "practices.OrganisationPage",
        verbose_name=_("partners"),
        related_name="partner_practices",
        blank=True,
        help_text=_("Partners, clients and co-funders."),
    )
    objectives = RichTextField(_("objectives"), blank=True, features=SECTION_FEATURES)
    description = RichTextField(
        _("description"),
        blank=True,
        features=SECTION_FEATURES,
        help_text=_("What was done and how."),
    )
    stakes = RichTextField(
        _("stakes"), blank=True, features=SECTION_FEATURES, help_text=_("Why it matters.")
    )
    key_steps = StreamField(
        practice_blocks.KeyStepsBlock(),
        blank=True,
        verbose_name=_("key steps"),
        help_text=_("Dated steps, in order."),
    )
    results = RichTextField(_("results"), blank=True, features=SECTION_FEATURES)
    difficulties = RichTextField(_("difficulties"), blank=True, features=SECTION_FEATURES)
    resources = RichTextField(
        _("resources needed"),
        blank=True,
        features=SECTION_FEATURES,
        help_text=_("People, skills, money and tools the practice needed."),
    )
    transferability = RichTextField(
        _("transferability"),
        blank=True,
        features=SECTION_FEATURES,
        help_text=_("What another territory needs to do the same."),
    )
    funding_note = models.TextField(
        _("budget"),
        blank=True,
        max_length=1000,
        help_text=_("What the budget covers, in a sentence or two. Amounts go below."),
    )
    contacts = StreamField(ContactsBlock(), blank=True, verbose_name=_("contacts"))
    website = models.URLField(_("website"), blank=True)
    links = StreamField(practice_blocks.LinksBlock(), blank=True, verbose_name=_("links"))
    documents = StreamField(DocumentsBlock(), blank=True, verbose_name=_("documents"))
    images = StreamField(practice_blocks.GalleryBlock(), blank=True, verbose_name=_("images"))

    base_form_class = PracticePageForm

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldPanel("dimensions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("action_type"),
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Classification"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("scale"),
                FieldPanel("countries", widget=forms.CheckboxSelectMultiple),
                FieldPanel("territory"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading=_("Place and period"),
        ),
        MultiFieldPanel(
            [FieldPanel("lead_organisation"), FieldPanel("partners")],
            heading=_("Organisations"),
        ),
        MultiFieldPanel(
            [FieldPanel(name) for name in _SECTIONS_AND_STEPS],
            heading=_("Sections"),
        ),
        MultiFieldPanel(
            [FieldPanel("funding_note"), InlinePanel("funding", label=_("Funding"))],
            heading=_("Funding"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contacts"),
                FieldPanel("website"),
                FieldPanel("links"),
                FieldPanel("documents"),
                FieldPanel("images"),
            ],
            heading=_("Contacts and resources"),
        ),
    ]

    search_fields = BasePage.search_fields + [
        index.SearchField("territory"),
        index.SearchField("objectives"),
        index.SearchField("description"),
        index.SearchField("stakes"),
        index.SearchField("results"),
        index.SearchField("transferability"),
        index.AutocompleteField("territory"),
        index.FilterField("scale"),
        index.FilterField("start_date"),
        index.FilterField("end_date"),
        index.FilterField("action_type"),
        index.RelatedFields("action_type", [index.SearchField("name")]),
        index.RelatedFields("dimensions", [index.SearchField("name")]),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.RelatedFields("target_groups", [index.SearchField("name")]),
        index.RelatedFields("lead_organisation", [index.SearchField("title")]),
    ]

    api_fields = BasePage.api_fields + [
        APIField("summary", serializer=serializers.CharField(source="introduction")),
        APIField("action_type", serializer=TermField()),
        APIField("dimensions", serializer=CodesField()),
        APIField("themes", serializer=CodesField()),
        APIField("target_groups", serializer=CodesField()),
        APIField("scale"),
        APIField("countries", serializer=CodesField()),
        APIField("territory"),
        APIField("latitude"),
        APIField("longitude"),
        APIField("start_date"),
        APIField("end_date"),
        APIField("status"),
        APIField("lead_organisation", serializer=PageRefField()),
        APIField("partners", serializer=PageRefField()),
        *(APIField(name) for name in _SECTIONS_AND_STEPS),
        APIField("funding_note"),
        APIField("funding"),
        APIField("website"),
        APIField("links"),
    ]

    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("introduction"),
        TranslatableField("territory"),
        *(TranslatableField(name) for name in _SECTIONS_AND_STEPS),
        TranslatableField("funding_note"),
        TranslatableField("contacts"),
        TranslatableField("links"),
        TranslatableField("documents"),
        TranslatableField("images"),
        SynchronizedField("action_type"),
        SynchronizedField("dimensions"),
        SynchronizedField("themes"),
        SynchronizedField("target_groups"),
        SynchronizedField("scale"),
        SynchronizedField("countries"),
        SynchronizedField("latitude"),
        SynchronizedField("longitude"),
        SynchronizedField("start_date"),
        SynchronizedField("end_date"),
        SynchronizedField("lead_organisation"),
        SynchronizedField("partners"),
        SynchronizedField("funding"),
        SynchronizedField("website"),
    ]

    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date cannot be before the start date.")
        errors.update(self.location_errors())
        if errors:
            raise ValidationError(errors)

    @property
    def summary(self):
        return self.introduction

    @property
    def status(self) -> str:
        return status_for(self.end_date)

    def get_context(self, request, *args, **kwargs):
        from wagtail import hooks

        from .views import practice_context

        context = super().get_context(request, *args, **kwargs)
        context.update(practice_context(self, request))
        # Other apps add sections (events add "presented at these events").
        context["practice_sections"] = [
            section
            for hook in hooks.get_hooks(PRACTICE_SECTIONS_HOOK)
            if (section := hook(self, request))
        ]
        return context


def status_for(end_date, today=None) -> str:
    today = today or timezone.localdate()
    if end_date and end_date < today:
        return Status.FINISHED
    return Status.ONGOING


class PracticeFunding(Orderable):
    """One source of money of a practice: which programme, how much, what share."""

    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="funding")
    programme = models.ForeignKey(
        FundingProgramme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    amount = models.DecimalField(
        _("amount (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("In euros. Leave empty when unknown."),
    )
    share = models.DecimalField(
        _("share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Share of the practice's budget this programme covers, in percent."),
    )

    panels = [FieldPanel("programme"), FieldRowPanel([FieldPanel("amount"), FieldPanel("share")])]
    api_fields = [
        APIField("programme", serializer=TermField()),
        APIField("amount"),
        APIField("share"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("funding")
        verbose_name_plural = _("funding")


class OrganisationIndexPage(BasePage):
    """The organisations of the library, A to Z."""

    content_panels = BasePage.content_panels
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [TranslatableField("introduction")]
    api_fields = BasePage.api_fields

    parent_page_types = ["home.HomePage"]
    subpage_types = ["practices.OrganisationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("organisation directory")
        verbose_name_plural = _("organisation directories")

    def organisations(self):
        return (
            with_requested_source_language(OrganisationPage.objects.live())
            .filter(locale_id=self.locale_id)
            .order_by("title")
            .select_related("alias_of__locale")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organisations"] = self.organisations()
        return context


class OrganisationPage(BasePage):
    """An organisation that leads or joins practices and events."""

    acronym = models.CharField(
        _("acronym"), max_length=40, blank=True, help_text=_("e.g. ADRETS, PNR, CIPRA.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    description = RichTextField(
        _("description"), blank=True, features=["bold", "italic", "ul", "link"]
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    public_contact = models.EmailField(
        _("public contact"),
        blank=True,
        help_text=_("A generic address (contact@...), never a person's own address."),
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=ALPINE_COUNTRIES,
        blank=True,
        help_text=_("Leave empty for international bodies."),
    )
    city = models.CharField(_("city"), max_length=120, blank=True)

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("acronym"), FieldPanel("kind")]),
        FieldPanel("description"),
        FieldPanel("logo"),
        FieldRowPanel([FieldPanel("website"), FieldPanel("public_contact")]),
        FieldRowPanel([FieldPanel("country"), FieldPanel("city")]),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("acronym", boost=2),
        index.AutocompleteField("acronym"),
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("country"),
    ]
    api_fields = BasePage.api_fields + [
        APIField("acronym"),
        APIField("kind"),
        APIField("description"),
        APIField("logo"),
        APIField("website"),
        APIField("public_contact"),
        APIField("country"),
        APIField("city"),
    ]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("introduction"),
        TranslatableField("description"),
        SynchronizedField("acronym"),
        SynchronizedField("kind"),
        SynchronizedField("logo"),
        SynchronizedField("website"),
        SynchronizedField("public_contact"),
        SynchronizedField("country"),
        SynchronizedField("city"),
    ]

    parent_page_types = ["practices.OrganisationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def practices(self):
        """Live practices of this page's language that the organisation leads or joins.

        Practices of every language link to the organisation's source page (the links are
        synchronised), so the match is on the organisation's translation key.
        """
        key = self.translation_key
        return (
            with_requested_source_language(PracticePage.objects.live())
            .filter(locale_id=self.locale_id)
            .filter(
                models.Q(lead_organisation__translation_key=key)
                | models.Q(
                    pk__in=PracticePage.partners.through.objects.filter(
                        organisationpage__translation_key=key
                    ).values("practicepage_id")
                )
            )
            .order_by("title")
            .select_related("alias_of__locale")
        )

    def get_context(self, request, *args, **kwargs):
        from wagtail import hooks

        context = super().get_context(request, *args, **kwargs)
        practices = list(
            self.practices().annotate(
                is_lead=models.Case(
                    models.When(lead_organisation__translation_key=self.translation_key, then=True),
                    default=False,
                    output_field=models.BooleanField(),
                )
            )
        )
        context["led_practices"] = [practice for practice in practices if practice.is_lead]
        context["partner_practices"] = [practice for practice in practices if not practice.is_lead]
        sections = []
        for hook in hooks.get_hooks(ORGANISATION_SECTIONS_HOOK):
            section = hook(self, request)
            if section:
                sections.append(section)
        context["organisation_sections"] = sections
        return context
