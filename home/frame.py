"""The site's frame per language, cached: the home page's live children (main menu and footer
links) and the footer text.

Every page shows them, and they change only when a page is saved, published, moved or
deleted, or the footer is edited. Each page render reads one version key and one frame from
Django's cache (Redis in production, shared by every web node) instead of running their SQL
queries; any such change writes a new version (signals below), so every node rebuilds the
frame at its next render.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.rich_text import expand_db_html
from wagtail.signals import page_published, page_unpublished, post_page_move

from smartvillages.core.cache import read_version, renew_version

VERSION_CACHE_KEY = "frame:version"
#: A frame that nothing invalidated is still rebuilt after a day (a renamed site, say).
TIMEOUT = 24 * 60 * 60


def current_version() -> str:
    return read_version(VERSION_CACHE_KEY)


def invalidate(**kwargs):
    renew_version(VERSION_CACHE_KEY)


def locale_home(request, language):
    """The home page of ``language`` (or the default language's while it has none).

    Routing a Wagtail page already found it (HomePage.route keeps it on the request); other
    views (search, errors) look it up.
    """
    home = getattr(request, "_sv_locale_home", None)
    if home is not None and home.locale.language_code == language:
        return home
    site = Site.find_for_request(request)
    if site is None:
        return None
    versions = {
        page.locale.language_code: page
        for page in Page.objects.filter(
            translation_key=site.root_page.translation_key,
            locale__language_code__in=[language, settings.LANGUAGE_CODE],
        ).select_related("locale")
    }
    return versions.get(language) or versions.get(settings.LANGUAGE_CODE)


def get_frame(request, language) -> dict:
    """``{"home_url", "children": [{title, url, path, in_menu, standard}], "footer"}``."""
    site = Site.find_for_request(request)
    key = f"frame:{current_version()}:{site.pk if site else 0}:{language}"
    frame = cache.get(key)
    if frame is None:
        frame = build_frame(request, language)
        cache.set(key, frame, timeout=TIMEOUT)
    return frame


def build_frame(request, language) -> dict:
    from .models import FooterText, StandardPage

    home = locale_home(request, language)
    standard_type = ContentType.objects.get_for_model(StandardPage).pk
    children = []
    if home is not None:
        for child in home.get_children().live().order_by("path"):
            children.append(
                {
                    "title": child.title,
                    "url": child.get_url(request),
                    "path": child.path,
                    "in_menu": child.show_in_menus,
                    "standard": child.content_type_id == standard_type,
                }
            )
    footers = {
        footer.locale.language_code: footer
        for footer in FooterText.objects.filter(
            locale__language_code__in=[language, settings.LANGUAGE_CODE]
        ).select_related("locale")
    }
    footer = footers.get(language) or footers.get(settings.LANGUAGE_CODE)
    return {
        "home_url": home.get_url(request) if home is not None else "/",
        "children": children,
        "footer": (
            # rendered once: rich text links are expanded with a query of their own
            {"html": expand_db_html(footer.body), "language_code": footer.locale.language_code}
            if footer is not None
            else None
        ),
    }


@receiver(post_save)
@receiver(post_delete)
def _model_changed(sender, instance, **kwargs):
    from .models import FooterText

    if isinstance(instance, (Page, FooterText, Site)):
        invalidate()


page_published.connect(invalidate, dispatch_uid="frame-published")
page_unpublished.connect(invalidate, dispatch_uid="frame-unpublished")
post_page_move.connect(invalidate, dispatch_uid="frame-moved")
