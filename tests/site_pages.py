"""The public HTML pages of the site, found from the site itself, for the accessibility and
markup checks (tests/browser/test_accessibility.py, tests/test_markup.py).

- every page of the sitemap, in every locale, with its page type;
- the routes of the URL configuration beside the page tree (the search page...) in every
  locale, and the sub-routes of routable pages, when they answer HTML;
- states a visitor reaches from those: search with results and with none, a page that does
  not exist (404), a page with a filter form (the practice listing) with two filters set, and
  a page of a type with a form to send when the largest of that type has none (an open call).

A new page type, route or sub-route is checked without editing a list here. The checks visit
one page of each kind per locale: the one with the most HTML, the richest example of its type
(the model event with its programme and report, a practice with every section).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlencode, urlsplit
from xml.etree import ElementTree

from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Not our public pages: the admins, the API (JSON), documents and media (files).
NOT_PUBLIC = ("admin/", "django-admin/", "api/", "documents/", "media/")
PARAMETER = re.compile(r"[<(^$\\]")
POST_FORM = re.compile(r'<form\b[^>]*method="post"', re.I)
# A name that every language's practices mention, and a word found nowhere.
QUERY_WITH_RESULTS = "ADRETS"
QUERY_WITHOUT_RESULTS = "qqxqzzv"


@dataclass(frozen=True)
class PublicPage:
    language: str
    kind: str  # "practices.PracticePage", "route search/", "search: no results", "404"...
    path: str  # path and query string
    size: int = 0

    def __str__(self):
        return f"{self.kind} {self.path}"


def is_html(response) -> bool:
    return response["Content-Type"].startswith("text/html")


def language_of(path: str) -> str | None:
    first = path.strip("/").split("/", 1)[0]
    return first if first in LANGUAGES else None


def page_kinds() -> dict[str, str]:
    """The path of every live page and its type, "app_label.ModelName"."""
    from wagtail.models import Page

    kinds = {}
    for page in Page.objects.live().public().select_related("content_type").defer_streamfields():
        url = page.get_url()
        if url:
            model = page.content_type.model_class()
            kinds[urlsplit(url).path] = f"{model._meta.app_label}.{model.__name__}"
    return kinds


def sitemap_paths(client: Client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200, response.status_code
    root = ElementTree.fromstring(response.content)  # noqa: S314 (the site's own sitemap)
    return [urlsplit(loc.text.strip()).path for loc in root.iterfind("sm:url/sm:loc", SITEMAP_NS)]


def localized_routes(patterns=None, prefix="", localized=False) -> list[str]:
    """Routes without parameters under the language prefix (``search/``), Wagtail's catch-all
    and non-public prefixes left out."""
    routes = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if hasattr(entry.pattern, "language_prefix"):  # i18n_patterns
                routes += localized_routes(entry.url_patterns, prefix, True)
            else:
                nested = prefix + str(entry.pattern)
                routes += localized_routes(entry.url_patterns, nested, localized)
        elif isinstance(entry, URLPattern) and localized:
            route = prefix + str(entry.pattern)
            if not PARAMETER.search(route) and not route.startswith(NOT_PUBLIC):
                routes.append(route)
    return routes


def routable_subroutes(kinds: dict[str, str]) -> list[tuple[str, str]]:
    """(kind, path) for each sub-route without parameters of one page of each routable type,
    in each language."""
    from wagtail.contrib.routable_page.models import RoutablePageMixin

    found, seen = [], set()
    for path, kind in sorted(kinds.items()):
        model = apps.get_model(kind)
        if (kind, language_of(path)) in seen or not issubclass(model, RoutablePageMixin):
            continue
        seen.add((kind, language_of(path)))
        for pattern in model.get_subpage_urls():
            route = str(pattern.pattern)
            if route and not PARAMETER.search(route):
                found.append((f"{kind} {route}", path + route))
    return found


def with_filters(client: Client, path: str) -> str | None:
    """``path`` with the first two selects of its GET form set to their first choice, when it
    has such a form (the practice listing's filters)."""
    html = client.get(path).content.decode()
    for form in re.findall(r'<form\b[^>]*method="get".*?</form>', html, re.S | re.I):
        params = {}
        selects = re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S)
        for name, options in selects:
            values = re.findall(r'<option value="([^"]+)"', options)
            if values and name != "sort":
                params[name] = values[0]
        if len(params) >= 2:
            break
    else:
        return None
    return f"{path}?{urlencode(dict(list(params.items())[:2]))}"


def behind_sign_in(response, path) -> bool:
    """A route for signed-in contributors (it sends a visitor to the sign-in page), or one
    that only takes a POST (starting a proposal): checked with a signed-in contributor by
    tests/contributors/test_markup_signed_in.py and tests/browser/test_contributors.py."""
    if response.status_code == 405:
        return True
    if response.status_code != 302:
        return False
    with translation.override(language_of(path)):
        # the sign-in page, or the signed-out page where signing out sends a visitor
        targets = {reverse(settings.LOGIN_URL), reverse(settings.ACCOUNT_LOGOUT_REDIRECT_URL)}
    return response["Location"].split("?")[0] in targets


@cache
def public_pages() -> tuple[PublicPage, ...]:
    """One page of each kind per language, the largest; fetched once per test process."""
    client = Client()
    kinds = page_kinds()
    candidates: list[tuple[str, str]] = []
    for path in sitemap_paths(client):
        assert path in kinds, f"{path} is in the sitemap but is not a live page"
        candidates.append((kinds[path], path))
    for route in localized_routes():
        candidates += [(f"route {route}", f"/{language}/{route}") for language in LANGUAGES]
    candidates += routable_subroutes(kinds)
    for language in LANGUAGES:
        with translation.override(language):
            search = reverse("search:search")
        candidates.append(("search: results", f"{search}?q={QUERY_WITH_RESULTS}"))
        candidates.append(("search: no results", f"{search}?q={QUERY_WITHOUT_RESULTS}"))
        candidates.append(("404", f"/{language}/{QUERY_WITHOUT_RESULTS}/"))

    best: dict[tuple[str, str], PublicPage] = {}
    with_form: dict[tuple[str, str], PublicPage] = {}
    for kind, path in candidates:
        response = client.get(path)
        if kind.startswith("route ") and behind_sign_in(response, path):
            continue
        expected = 404 if kind == "404" else 200
        assert response.status_code == expected, f"{path} ({kind}): {response.status_code}"
        language = language_of(path)
        if not is_html(response) or language is None:
            continue
        page = PublicPage(language, kind, path, len(response.content))
        if (language, kind) not in best or page.size > best[language, kind].size:
            best[language, kind] = page
        if POST_FORM.search(response.content.decode()):
            with_form[language, kind] = with_form.get((language, kind)) or page
    # The largest page of a type may have no form (a closed call): one that has one too.
    for (language, kind), page in with_form.items():
        if best[language, kind] is not page:
            best[language, kind + ": form"] = PublicPage(language, kind + ": form", page.path)
    for page in list(best.values()):
        filtered = with_filters(client, page.path) if "?" not in page.path else None
        if filtered:
            best[page.language, page.kind + ": filtered"] = PublicPage(
                page.language, page.kind + ": filtered", filtered
            )
    return tuple(sorted(best.values(), key=lambda page: (page.language, page.kind)))
