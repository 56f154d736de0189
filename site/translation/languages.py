"""Which language is each paragraph of a page really in?

The check behind ``manage.py check_languages``: every live page of every locale is rendered
through Django's test client, the visible text of its ``<main>`` is cut into paragraphs (block
elements), and each paragraph of at least ``MIN_LETTERS`` letters is identified by lingua, a
maintained language-identification library, among the site's languages. A paragraph whose
language is not the page's is a leak. Two kinds of text are not the page's prose and are left
out, as HTML itself marks them: text in another language on purpose carries its own ``lang``
(for screen readers and for this check alike), and names that are never translated (people,
places, acronyms, e-mail addresses) carry ``translate="no"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from bs4 import BeautifulSoup, NavigableString, Tag
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from wagtail.models import Locale, Page

MIN_LETTERS = 40

#: Elements whose text ends a paragraph. Inline elements (a, em, strong, span...) belong to
#: the paragraph around them.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "legend",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "br",
    ]
)
#: Elements that show no prose to a reader.
SKIPPED_TAGS = frozenset(
    ["script", "style", "template", "noscript", "svg", "code", "pre", "select", "option"]
)

_LETTER = re.compile(r"[^\W\d_]")
_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # collapse layout, keep no-break spaces

LINGUA_NAMES = {
    "fr": "FRENCH",
    "en": "ENGLISH",
    "it": "ITALIAN",
    "de": "GERMAN",
    "sl": "SLOVENE",
}
LINGUA_CODES = {name: code for code, name in LINGUA_NAMES.items()}


@cache
def detector():
    """One lingua detector for the site's languages (built once: it loads its models)."""
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, LINGUA_NAMES[code]) for code, _name in settings.LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def identify(text: str) -> str | None:
    """The language code lingua finds for ``text``, or None when it cannot tell."""
    found = detector().detect_language_of(text)
    if found is None:
        return None
    return LINGUA_CODES.get(found.name)


def paragraphs(html: str) -> list[str]:
    """The visible paragraphs of ``<main>`` in ``html`` that have no ``lang`` of their own."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main")
    if main is None:
        return []
    found: list[str] = []
    current: list[str] = []

    def flush():
        text = _SPACES.sub(" ", "".join(current)).strip()
        current.clear()
        if len(_LETTER.findall(text)) >= MIN_LETTERS:
            found.append(text)

    def walk(node: Tag):
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment, CDATA or doctype
                    current.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            if child.name in SKIPPED_TAGS or child.has_attr("hidden"):
                continue
            if child.has_attr("lang") or child.get("translate") == "no":
                # Another language on purpose, or a name: not this page's prose.
                if child.name in BLOCK_TAGS:
                    flush()
                continue
            if child.name in BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(main)
    flush()
    return found


@dataclass
class Leak:
    url: str
    language: str | None
    text: str


@dataclass
class LocaleReport:
    language_code: str
    pages: int = 0
    paragraphs: int = 0
    aliases: int = 0
    leaks: list[Leak] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def check_html(language_code: str, url: str, html: str, report: LocaleReport):
    for text in paragraphs(html):
        report.paragraphs += 1
        found = identify(text)
        if found != language_code:
            report.leaks.append(Leak(url=url, language=found, text=text))


def live_pages(locale: Locale) -> Iterable[Page]:
    return (
        Page.objects.live()
        .public()
        .filter(locale=locale, depth__gt=1)
        .order_by("path")
        .only("id", "url_path", "alias_of_id", "locale_id")
    )


def check_locale(locale: Locale, client: Client | None = None) -> LocaleReport:
    """Render every live page of ``locale`` and identify the language of its paragraphs."""
    client = client or Client()
    report = LocaleReport(language_code=locale.language_code)
    for page in live_pages(locale):
        if page.alias_of_id:
            report.aliases += 1
        url = page.get_url()
        if not url:
            continue
        response = client.get(url, follow=False)
        report.pages += 1
        if response.status_code != 200:
            report.errors.append(f"{url}: HTTP {response.status_code}")
            continue
        check_html(locale.language_code, url, response.content.decode(), report)
    return report


def check_site(language_codes: Iterable[str] | None = None) -> Iterator[LocaleReport]:
    codes = list(language_codes or [code for code, _name in settings.LANGUAGES])
    # The test client's host must be one the site answers to, whatever the settings' list.
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
        client = Client()
        for locale in Locale.objects.filter(language_code__in=codes).order_by("pk"):
            yield check_locale(locale, client)
