"""General pages (HomePage, StandardPage), the page mixin every page type shares, and the
translatable footer snippet."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .blocks import BaseStreamBlock, HomeStreamBlock

#: Page fields every page type declares for wagtail-localize. Slugs are synchronised: a page
#: keeps one slug in every language and the language prefix tells the versions apart, so links
#: between locales never break when a translator retitles a page.
PAGE_TRANSLATABLE_FIELDS = [
    TranslatableField("title"),
    TranslatableField("seo_title"),
    TranslatableField("search_description"),
    SynchronizedField("slug"),
    SynchronizedField("show_in_menus"),
]

#: Name of the hook other apps use to add sections to the home page (latest practices,
#: upcoming events, glossary...). Each hook is called with (page, request) and returns a dict
#: with a "template" and its context, or None to add nothing.
HOME_SECTIONS_HOOK = "smartvillages_home_sections"


class BasePage(Page):
    """What every page of the site shares: an introduction shown under the title and used as
    the default description in listings and OpenGraph metadata."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        max_length=600,
        help_text=_("One or two sentences shown under the title and in listings."),
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    api_fields = [APIField("introduction")]

    class Meta:
        abstract = True

    @property
    def meta_description(self):
        return self.search_description or self.introduction


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
