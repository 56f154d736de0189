"""Template tags for the site's frame: navigation, language switcher, footer, alias notice."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from wagtail import hooks
from wagtail.models import Page

from home.frame import get_frame
from smartvillages.core import dates
from smartvillages.core.hooks import PAGE_INVITATIONS_HOOK, RICHTEXT_PROCESSORS_HOOK
from smartvillages.translation.readers import (
    awaiting_source_language,
    with_requested_source_language,
)

register = template.Library()

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _frame(request):
    """The cached frame of the active language (home/frame.py), read once per request."""
    language = translation.get_language()
    cache_attr = f"_sv_frame_{language}"
    if not hasattr(request, cache_attr):
        setattr(request, cache_attr, get_frame(request, language))
    return getattr(request, cache_attr)


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    request = context["request"]
    frame = _frame(request)
    current = context.get("page")
    current_path = current.path if isinstance(current, Page) else None
    items = [
        {
            "title": child["title"],
            "url": child["url"],
            "active": bool(current_path and current_path.startswith(child["path"])),
        }
        for child in frame["children"]
        if child["in_menu"]
    ]
    return {"home_url": frame["home_url"], "items": items, "request": request}


@register.simple_tag(takes_context=True)
def secondary_links(context):
    """Standard pages of the locale's home kept out of the main menu (legal notice, privacy)."""
    return [
        {"title": child["title"], "url": child["url"]}
        for child in _frame(context["request"])["children"]
        if not child["in_menu"] and child["standard"]
    ]


@register.simple_tag(takes_context=True)
def footer_text(context):
    """The footer of the active language, or the default language's while untranslated:
    ``{"html", "language_code"}``."""
    footer = _frame(context["request"])["footer"]
    if footer is None:
        return None
    return {"html": mark_safe(footer["html"]), "language_code": footer["language_code"]}  # noqa: S308  # nosec B308 B703  # editor's rich text, as |richtext renders it


def page_versions(request, page) -> list[Page]:
    """The live versions of ``page`` in every language, itself included, each marked with
    ``shows_own_text``: False for an alias and for a former alias whose requested translation
    is not yet published (wagtail-localize made it a page of its own, but its live revision is
    still the source's). One query per request, shared by the switcher, the hreflang links
    and the alias notice."""
    if not isinstance(page, Page) or not page.pk:
        return []
    cache_attr = "_sv_page_versions"
    cached = getattr(request, cache_attr, None)
    if cached is None or cached[0] != page.pk:
        versions = list(
            with_requested_source_language(
                Page.objects.filter(translation_key=page.translation_key).live()
            )
            .select_related("locale")
            .order_by("path")
        )
        for version in versions:
            version.awaiting_from = awaiting_source_language(version)
            version.shows_own_text = version.alias_of_id is None and not version.awaiting_from
        cached = (page.pk, versions)
        setattr(request, cache_attr, cached)
    return cached[1]


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """One entry per language: the page's version in it, marked when it is only an alias
    (not yet translated). Pages outside Wagtail (search, errors) switch by URL prefix."""
    request = context["request"]
    page = context.get("page")
    current = translation.get_language()
    versions = {version.locale.language_code: version for version in page_versions(request, page)}
    # A routable page's sub-route (a self-assessment step or result, an event's iCal) is the
    # same in every language: the switcher keeps it.
    suffix = ""
    own = versions.get(current)
    if own is not None:
        own_url = own.get_url(request)
        if own_url and request.path != own_url and request.path.startswith(own_url):
            suffix = request.path[len(own_url) :]
    languages = []
    for code, name in settings.LANGUAGES:
        entry = {"code": code, "name": name, "current": code == current, "translated": True}
        version = versions.get(code)
        if version is not None:
            url = version.get_url(request)
            entry["url"] = url + suffix if url else url
            entry["translated"] = version.shows_own_text
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
    """Real translations of the current page (aliases and untranslated former aliases
    excluded), for <link rel=alternate>."""
    request = context["request"]
    versions = page_versions(request, context.get("page"))
    own = [version for version in versions if version.shows_own_text]
    page = context.get("page")
    if not any(version.pk == page.pk for version in own):
        return []
    alternates = []
    for version in own:
        url = version.get_full_url(request)
        if url:
            alternates.append({"code": version.locale.language_code, "url": url})
    return alternates


@register.simple_tag(takes_context=True)
def alias_source(context, page):
    """The page whose text ``page`` shows when it is not its own: the original of an alias,
    or of a former alias whose translation is not yet published. None for a real page."""
    request = context.get("request")
    if not isinstance(page, Page) or request is None:
        return None
    versions = page_versions(request, page)
    this = next((version for version in versions if version.pk == page.pk), None)
    if this is None or this.shows_own_text:
        return None
    if page.alias_of_id:
        source = next((v for v in versions if v.pk == page.alias_of_id), None)
        if source is None:  # an alias of a page outside its translation set
            source = Page.objects.select_related("locale").filter(pk=page.alias_of_id).first()
        return source
    # A former alias: the original is the version in the translation's source language.
    return next(
        (v for v in versions if v.locale.language_code == this.awaiting_from and v.shows_own_text),
        None,
    )


@register.filter
def source_language(page):
    """The language of the text ``page`` shows when it is not its own, for a ``lang``
    attribute: an alias's original, or a former alias whose requested translation is not yet
    published (known when its queryset went through with_requested_source_language)."""
    if getattr(page, "alias_of_id", None):
        return page.alias_of.locale.language_code
    return awaiting_source_language(page) if isinstance(page, Page) else None


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
    return mark_safe(markup)  # noqa: S308  # nosec B308 B703  # processors build HTML from escaped text


def _richtext_state(page) -> dict:
    """One state per page instance: Wagtail loads a fresh instance for each request."""
    if not isinstance(page, Page):
        return {}
    return page.__dict__.setdefault("_richtext_state", {})


@register.filter
def local_date(value):
    """A date as the active language writes it in running text (site/core/dates.py)."""
    return dates.format_date(value)


@register.filter
def time_element(value):
    """A date as a <time> element: its ISO date for machines, the active language's wording
    for readers. A period is two of them (a range is no valid datetime value)."""
    if not value:
        return ""
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), dates.format_date(value))


@register.filter
def local_datetime(value):
    """A date and time of day in the active language and the current time zone."""
    return dates.date_time(value)


@register.simple_tag(takes_context=True)
def page_invitations(context, page, place):
    """What other apps invite the reader to do at the foot of ``page`` (PAGE_INVITATIONS_HOOK):
    a list of sections, each with its "template", rendered with ``{% include %}``."""
    request = context.get("request")
    sections = []
    for hook in hooks.get_hooks(PAGE_INVITATIONS_HOOK):
        section = hook(page, request, place)
        if section:
            sections.append(section)
    return sections
