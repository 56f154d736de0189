"""Feeds and sitemap pass their parsers (issue 20, item 6).

Every feed of the site, in every language, parses with feedparser without its ``bozo`` flag;
sitemap.xml is valid against the sitemaps.org protocol schema (version 0.9) with the
``xhtml:link`` alternates of Google's hreflang extension. The feeds are found in the site,
not listed here: every routable page type's route named ``feed`` or answering RSS or Atom.
The schemas are vendored in tests/data/sitemap/ (no download at test time).
"""

import datetime
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from django.conf import settings
from django.test import RequestFactory
from django.utils import timezone
from lxml import etree
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, get_page_models

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / "sitemap"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NS = {"s": SITEMAP_NS, "x": XHTML_NS}
LANGUAGES = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
FEED_CONTENT_TYPES = {"application/atom+xml", "application/rss+xml"}


def sitemap_schema():
    # Parsed from its file, so that its relative xsd:import locations resolve.
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "sitemap-hreflang.xsd")))


def content_type(response):
    return response.get("Content-Type", "").split(";")[0].strip().lower()


def is_absolute(url):
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def pages_by_url():
    """Every live page of the site by its full URL, as the site writes it in links."""
    request = RequestFactory().get("/")
    pages = {}
    for page in Page.objects.live().select_related("locale").order_by("path"):
        url = page.get_full_url(request)
        if url:
            pages[url] = page
    return pages


def feed_routes(client):
    """{page model: route names} of the site's feeds: among the routable page types, every
    route named ``feed``, and every route without parameters whose answer (on a live page of
    the type) is RSS or Atom."""
    routes = {}
    for model in get_page_models():
        if not issubclass(model, RoutablePageMixin) or model._meta.abstract:
            continue
        sample = model.objects.live().order_by("path").first()
        names = set()
        for pattern in model.get_subpage_urls():
            name = pattern.name
            if not name or pattern.pattern.regex.groups or name == "index_route":
                continue
            if name == "feed":
                names.add(name)
            elif sample is not None:
                response = client.get(sample.get_url() + sample.reverse_subpage(name))
                if content_type(response) in FEED_CONTENT_TYPES:
                    names.add(name)
        if names:
            routes[model] = sorted(names)
    return routes


@pytest.fixture
def feeds(client):
    """[(page, route name, URL)] of every feed of every live page, in every locale."""
    found = []
    for model, names in feed_routes(client).items():
        for page in model.objects.live().select_related("locale").order_by("path"):
            for name in names:
                found.append((page, name, page.get_url() + page.reverse_subpage(name)))
    return found


@pytest.mark.django_db
def test_feeds_are_found_in_every_language(feeds):
    assert feeds, "no page of the site has a feed route"
    languages_by_route = {}
    for page, name, _url in feeds:
        key = (type(page).__name__, name)
        languages_by_route.setdefault(key, set()).add(page.locale.language_code)
    for key, languages in languages_by_route.items():
        assert sorted(languages) == sorted(LANGUAGES), key


@pytest.mark.django_db
def test_every_feed_parses_in_every_language(client, feeds):
    pages = pages_by_url()
    problems = []
    for page, _name, url in feeds:
        language = page.locale.language_code
        response = client.get(url)
        if response.status_code != 200:
            problems.append(f"{url}: status {response.status_code}")
            continue
        if content_type(response) not in FEED_CONTENT_TYPES:
            problems.append(f"{url}: content type {response['Content-Type']}")
            continue
        feed = feedparser.parse(response.content)
        if feed.bozo:
            problems.append(f"{url}: bozo, {feed.get('bozo_exception')!r}")
        if not feed.feed.get("title", "").strip():
            problems.append(f"{url}: the feed has no title")
        if feed.feed.get("link") != page.get_full_url():
            problems.append(f"{url}: the feed links to {feed.feed.get('link')!r}, not its page")
        feed_language = feed.feed.get("language", "")
        if feed_language.split("-")[0].lower() != language:
            problems.append(f"{url}: language {feed_language!r}, not {language!r}")
        if not feed.entries:
            problems.append(f"{url}: no entries")
        for entry in feed.entries:
            title, link = entry.get("title", "").strip(), entry.get("link", "")
            if not title:
                problems.append(f"{url}: an entry without a title ({link})")
            if not is_absolute(link):
                problems.append(f"{url}: entry link {link!r} is not absolute")
                continue
            target = pages.get(link)
            if target is None:
                problems.append(f"{url}: entry link {link} is no live page of the site")
            elif target.locale.language_code != language:
                problems.append(
                    f"{url}: entry link {link} is a page in {target.locale.language_code}"
                )
            if not is_absolute(entry.get("id", "")):
                problems.append(f"{url}: entry id {entry.get('id')!r} is not absolute")
    assert not problems, "\n".join(problems)


def read_sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert content_type(response) == "application/xml"
    return response.content


@pytest.mark.django_db
def test_sitemap_is_valid_against_the_protocol_schema(client):
    schema = sitemap_schema()
    document = etree.fromstring(read_sitemap(client))
    assert schema.validate(document), "\n".join(str(error) for error in schema.error_log)
    assert document.findall("s:url/x:link", NS), "no xhtml:link alternates were validated"


