"""The page base and mixins every page type shares, and the page fields every page type
declares for wagtail-localize."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

#: Page fields every page type declares for wagtail-localize. Slugs are translated: a reader
#: in Ljubljana reads /sl/prakse/..., not /sl/pratiques/... When a translation replaces an alias
#: (or a translator changes a slug), Wagtail's redirects app records the old path, so the
#: French-slug URL under another language answers 301 to the translated one.
PAGE_TRANSLATABLE_FIELDS = [
    TranslatableField("title"),
    TranslatableField("seo_title"),
    TranslatableField("search_description"),
    TranslatableField("slug"),
    SynchronizedField("show_in_menus"),
]


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


class LocationMixin(models.Model):
    """An optional point on the map (practices, events): both coordinates or neither."""

    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Optional point for the map, in decimal degrees (e.g. 45.19)."),
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("In decimal degrees (e.g. 5.73)."),
    )

    class Meta:
        abstract = True

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def location_errors(self) -> dict:
        """Validation errors of the point, for the model's clean()."""
        if (self.latitude is None) != (self.longitude is None):
            return {
                "longitude" if self.longitude is None else "latitude": _(
                    "Give both the latitude and the longitude, or neither."
                )
            }
        return {}
