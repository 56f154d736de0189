"""What contributors type, made safe before it reaches a page (DESIGN §10).

Plain fields (title, summary, place names) lose every tag, script and style included, with
their content. Sections keep a small allow-list (paragraphs, line breaks, emphasis, lists,
http(s) and mailto links) through nh3, the binding of the Ammonia sanitiser; plain text with
blank lines becomes paragraphs, "- " lines list items, as in the demo content.
"""

from __future__ import annotations

import html
import re

import nh3

from smartvillages.core.demo import text_to_html

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z]")


def plain_text(value) -> str:
    """Text without markup: tags removed (with the content of script and style), entities
    decoded, so that the template escapes it once."""
    if not value:
        return ""
    cleaned = nh3.clean(str(value), tags=set(), attributes={})
    return html.unescape(cleaned).strip()


def rich_text(value) -> str:
    """Rich text for a Wagtail RichTextField, from plain text or from HTML limited to
    ALLOWED_TAGS."""
    if not value or not str(value).strip():
        return ""
    value = str(value).replace("\r\n", "\n")
    if not _TAG.search(value):
        return text_to_html(value)
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    ).strip()
    if not cleaned.startswith(("<p", "<ul", "<ol")):
        cleaned = f"<p>{cleaned}</p>"
    return cleaned