@pytest.mark.django_db
def test_sitemap_locations_alternates_and_dates(client):
    document = etree.fromstring(read_sitemap(client))
    urls = document.findall("s:url", NS)
    locations = [url.findtext("s:loc", namespaces=NS) for url in urls]
    assert locations
    assert not [loc for loc in locations if not is_absolute(loc)]
    assert [loc for loc, count in Counter(locations).items() if count > 1] == []

    pages = pages_by_url()
    in_sitemap = set(locations)
    default_language = settings.LANGUAGE_CODE
    today = timezone.localdate()
    problems = []
    languages_seen = set()
    for url, loc in zip(urls, locations, strict=True):
        page = pages.get(loc)
        if page is None:
            problems.append(f"{loc}: no live page of the site")
            continue
        languages_seen.add(page.locale.language_code)
        lastmod = url.findtext("s:lastmod", namespaces=NS)
        if lastmod is not None:
            try:
                day = datetime.date.fromisoformat(lastmod[:10])
            except ValueError:
                problems.append(f"{loc}: lastmod {lastmod!r}")
            else:
                if day > today:
                    problems.append(f"{loc}: lastmod {lastmod} is in the future")
        alternates = {}
        for link in url.findall("x:link", NS):
            hreflang, href = link.get("hreflang"), link.get("href")
            if hreflang in alternates:
                problems.append(f"{loc}: hreflang {hreflang} twice")
            alternates[hreflang] = href
            if hreflang not in {*LANGUAGES, "x-default"}:
                problems.append(f"{loc}: hreflang {hreflang!r} is not a site language")
            if href not in in_sitemap:
                problems.append(f"{loc}: alternate {hreflang} {href} is not in the sitemap")
            elif hreflang != "x-default" and pages[href].locale.language_code != hreflang:
                problems.append(f"{loc}: alternate {hreflang} {href} is in another language")
            elif pages[href].translation_key != page.translation_key:
                problems.append(f"{loc}: alternate {hreflang} {href} is another page")
        if alternates:
            if alternates.get(page.locale.language_code) != loc:
                problems.append(f"{loc}: the alternates do not list the page itself")
            if alternates.get("x-default") != alternates.get(default_language):
                problems.append(f"{loc}: x-default is not the {default_language} version")
    assert not problems, "\n".join(problems)
    assert sorted(languages_seen) == sorted(LANGUAGES)


@pytest.mark.django_db
def test_sitemap_locations_answer(client):
    """One location of each page type in each language (all of them would take long)."""
    document = etree.fromstring(read_sitemap(client))
    pages = pages_by_url()
    sample = {}
    for loc in document.xpath("s:url/s:loc/text()", namespaces=NS):
        page = pages[loc]
        sample.setdefault((page.locale.language_code, page.content_type_id), loc)
    assert {language for language, _type in sample} == set(LANGUAGES)
    failures = {}
    for loc in sample.values():
        status = client.get(loc).status_code
        if status != 200:
            failures[loc] = status
    assert failures == {}


VALID_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <url>
    <loc>http://testserver/fr/a-propos/</loc>
    <lastmod>2024-05-10</lastmod>
    <changefreq>monthly</changefreq>
    <priority>0.5</priority>
    <xhtml:link rel="alternate" hreflang="fr" href="http://testserver/fr/a-propos/"/>
    <xhtml:link rel="alternate" hreflang="sl" href="http://testserver/sl/o-nas/"/>
    <xhtml:link rel="alternate" hreflang="x-default" href="http://testserver/fr/a-propos/"/>
  </url>
</urlset>
"""


def test_schema_accepts_a_valid_sitemap():
    schema = sitemap_schema()
    assert schema.validate(etree.fromstring(VALID_SITEMAP.encode())), schema.error_log


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("<priority>0.5</priority>", "<priority>1.5</priority>"),
        ("<lastmod>2024-05-10</lastmod>", "<lastmod>10/05/2024</lastmod>"),
        ("<changefreq>monthly</changefreq>", "<changefreq>sometimes</changefreq>"),
        ("<loc>http://testserver/fr/a-propos/</loc>", ""),
        (' href="http://testserver/sl/o-nas/"', ""),
        ('hreflang="sl"', 'hreflang="slovenščina"'),
        ('href="http://testserver/sl/o-nas/"', 'href="/sl/o-nas/"'),
        ('rel="alternate" hreflang="sl"', 'rel="canonical" hreflang="sl"'),
        ("<xhtml:link rel", "<xhtml:a rel"),  # not declared: the strict wildcard rejects it
    ],
    ids=[
        "priority",
        "lastmod",
        "changefreq",
        "no-loc",
        "link-without-href",
        "hreflang",
        "relative-href",
        "rel",
        "undeclared-element",
    ],
)
def test_schema_rejects_an_invalid_sitemap(old, new):
    assert old in VALID_SITEMAP
    schema = sitemap_schema()
    document = etree.fromstring(VALID_SITEMAP.replace(old, new, 1).encode())
    assert not schema.validate(document)
    assert schema.error_log
