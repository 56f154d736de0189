"""sitemap.xml: every real page of every locale, with its real translations as alternates.

Wagtail's own sitemap lists the default site's tree only (the French one) and would list alias
pages if it did list the other trees. Aliases are untranslated copies (noindex, canonical to
their source), so they appear neither as entries nor as alternates, and neither do former
aliases whose requested translation was never published; each entry carries
``<xhtml:link rel="alternate" hreflang=...>`` for every live translation of the page,
itself included, and ``x-default`` pointing to the default language's version.
"""

from __future__ import annotations

from collections import defaultdict
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import CharField, F, Q
from django.db.models.functions import Cast
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap_view
from wagtail.models import Locale, Page

from .readers import translation_requested


def pages_awaiting_first_translation():
    """Former aliases whose translation was requested but never published.

    wagtail-localize turns the alias into a page of its own as soon as an editor requests the
    translation; with WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE off it stays live showing
    what the alias showed (its live revision is still the source's), until the translator
    publishes. For readers it is still the source's text, not a translation.
    """
    return (
        Page.objects.filter(alias_of__isnull=True, live=True)
        .annotate(own_id=Cast("pk", output_field=CharField()))
        .exclude(live_revision__object_id=F("own_id"))
        .filter(translation_requested())
    )


class TranslatedPagesSitemap(Sitemap):
    def items(self):
        if not hasattr(self, "_sv_pages"):
            site = self.get_wagtail_site()
            roots = site.root_page.get_translations(inclusive=True).only("path")
            trees = reduce(or_, (Q(path__startswith=root.path) for root in roots), Q(pk=None))
            self._sv_pages = list(
                Page.objects.filter(trees, alias_of__isnull=True)
                .exclude(pk__in=pages_awaiting_first_translation().values("pk"))
                .live()
                .public()
                .order_by("path")
                .defer_streamfields()
                .specific()
            )
        return self._sv_pages

    def translation_alternates(self) -> dict:
        if not hasattr(self, "_sv_alternates"):
            by_key = defaultdict(list)
            # .specific() drops select_related: one query for the locales instead of one a page.
            languages = dict(Locale.objects.values_list("pk", "language_code"))
            for page in self.items():
                url = page.get_full_url(self.request)
                if url:
                    by_key[page.translation_key].append(
                        {"lang_code": languages[page.locale_id], "location": url}
                    )
            for versions in by_key.values():
                default = [v for v in versions if v["lang_code"] == settings.LANGUAGE_CODE]
                if len(versions) > 1 and default:
                    versions.append({"lang_code": "x-default", "location": default[0]["location"]})
            self._sv_alternates = by_key
        return self._sv_alternates

    def _urls(self, page, protocol, domain):
        alternates = self.translation_alternates()
        urls = []
        last_mods = set()
        for item in self.paginator.page(page).object_list:
            versions = alternates.get(item.translation_key, [])
            for url_info in item.get_sitemap_urls(self.request):
                if len(versions) > 1:
                    url_info = {**url_info, "alternates": versions}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls


def sitemap(request):
    return wagtail_sitemap_view(request, sitemaps={"pages": TranslatedPagesSitemap})
