"""The glossary's entry points into the rest of the site, through hooks only: its linker
processes the rich text that templates pass through home's ``enhance_richtext`` filter, and its
demo content joins ``load_demo``."""

import uuid

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.models import Locale

from smartvillages.core.hooks import DEMO_LOADERS_HOOK, RICHTEXT_PROCESSORS_HOOK

from . import demo_loader
from .linker import LinkState, link_terms
from .matchers import get_matcher
from .models import GlossaryIndexPage, GlossaryTermPage

STYLESHEET = "glossary/css/glossary.css"
SCRIPT = "glossary/js/glossary.js"


def assets_html():
    """The tooltips' stylesheet and script, added once to a page's text where a term was
    linked, so that any page type gets them without changing its template (both are allowed
    in the body; the strict CSP accepts them as same-origin files)."""
    return format_html(
        '<link rel="stylesheet" href="{}"><script src="{}" defer></script>',
        static(STYLESHEET),
        static(SCRIPT),
    )


def _content_locale_id(page):
    """The language of the page's text: an alias shows its source page's text."""
    if page is None:
        return Locale.get_active().pk
    if page.alias_of_id:
        # routing and Wagtail's view-restriction check have loaded it already
        return page.alias_of.locale_id
    return page.locale_id


def _start(page):
    matcher = get_matcher(_content_locale_id(page))
    links = LinkState(
        id_prefix=f"glossary-tip-{page.pk}"
        if page is not None and page.pk
        else f"glossary-tip-{uuid.uuid4().hex[:8]}"
    )
    is_glossary = isinstance(page, GlossaryIndexPage | GlossaryTermPage)
    if isinstance(page, GlossaryTermPage):
        links.exclude.add(str(page.translation_key))  # no link from a term to itself
    # Glossary pages load the assets in their <head> already.
    return {"matcher": matcher, "links": links, "assets": is_glossary}


@hooks.register(RICHTEXT_PROCESSORS_HOOK)
def link_glossary_terms(markup, page=None, state=None):
    state = {} if state is None else state
    render = state.get("glossary")
    if render is None:
        render = state["glossary"] = _start(page)
    if not render["matcher"]:
        return markup
    links = render["links"]
    linked_before = links.count
    markup = link_terms(markup, render["matcher"], links)
    if links.count > linked_before and not render["assets"]:
        render["assets"] = True
        markup = assets_html() + markup
    return markup


hooks.register(DEMO_LOADERS_HOOK, demo_loader.load)
