"""The glossary: an index page per locale and one page per term, linked from the rich text of
the other pages (see glossary/linker.py) and listing the pages that use each term."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from smartvillages.core.models import PAGE_TRANSLATABLE_FIELDS, BasePage
from smartvillages.translation.readers import (
    awaiting_source_language,
    with_requested_source_language,
)

from .collation import group_by_letter

#: What a translator writes where their language has no value although the source has one
#: (no acronym in English for the French "AMI", no variants): wagtail-localize cannot
#: translate a string into an empty one, so this mark stands for "none in this language".
NONE_MARK = "-"

EXPLANATION_FEATURES = ["bold", "italic", "ol", "ul", "link"]

COUNTRY_CHOICES = [
    ("AT", _("Austria")),
    ("CH", _("Switzerland")),
    ("DE", _("Germany")),
    ("FR", _("France")),
    ("IT", _("Italy")),
    ("LI", _("Liechtenstein")),
    ("MC", _("Monaco")),
    ("SI", _("Slovenia")),
]

#: The sentence a term page shows for its country of use.
COUNTRY_NOTES = {
    "AT": _("An Austrian institution or notion."),
    "CH": _("A Swiss institution or notion."),
    "DE": _("A German institution or notion."),
    "FR": _("A French institution or notion."),
    "IT": _("An Italian institution or notion."),
    "LI": _("A Liechtenstein institution or notion."),
    "MC": _("A Monegasque institution or notion."),
    "SI": _("A Slovenian institution or notion."),
}

MAX_VARIANT_LENGTH = 120
MAX_ACRONYM_LENGTH = 20


def present(value: str | None) -> str:
    """A field's value with the "none in this language" mark read as empty."""
    value = (value or "").strip()
    return "" if value == NONE_MARK else value


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a text, for the index filter."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class GlossaryIndexPage(BasePage):
    """The glossary of one locale: its terms A-Z in that language's alphabet."""

    content_panels = BasePage.content_panels
    search_fields = BasePage.search_fields
    api_fields = BasePage.api_fields
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [TranslatableField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["glossary.GlossaryTermPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("glossary")
        verbose_name_plural = _("glossaries")

    def live_terms(self):
        """The live terms of this glossary in one query (the locale is selected because each
        term's URL needs its language code)."""
        return (
            with_requested_source_language(GlossaryTermPage.objects.child_of(self).live())
            .select_related("locale")
            .defer_streamfields()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:100]
        terms = list(self.live_terms())
        sources = _alias_source_languages(terms)
        entries = [
            {
                "page": term,
                "url": term.get_url(request),
                "title": term.title,
                "acronym": term.display_acronym,
                "expansion": term.display_expansion,
                "short_definition": term.short_definition,
                "search_text": term.filter_text,
                # An untranslated term (an alias) shows its source text in its source language.
                # So does a former alias whose requested translation is not yet published.
                "lang": sources.get(term.alias_of_id) or awaiting_source_language(term) or "",
            }
            for term in terms
        ]
        # The whole list is always in the page; a filter (?q=, for readers without
        # JavaScript) hides what does not match, and glossary.js filters the same list live.
        needle = fold(query)
        for entry in entries:
            entry["match"] = needle in entry["search_text"]
        groups = group_by_letter(entries, self.locale.language_code, key=lambda e: e["title"])
        for group in groups:
            group["match"] = any(entry["match"] for entry in group["items"])
        context.update(
            {
                "query": query,
                "letter_groups": groups,
                "term_count": sum(entry["match"] for entry in entries),
                "total_count": len(entries),
            }
        )
        return context


def _alias_source_languages(pages) -> dict[int, str]:
    """Language code of the source page of every alias among ``pages``, in one query."""
    alias_ids = {page.alias_of_id for page in pages if page.alias_of_id}
    if not alias_ids:
        return {}
    return dict(Page.objects.filter(pk__in=alias_ids).values_list("pk", "locale__language_code"))


class SourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=250,
        help_text=_("The reference as published: organisation, document or law."),
    )
    url = blocks.URLBlock(label=_("Address"), required=False)
    language = blocks.ChoiceBlock(
        choices=settings.LANGUAGES,
        required=False,
        label=_("Language"),
        help_text=_(
            "The language the title is written in. Readers of other languages see it "
            "labelled, and screen readers pronounce it right."
        ),
    )

    class Meta:
        icon = "link"
        label = _("Source")


class GlossaryTermPage(Page):
    """One term, in one language. The page title is the term (headword) as readers of that
    language look it up."""

    acronym = models.CharField(
        _("acronym"),
        max_length=MAX_ACRONYM_LENGTH,
        blank=True,
        help_text=_(
            "The acronym used in this language, if any (EPCI, ERDF, EFRE...). Linked in texts "
            "only where written in the same capitals. Translators: write a single hyphen (-) "
            "if your language uses no acronym for this term."
        ),
    )
    expansion = models.CharField(
        _("expansion"),
        max_length=250,
        blank=True,
        help_text=_(
            "The acronym spelled out, or the full name of the institution. Not shown when it "
            "repeats the term, so translators can turn it into an explanatory gloss of a "
            "name kept in its original language. A single hyphen (-) means none."
        ),
    )
    short_definition = models.TextField(
        _("short definition"),
        max_length=300,
        help_text=_(
            "One plain sentence, shown in the tooltips of linked terms, under the title and in "
            "search results."
        ),
    )
    explanation = RichTextField(
        _("explanation"),
        features=EXPLANATION_FEATURES,
        help_text=_("The full explanation: what it is, who does it, an example from the Alps."),
    )
    variants = models.TextField(
        _("variants and synonyms"),
        blank=True,
        help_text=_(
            "One per line: plurals, synonyms, other spellings, the acronym of another language. "
            "They are linked in texts like the term and found by search. Each form may belong "
            "to one term only. Translators: a single hyphen (-) means none."
        ),
    )
    country = models.CharField(
        _("country of use"),
        max_length=2,
        blank=True,
        choices=COUNTRY_CHOICES,
        help_text=_(
            "The country whose institution or notion this is (EPCI: France). Leave empty for "
            "European or general notions."
        ),
    )
    sources = StreamField(
        [("source", SourceBlock())],
        blank=True,
        verbose_name=_("sources"),
        help_text=_("References readers can check. Cited as published, in their language."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("acronym"), FieldPanel("expansion")], heading=_("Acronym")),
        FieldPanel("short_definition"),
        FieldPanel("explanation"),
        FieldPanel("variants"),
        FieldPanel("country"),
        InlinePanel(
            "related_links",
            heading=_("Related terms"),
            label=_("Related term"),
            help_text=_("Other glossary terms a reader should look at next."),
        ),
        FieldPanel("sources"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("acronym", boost=3),
        index.AutocompleteField("acronym"),
        index.SearchField("expansion", boost=2),
        index.SearchField("variants", boost=2),
        index.AutocompleteField("variants"),
        index.SearchField("short_definition"),
        index.SearchField("explanation"),
        index.FilterField("country"),
    ]
    api_fields = [
        APIField("acronym", serializer=serializers.CharField(source="display_acronym")),
        APIField("expansion", serializer=serializers.CharField(source="display_expansion")),
        APIField("short_definition"),
        APIField("explanation"),
        APIField(
            "variants",
            serializer=serializers.ListField(source="variant_list", child=serializers.CharField()),
        ),
        APIField("country"),
        APIField("related_links"),
        APIField("sources"),
    ]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("acronym"),
        TranslatableField("expansion"),
        TranslatableField("short_definition"),
        TranslatableField("explanation"),
        TranslatableField("variants"),
        # The same in every language; related terms are shown in the reader's language.
        SynchronizedField("country"),
        SynchronizedField("related_links"),
        # Cited as published (a law, an agency's name), not translated.
        SynchronizedField("sources"),
    ]

    parent_page_types = ["glossary.GlossaryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    # Values as readers see them ------------------------------------------------------------

    @property
    def term(self) -> str:
        return self.title

    @property
    def display_acronym(self) -> str:
        acronym = present(self.acronym)
        return "" if acronym == self.title else acronym

    @property
    def is_acronym(self) -> bool:
        """The term is itself an acronym (EPCI): its expansion says what it stands for."""
        return present(self.acronym) == self.title

    @property
    def display_expansion(self) -> str:
        expansion = present(self.expansion)
        return "" if fold(expansion) == fold(self.title) else expansion

    @property
    def introduction(self) -> str:
        """What BasePage calls the introduction: listings and search results show it."""
        return self.short_definition

    @property
    def meta_description(self) -> str:
        return self.search_description or self.short_definition

    @property
    def variant_list(self) -> list[str]:
        return _split_variants(self.variants)

    @property
    def country_note(self) -> str:
        return COUNTRY_NOTES.get(self.country, "")

    def linked_forms(self) -> list[str]:
        return linked_forms(self.title, self.acronym, self.variants)

    @cached_property
    def filter_text(self) -> str:
        """What the index's filter box looks into, folded."""
        return fold(" ".join([self.title, self.acronym, self.expansion, self.variants]))

    # What the page shows around the term -------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        parent = self.get_parent()
        context["glossary"] = {"title": parent.title, "url": parent.get_url(request)}
        context["related_terms"] = self.related_terms()
        context["usage_groups"] = self.usage_groups(request)
        return context

    def related_terms(self) -> list[GlossaryTermPage]:
        """The related terms in this page's locale (the links point at the source-language
        terms: every translation shares them), in the editor's order. Three queries."""
        related_ids = [link.related_id for link in self.related_links.all()]
        if not related_ids:
            return []
        keys = dict(
            GlossaryTermPage.objects.filter(pk__in=related_ids).values_list("pk", "translation_key")
        )
        localized = {
            term.translation_key: term
            for term in GlossaryTermPage.objects.live()
            .filter(locale_id=self.locale_id, translation_key__in=keys.values())
            .select_related("locale")
            .defer_streamfields()
        }
        terms = [localized.get(keys.get(pk)) for pk in related_ids]
        return [term for term in terms if term is not None and term.pk != self.pk]

    def usage_groups(self, request=None) -> list[dict]:
        """The published pages that use the term, grouped by page type (practices, events...).
        An untranslated term (an alias) lists the pages that use its source."""
        from django.contrib.contenttypes.models import ContentType

        from .collation import sorted_in

        usages = (
            GlossaryTermUsage.objects.filter(term_id=self.alias_of_id or self.pk, page__live=True)
            .select_related("page", "page__locale")
            .order_by("page__path")
        )
        groups: dict[int, dict] = {}
        for usage in usages:
            page = usage.page
            group = groups.get(page.content_type_id)
            if group is None:
                model = ContentType.objects.get_for_id(page.content_type_id).model_class()
                label = model._meta.verbose_name_plural if model else ""
                group = groups[page.content_type_id] = {"label": label, "pages": []}
            group["pages"].append({"title": page.title, "url": page.get_url(request)})
        language = self.locale.language_code
        for group in groups.values():
            group["pages"] = sorted_in(language, group["pages"], key=lambda item: item["title"])
        return sorted_in(language, groups.values(), key=lambda group: str(group["label"]))

    # Validation ----------------------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        acronym = present(self.acronym)
        if acronym and any(char.isspace() for char in acronym):
            errors["acronym"] = _("An acronym has no spaces: put the full form in Expansion.")
        variant_errors = self._variant_errors()
        if variant_errors:
            errors["variants"] = variant_errors
        if "\n" in (self.short_definition or "").strip():
            errors["short_definition"] = _("Write the short definition as a single paragraph.")
        if not errors:
            errors.update(self._clashes_with_other_terms())
        for link in self.related_links.all():
            if self.pk and link.related_id == self.pk:
                errors["__all__"] = _("A term cannot be related to itself.")
        if errors:
            raise ValidationError(errors)

    def _variant_errors(self) -> list:
        return [
            _("“%(variant)s…” is too long: keep variants under %(max)d characters.")
            % {"variant": variant[:40], "max": MAX_VARIANT_LENGTH}
            for variant in self.variant_list
            if len(variant) > MAX_VARIANT_LENGTH
        ]

    def _clashes_with_other_terms(self) -> dict:
        """A form linked for two terms of the same language would make links ambiguous."""
        if self.alias_of_id:
            return {}  # an alias repeats its source, checked in its own language
        mine = {_link_key(form): form for form in self.linked_forms()}
        others = GlossaryTermPage.objects.filter(locale_id=self.locale_id, alias_of__isnull=True)
        if self.pk:
            others = others.exclude(pk=self.pk)
        if self.translation_key:
            others = others.exclude(translation_key=self.translation_key)
        for title, acronym, variants in others.values_list("title", "acronym", "variants"):
            for form in linked_forms(title, acronym, variants):
                clash = mine.get(_link_key(form))
                if clash:
                    if clash == self.title:
                        field = "title"
                    elif clash == present(self.acronym):
                        field = "acronym"
                    else:
                        field = "variants"
                    return {
                        field: _("“%(form)s” already belongs to the term “%(other)s”.")
                        % {"form": clash, "other": title}
                    }
        return {}


def linked_forms(title: str, acronym: str, variants: str) -> list[str]:
    """Every form of a term linked in texts: the term, its acronym and its variants (a form
    repeated in another case counts once)."""
    seen, unique = set(), []
    for form in [title, present(acronym), *_split_variants(variants)]:
        key = _link_key(form) if form else ""
        if key and key not in seen:
            seen.add(key)
            unique.append(form)
    return unique


def _split_variants(text: str | None) -> list[str]:
    return [
        line.strip()
        for line in (text or "").splitlines()
        if line.strip() and line.strip() != NONE_MARK
    ]


def _link_key(form: str) -> str:
    """How the linker compares forms: acronyms as written, other words case-insensitively."""
    from .linker import is_case_sensitive, normalise

    form = normalise(form.strip())
    return form if is_case_sensitive(form) else form.lower()


class GlossaryRelatedTerm(Orderable):
    """A "see also" link between two terms. Stored once, on the source-language term, and
    synchronised to its translations; each page shows the related terms of its own locale."""

    page = ParentalKey(GlossaryTermPage, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(
        GlossaryTermPage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("term"),
        help_text=_("A term of the same glossary."),
    )

    panels = [FieldPanel("related", heading=_("Term"))]
    api_fields = [APIField("related")]

    class Meta(Orderable.Meta):
        verbose_name = _("related term")
        verbose_name_plural = _("related terms")


class GlossaryTermUsage(models.Model):
    """A published page whose rich text uses a term (kept up to date on publish, see
    glossary/usage.py): the term page lists the practices, events and other pages that use
    it without the glossary knowing their types."""

    term = models.ForeignKey(
        GlossaryTermPage, on_delete=models.CASCADE, related_name="usages", verbose_name=_("term")
    )
    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )

    class Meta:
        verbose_name = _("term usage")
        verbose_name_plural = _("term usages")
        constraints = [
            models.UniqueConstraint(fields=["term", "page"], name="glossary_usage_unique")
        ]

    def __str__(self):
        return f"{self.term_id} → {self.page_id}"
