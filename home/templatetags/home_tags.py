"""Template tags for the site's frame: navigation, language switcher, footer, alias notice."""

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import translate_url
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.models import Page, Site

from home.models import FooterText, StandardPage

register = template.Library()

LANGUAGE_NAMES = dict(settings.LANGUAGES)

#: Hook through which apps enhance rendered rich text without home importing them (the
#: glossary links its terms). Register ``processor(html, page=None, state=None) -> html``;
#: ``state`` is a dict shared by every call made while rendering the same page (first
#: occurrences, unique ids...), a fresh one when no page is given.
RICHTEXT_PROCESSORS_HOOK = "smartvillages_richtext_processors"


def _locale_home(request):
    """The home page of the active locale (or the source home page if it has no version)."""
    cache_attr = "_sv_locale_home"
    if not hasattr(request, cache_attr):
        site = Site.find_for_request(request)
        home = None
        if site:
            versions = {
                page.locale.language_code: page
                for page in Page.objects.filter(
                    translation_key=site.root_page.translation_key,
                    locale__language_code__in=[translation.get_language(), settings.LANGUAGE_CODE],
                ).select_related("locale")
            }
            home = versions.get(translation.get_language()) or versions.get(settings.LANGUAGE_CODE)
        setattr(request, cache_attr, home)
    return getattr(request, cache_attr)


def _locale_home_children(request):
    """Live children of the locale's home page, fetched once per request for both the main
    navigation (show_in_menus) and the footer links (the others)."""
    cache_attr = "_sv_locale_home_children"
    if not hasattr(request, cache_attr):
        home = _locale_home(request)
        children = list(home.get_children().live()) if home is not None else []
        setattr(request, cache_attr, children)
    return getattr(request, cache_attr)


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context["request"]
    home = _locale_home(request)
    current = context.get("page")
    items = []
    for child in _locale_home_children(request):
        if child.show_in_menus:
            items.append(
                {
                    "title": child.title,
                    "url": child.get_url(request),
                    "active": bool(current and current.path.startswith(child.path)),
                }
            )
    return {
        "home_url": home.get_url(request) if home is not None else "/",
        "items": items,
        "request": request,
    }


@register.simple_tag(takes_context=True)
def secondary_links(context):
    """Standard pages of the locale's home kept out of the main menu (legal notice, privacy)."""
    request = context["request"]
    standard_page_type = ContentType.objects.get_for_model(StandardPage).pk
    return [
        {"title": child.title, "url": child.get_url(request)}
        for child in _locale_home_children(request)
        if not child.show_in_menus and child.content_type_id == standard_page_type
    ]


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """One entry per language: the page's version in it, marked when it is only an alias
    (not yet translated). Pages outside Wagtail (search, errors) switch by URL prefix."""
    request = context["request"]
    page = context.get("page")
    current = translation.get_language()
    versions = {}
    if isinstance(page, Page) and page.pk:
        for version in page.get_translations(inclusive=True).live().select_related("locale"):
            versions[version.locale.language_code] = version
    languages = []
    for code, name in settings.LANGUAGES:
        entry = {"code": code, "name": name, "current": code == current, "translated": True}
        version = versions.get(code)
        if version is not None:
            entry["url"] = version.get_url(request)
            entry["translated"] = version.alias_of_id is None
        elif page is not None and versions:
            entry["url"] = None  # the page does not exist in that language at all
            entry["translated"] = False
        else:
            entry["url"] = translate_url(request.get_full_path(), code)
        languages.append(entry)
    return {
        "languages": languages,
        "has_untranslated": any(not entry["translated"] and entry["url"] for entry in languages),
    }


@register.simple_tag(takes_context=True)
def hreflang_alternates(context):
    """Real translations of the current page (aliases excluded), for <link rel=alternate>."""
    request = context["request"]
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk or page.alias_of_id:
        return []
    alternates = []
    translations = page.get_translations(inclusive=True).live().filter(alias_of__isnull=True)
    for version in translations.select_related("locale"):
        url = version.get_full_url(request)
        if url:
            alternates.append({"code": version.locale.language_code, "url": url})
    return alternates


@register.simple_tag
def footer_text():
    """The footer of the active language, or the default language's while untranslated."""
    active = translation.get_language()
    footers = {
        footer.locale.language_code: footer
        for footer in FooterText.objects.filter(
            locale__language_code__in=[active, settings.LANGUAGE_CODE]
        ).select_related("locale")
    }
    return footers.get(active) or footers.get(settings.LANGUAGE_CODE)


@register.simple_tag
def alias_source(page):
    """The page an alias shows (its source-language original), or None for a real page."""
    if isinstance(page, Page) and page.alias_of_id:
        return Page.objects.select_related("locale").filter(pk=page.alias_of_id).first()
    return None


@register.filter
def language_name(code):
    return LANGUAGE_NAMES.get(code, code)


@register.filter(is_safe=True)
def enhance_richtext(value, page=None):
    """Rendered rich text passed through the processors apps register under
    RICHTEXT_PROCESSORS_HOOK: ``{{ value|richtext|enhance_richtext:page }}``.

    Give the page whose text it is, so that processors work per page (the glossary links the
    first occurrence of a term on the page, not in each block). Text not marked safe is
    escaped first: only rendered rich text goes through as HTML.
    """
    if value is None or value == "":
        return value
    processors = hooks.get_hooks(RICHTEXT_PROCESSORS_HOOK)
    if not processors:
        return value
    markup = str(conditional_escape(value))
    state = _richtext_state(page)
    for processor in processors:
        markup = processor(markup, page=page, state=state)
    return mark_safe(markup)  # noqa: S308 - processors return HTML built from escaped text


def _richtext_state(page) -> dict:
    """One state per page instance: Wagtail loads a fresh instance for each request."""
    if not isinstance(page, Page):
        return {}
    return page.__dict__.setdefault("_richtext_state", {})
