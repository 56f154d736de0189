"""Hostile input for every public route (issue 19): the corpus, the routes found from the site
itself, and the probe that sends one input and judges the answer.

Used by tests/test_hostile_input.py (a fixed subset, in CI) and tests/benchmarks/fuzz.py
(everything, ``make fuzz``). Nothing here is a hand-kept list of routes:

- the URL configuration is walked (``get_resolver()``, recursively): every route under the
  language prefix in every locale, and the routes without one (the API, robots.txt...); the
  admins, documents, media and Wagtail's catch-all (the pages, below) are left out, and so are
  the routes a visitor cannot use: signed-in or POST-only ones (``site_pages.behind_sign_in``);
- one live page of every page type in every locale, and the sub-routes of the routable ones
  (``RoutablePageMixin.get_subpage_urls()``);
- a route with converters (``<slug:handle>``, ``<int:pk>``, a regex group) is reached with
  values found in the links of the pages above (the API's links included); every converter is
  also given each hostile string, valid for the converter or not;
- the parameters of a route are the ones it reads, recorded while it answers (``request.GET``
  is replaced by a dict that notes every key asked for), the fields of the GET forms that send
  to it, the query parameters its API view declares, and the common ones (COMMON). A route
  that reads the whole query string (copies or iterates it) has every one of those fuzzed one
  at a time; the common ones a route never looks at are sent all together, one request per
  input (what a view does not read cannot change its answer but through the raw query string,
  which that request carries too).

Each input is also sent as a parameter's name (in that last request), and the raw inputs
(invalid percent-encoding, bytes that are not UTF-8) as the query string, set in
``QUERY_STRING`` as is, and in the path as is. The CI subset rotates languages
(``probes(rotate=True)``): an input goes to a place of a localized route in one language, the
next input in the next one.

An answer fails when it is a 5xx (with the traceback of the exception), when an HTML or XML
answer contains a ``<tag`` fragment of the input more often than the page did without it (an
unescaped echo), or when a JSON route answers in HTML or with JSON that does not parse.
"""

from __future__ import annotations

import html
import json
import logging
import re
import traceback
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import quote, unquote, urlencode, urlsplit

from django.apps import apps
from django.core.handlers.wsgi import WSGIRequest, get_bytes_from_wsgi
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import translation
from django.utils.functional import cached_property

from tests.site_pages import LANGUAGES, behind_sign_in, language_of, page_kinds

# ---------------------------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Payload:
    kind: str
    value: str
    # A raw payload is sent as it is, already percent-encoded (or not decodable at all): in a
    # query string through QUERY_STRING, in a path through the test client's PATH_INFO.
    raw: bool = False
    ci: bool = False  # one of the representative inputs of the CI subset

    def __str__(self):
        text = self.value if len(self.value) <= 60 else f"{self.value[:40]}... ({len(self.value)})"
        return ("raw " if self.raw else "") + ascii(text)


def _cases(kind, values, ci=(), raw=False):
    return [Payload(kind, value, raw=raw, ci=value in ci) for value in values]


LONG = 10_000

CORPUS: tuple[Payload, ...] = tuple(
    _cases(
        "quote",
        ["'", '"', "`", "''", '""', "'\"", "\\'", "l'eau", '"unterminated', "'); --"]
        + ["“smart”", "« village »"],
    )
    + _cases(
        "operator",
        ["*", "a*", "-a", "+a", "~a", "^x:y", "NEAR(a b)", "(((", ")))", "a AND OR NOT b"]
        + ["a|b", "a&b", "!", "title:x", "/", "\\", "%", "_", "%_%", "?", "{}", "[]"]
        + ["AND", "NOT", "*:*", "&", "=", ";", "#"],
        ci=["a AND OR NOT b"],
    )
    + _cases(
        "control",
        ["\x00", "a\x00b", "\x00" * 10, "\t", "\r\n", "\x1b[31mred", "\x7f", "\x08"]
        + ["\u2028", "\ufeff", "\uffff", "\x00<b>\x00"],
        ci=["a\x00b"],
    )
    + _cases(
        "html",
        ["<", ">", "<<b>>", "<b>", "</b>", "<x", "<script>alert(1)</script>"]
        + ['"><script>alert(1)</script>', "'><img src=x onerror=alert(1)>"]
        + ["<svg/onload=alert(1)>", "</title><h1>hostile</h1>", "<!--", "]]>"]
        + ["<iframe src=//example.org>", "</textarea><marquee>x", '<a href="x">link</a>']
        + ["javascript:alert(1)", "&lt;b&gt;", "&#60;b&#62;", "<![CDATA[x]]>", "＜script＞"]
        + ["<ScRiPt>alert(1)</sCrIpT>", "<details open ontoggle=x>"],
        ci=['"><script>alert(1)</script>'],
    )
    + _cases(
        "sql",
        ["' OR '1'='1", "1; DROP TABLE wagtailcore_page; --", "1' UNION SELECT NULL--"]
        + ["1)) OR ((1=1", "%' --", "' AND pg_sleep(5)--", "admin'--", "$$", "E'\\x00'"]
        + ["x'::int", "'; SELECT 1; --", "1 ORDER BY 99"],
        ci=["' OR '1'='1"],
    )
    + _cases(
        "template",
        ["{{ 7*7 }}", "{% debug %}", "${7*7}", "#{7*7}", "<%= 7*7 %>", "{{ request.META }}"]
        + ["{{ settings.SECRET_KEY }}", "{# x", "{{", "%(name)s", "{0}", "%s%s%s%n"]
        + ["{% include 'base.html' %}", "{{ 7*7 }}{% debug %}"],
        ci=["{{ 7*7 }}{% debug %}"],
    )
    + _cases(
        "number",
        ["0", "-1", "-0", "+1", "1.5", "1e3", "1e309", "NaN", "inf", "-inf", "0x10", "1_000"]
        + ["99999999999999999999999", "-99999999999999999999999", "2147483648"]
        + ["9223372036854775808", "-9223372036854775809", "9" * 5000, "١٢٣", "²", "０"]
        + [" 1", "01", "1,2", "last", "abc", ""],
        ci=["99999999999999999999999", "-1"],
    )
    + _cases(
        "unicode",
        ["\u202eevil", "\u200f", "e\u0301", "Z\u0324\u0354\u0367\u0311\u0313a\u0308"]
        + ["\u0300" * 100, "שלום", "مرحبا بالعالم", "👩‍👩‍👧", "𝕏𝕐", "İı", "ß", "中文"]
        + ["\u202eא\u0301<b>", "\u3000", "\u00a0", "😀" * 50],
        ci=["\u202eא\u0301<b>"],
    )
    + _cases(
        "path",
        ["../../etc/passwd", "..", ".", "//example.org", "http://example.org", "a/b", "?x=1"]
        + ["#fragment", "&x=1", "%2e%2e%2f", "%3Cb%3E"],
    )
    + _cases(
        "structure",
        ['{"a":1}', "[1,2]", "null", "__proto__", " ", "   a   ", ",,,,", "--help"],
    )
    + _cases(
        "long",
        ["x" * LONG, "é" * LONG, "<b>" * (LONG // 3), "a " * (LONG // 2), "'" * LONG]
        + ["\u0301" * LONG],
        ci=["x" * LONG],
    )
    + _cases(
        "percent",
        ["%", "%%", "%zz", "%G0", "%E9", "%FF%FE", "%ED%A0%80", "%C0%80", "%00", "%2"]
        + ["%%32%30", "%u003c", "%C3%28", "%3Cb%3E%ZZ", "a%ZZb", "%E2%80%AE%3Cb%3E"]
        + ["\xff\xfe", "%3C%00%3E"],
        ci=["%ED%A0%80", "%3Cb%3E%ZZ"],
        raw=True,
    )
)

assert len(CORPUS) >= 150, len(CORPUS)
assert len({(p.value, p.raw) for p in CORPUS}) == len(CORPUS), "duplicates in the corpus"

# The parameters every route is given, on top of the ones it is found to read.
COMMON = (
    "q",
    "page",
    "p",
    "query",
    "search",
    "offset",
    "limit",
    "order",
    "locale",
    "type",
    "fields",
    "format",
)

TAG = re.compile(r"<[A-Za-z/!?][^<]*")


def tag_fragments(value: str) -> list[str]:
    """The ``<tag...`` pieces of an input that an unescaped echo would put into a page."""
    return [fragment[:200] for fragment in TAG.findall(value)]


# ---------------------------------------------------------------------------------------------
# Which query parameters a view reads
# ---------------------------------------------------------------------------------------------


class _Reads:
    keys: set[str] = set()
    everything = False


class RecordingQueryDict(QueryDict):
    """``request.GET`` that notes the keys a view asks for, and whether it reads them all."""

    def __getitem__(self, key):
        _Reads.keys.add(key)
        return super().__getitem__(key)

    def getlist(self, key, default=None):
        _Reads.keys.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        _Reads.keys.add(key)
        return super().__contains__(key)

    def _everything(self):
        _Reads.everything = True

    def __iter__(self):
        self._everything()
        return super().__iter__()

    def keys(self):
        self._everything()
        return super().keys()

    def items(self):
        self._everything()
        return super().items()

    def lists(self):
        self._everything()
        return super().lists()

    def values(self):
        self._everything()
        return super().values()

    def dict(self):
        self._everything()
        return super().dict()

    def urlencode(self, safe=None):
        self._everything()
        return super().urlencode(safe)

    def __deepcopy__(self, memo):
        self._everything()
        return super().__deepcopy__(memo)

    def __copy__(self):
        self._everything()
        return super().__copy__()


def _recording_get(request):
    return RecordingQueryDict(
        get_bytes_from_wsgi(request.environ, "QUERY_STRING", ""), encoding=request._encoding
    )


@contextmanager
def recording_reads():
    """Within the block, ``request.GET`` records what views read: yields a function that
    returns (keys read, whether the whole query string was read) since the last call."""
    original = WSGIRequest.__dict__["GET"]
    replacement = cached_property(_recording_get)
    replacement.__set_name__(WSGIRequest, "GET")
    WSGIRequest.GET = replacement

    def take():
        keys, everything = set(_Reads.keys), _Reads.everything
        _Reads.keys, _Reads.everything = set(), False
        return keys, everything

    take()
    try:
        yield take
    finally:
        WSGIRequest.GET = original


# ---------------------------------------------------------------------------------------------
# Routes
# ---------------------------------------------------------------------------------------------

NOT_PUBLIC = ("admin/", "django-admin/", "documents/", "media/", "^media/")
CONVERTER = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
# A plausible value for a converter that no link showed (its route then answers 404, which
# is still a route to send the parameters to).
DEFAULT_VALUE = {"int": "1", "slug": "x", "str": "x", "path": "x", "uuid": "0" * 32, "re": "x"}


@dataclass
class Target:
    """One route to probe: a path that answers (``path``), the templates that put an input in
    each of its path segments (``segments``: name -> path with ``{}``), its parameters."""

    kind: str  # "page practices.PracticePage", "route search/", "api pages/<int:pk>/"...
    language: str | None
    path: str | None
    segments: dict[str, str] = field(default_factory=dict)
    params: tuple[str, ...] = ()  # each fuzzed on its own
    others: tuple[str, ...] = ()  # the common parameters it never reads, sent together
    json: bool = False  # the route answers JSON
    baseline: str = ""  # its body without parameters (for the echo comparison)
    reads_everything: bool = False

    @property
    def label(self):
        return f"{self.kind} [{self.language or '-'}]"


def _regex_template(regex: str) -> tuple[str, list[tuple[str, str]]]:
    """``^confirm-email/(?P<key>[-:\\w]+)/$`` -> ("confirm-email/<re:key>/", [("re", "key")]):
    the top-level groups of a regex route become converters."""
    text = regex.removeprefix("^").removesuffix("$").removesuffix("\\Z")
    out, depth, start, groups = [], 0, 0, []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == "(":
            if depth == 0:
                out.append(text[start:i])
                start = i
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                group = text[start : i + 1]
                named = re.match(r"\(\?P<(\w+)>", group)
                name = named.group(1) if named else f"group{len(groups)}"
                groups.append(("re", name))
                out.append(f"<re:{name}>")
                start = i + 1
        i += 1
    out.append(text[start:])
    return "".join(out).replace("\\", ""), groups


@dataclass
class Pattern:
    template: str  # "{lang}/contributors/<slug:handle>/" or "api/v2/pages/<int:pk>/"
    localized: bool
    callback: object
    name: str | None

    @property
    def route(self):
        return self.template.replace("{lang}/", "")

    def converters(self):
        return [(m.group("conv") or "str", m.group("name")) for m in CONVERTER.finditer(self.route)]

    def path(self, language, values):
        route = self.route
        for match in CONVERTER.finditer(self.route):
            route = route.replace(match.group(0), values[match.group("name")], 1)
        return f"/{language}/{route}" if self.localized else f"/{route}"


def url_patterns(patterns=None, prefix="", localized=False) -> list[Pattern]:
    """Every route of the URL configuration, recursively, but the non-public prefixes and
    Wagtail's page-serving catch-all (the pages are discovered from the page tree)."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if hasattr(entry.pattern, "language_prefix"):  # i18n_patterns
            part = "{lang}/"
        elif hasattr(entry.pattern, "_route"):
            part = str(entry.pattern)
        else:
            part, _groups = _regex_template(entry.pattern._regex)
        route = prefix + part
        if route.replace("{lang}/", "").startswith(NOT_PUBLIC):
            continue
        if isinstance(entry, URLResolver):
            found += url_patterns(entry.url_patterns, route, localized or part == "{lang}/")
        elif isinstance(entry, URLPattern):
            if entry.name == "wagtail_serve":
                continue
            found.append(Pattern(route, localized, entry.callback, entry.name))
    return found


def live_pages() -> dict[tuple[str, str], object]:
    """One live page of every type in every language, (type, language) -> specific page: a
    real translation rather than an alias, then the one with most children (a listing with
    content), then the one nearest the root."""
    from wagtail.models import Page

    kinds = page_kinds()
    chosen = {}
    for page in Page.objects.live().public().order_by("path"):
        path = urlsplit(page.get_url() or "").path
        kind, language = kinds.get(path), language_of(path)
        if kind is None or language is None:
            continue
        score = (page.alias_of_id is None, page.numchild, -page.depth)
        if (kind, language) not in chosen or score > chosen[kind, language][0]:
            chosen[kind, language] = (score, page)
    return {key: page.specific for key, (_score, page) in chosen.items()}


HREF = re.compile(r"""(?:href|action|src)\s*=\s*["']([^"'#]+)""", re.I)
JSON_URL = re.compile(r'"https?://testserver(/[^"#]*)"')
GET_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", re.I)


def links_in(body: str) -> set[str]:
    found = set()
    for link in HREF.findall(body) + JSON_URL.findall(body):
        parts = urlsplit(html.unescape(link))
        if parts.netloc in ("", "testserver") and parts.path.startswith("/"):
            found.add(parts.path)
    return found


def get_forms_in(body: str, path: str) -> dict[str, set[str]]:
    """The field names of the page's GET forms, by the path they send to."""
    forms = defaultdict(set)
    for attributes, inner in GET_FORM.findall(body):
        method = re.search(r'method="([^"]+)"', attributes)
        if method and method.group(1).lower() != "get":
            continue
        action = re.search(r'action="([^"]*)"', attributes)
        target = urlsplit(html.unescape(action.group(1))).path if action else ""
        forms[target or path] |= {html.unescape(name) for name in FIELD.findall(inner)}
    return forms


def declared_parameters(callback) -> set[str]:
    """The query parameters an API view declares (Wagtail's ``known_query_parameters``)."""
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    return set(getattr(view_class, "known_query_parameters", ()) or ())


def content_type(response) -> str:
    return response.get("Content-Type", "").split(";")[0].strip().lower()


def is_json(response) -> bool:
    kind = content_type(response)
    return kind.endswith("/json") or kind.endswith("+json")


def is_markup(response) -> bool:
    kind = content_type(response)
    return kind == "text/html" or kind.endswith("/xml") or kind.endswith("+xml")


def body_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace")


def discover(client: Client | None = None) -> list[Target]:
    """Every route to probe, in every language: see the module's docstring."""
    from wagtail.contrib.routable_page.models import RoutablePageMixin

    client = client or Client()
    targets: list[Target] = []
    forms: dict[str, set[str]] = defaultdict(set)
    links: set[str] = set()
    reads: dict[int, tuple[set[str], bool]] = {}

    def visit(target: Target, callback=None):
        """Fetch the target's path, record what it reads; False if it is not for visitors."""
        response = client.get(target.path)
        keys, everything = take()
        if behind_sign_in(response, target.path):
            return response
        body = body_of(response)
        target.baseline = body if is_markup(response) else ""
        target.json = is_json(response)
        target.reads_everything = everything
        reads[id(target)] = (keys | declared_parameters(callback), everything)
        if response.status_code == 200:
            links.update(links_in(body))
        for action, names in get_forms_in(body, target.path).items():
            forms[action] |= names
        return response

    with quiet_logs(), recording_reads() as take:
        # Pages and the sub-routes of routable pages.
        pages = live_pages()
        for (kind, language), page in sorted(pages.items()):
            target = Target(f"page {kind}", language, urlsplit(page.get_url()).path)
            target.segments["child"] = target.path + "{}/"
            response = visit(target)
            assert response.status_code == 200, (target.path, response.status_code)
            targets.append(target)
        for (kind, language), page in sorted(pages.items()):
            model = apps.get_model(kind)
            if not issubclass(model, RoutablePageMixin):
                continue
            page_path = urlsplit(page.get_url()).path
            for sub in model.get_subpage_urls():
                route = str(sub.pattern)
                if not route:
                    continue  # the page itself
                pattern = Pattern(route, False, None, sub.name)
                targets += _instances(
                    f"page {kind} {route}", language, pattern, page_path, visit, links, page
                )
        # The URL configuration.
        patterns = url_patterns()
        simple = [p for p in patterns if not p.converters()]
        with_values = [p for p in patterns if p.converters()]
        for pattern in simple:
            for language in LANGUAGES if pattern.localized else [None]:
                target = Target(_kind(pattern), language, pattern.path(language, {}))
                response = visit(target, pattern.callback)
                # A route that answers 4xx without parameters still reads them (the API's find/)
                if response.status_code < 500 and not behind_sign_in(response, target.path):
                    targets.append(target)

        # Values for their converters: from the links seen so far, else from the pages they
        # link to (a bounded crawl); a value found in one language serves in all.
        def missing():
            answered = {_resolved(link) for link in links}
            return [p for p in with_values if (p.callback, p.name) not in answered]

        crawl(client, links, missing)
        for pattern in with_values:
            for language in LANGUAGES if pattern.localized else [None]:
                targets += _instances(
                    _kind(pattern),
                    language,
                    pattern,
                    "",
                    visit,
                    _all_languages(links, language),
                    None,
                    pattern.callback,
                )
        # Not-found pages, to compare an input echoed in a 404 with.
        not_found = {
            language: body_of(client.get(f"/{language}/no-such-page-qqxqzzv/"))
            for language in LANGUAGES
        }

    for target in targets:
        keys, everything = reads.get(id(target), (set(), False))
        names = set(keys) | forms.get(target.path, set())
        if everything:
            names |= set(COMMON)
        target.params = tuple(sorted(names))
        target.others = tuple(name for name in COMMON if name not in names)
        # an input in a path can fall out of the route: the not-found page of its language
        target.baseline += not_found[target.language or LANGUAGES[0]]
    return targets


CRAWL_BUDGET = 120


def crawl(client, links: set[str], missing, budget=CRAWL_BUDGET):
    """Visit pages linked from the ones seen, in the first language, one per folder in turn
    (a practice, an event, a term, then the next of each), until every route in ``missing()``
    has a link or the budget is spent."""
    seen = set()
    for _ in range(budget):
        if not missing():
            return
        todo = sorted(
            link for link in links if language_of(link) == LANGUAGES[0] and link not in seen
        )
        if not todo:
            return
        by_folder = defaultdict(list)
        for link in todo:
            by_folder[link.rstrip("/").rsplit("/", 1)[0]].append(link)
        visited_folders = Counter(link.rstrip("/").rsplit("/", 1)[0] for link in seen)
        link = min(by_folder.items(), key=lambda item: (visited_folders[item[0]], item[0]))[1][0]
        seen.add(link)
        response = client.get(link)
        if response.status_code == 200 and is_markup(response):
            links.update(links_in(body_of(response)))


def _all_languages(links, language=None) -> set[str]:
    """The links, and each localized one in ``language`` (or in every language) too."""
    found = set(links)
    for link in links:
        current = language_of(link)
        if current:
            for other in [language] if language else LANGUAGES:
                found.add(f"/{other}/" + link[len(current) + 2 :])
    return found


@cache
def _resolve(link, language):
    with translation.override(language or translation.get_language()):
        try:
            return resolve(link)
        except Resolver404:
            return None


def _resolved(link):
    """(view, URL name) of the route that answers ``link``."""
    match = _resolve(link, language_of(link))
    return (match.func, match.url_name) if match else None


def _kind(pattern: Pattern) -> str:
    if pattern.route.startswith("api/"):
        return "api " + pattern.route.removeprefix("api/v2/")
    return "route " + pattern.route


def _instances(kind, language, pattern, base, visit, links, page=None, callback=None):
    """The target of a route with converters: a path that answers, with values found in the
    links seen so far (or defaults, when none answers), and a template for each converter."""
    converters = pattern.converters()
    prefix = base or (f"/{language}/" if language else "/")

    def make(values):
        route = pattern.route
        for match in CONVERTER.finditer(pattern.route):
            route = route.replace(match.group(0), values[match.group("name")], 1)
        return prefix + route

    # Values from the links: a link this route answers gives its converters' values.
    found = None
    for link in sorted(links):
        if not link.startswith(prefix):
            continue
        values = _match(pattern, link, prefix, page, language)
        if values is not None:
            found = values
            break
    values = found or {name: DEFAULT_VALUE.get(conv, "x") for conv, name in converters}
    target = Target(kind, language, make(values))
    for _conv, name in converters:
        target.segments[name] = make(values | {name: "{}"})
    response = visit(target, callback)
    if behind_sign_in(response, target.path):
        return []
    if response.status_code >= 400:
        target.path = None  # only its path segments are probed
    return [target]


def _match(pattern, link, prefix, page, language):
    """The converter values for which ``pattern`` gives ``link``, or None."""
    remainder = link[len(prefix) :]
    if page is not None:
        try:
            _view, _args, kwargs = page.resolve_subpage(remainder)
        except Resolver404:
            return None
        names = [name for _conv, name in pattern.converters()]
        if set(kwargs) != set(names):
            return None
        # the sub-route with the same name gives the link back
        values = {name: str(kwargs[name]) for name in names}
        return values if page.reverse_subpage(pattern.name, kwargs=kwargs) == remainder else None
    match = _resolve(link, language)
    if match is None or match.func is not pattern.callback or match.url_name != pattern.name:
        return None
    names = [name for _conv, name in pattern.converters()]
    values = {name: str(match.kwargs.get(name, "")) for name in names}
    if any(name.startswith("group") for name in names):
        values |= {f"group{i}": str(arg) for i, arg in enumerate(match.args)}
    return values if all(values.values()) else None


# ---------------------------------------------------------------------------------------------
# Probes
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    target: Target
    where: str  # "param q", "others", "raw q", "segment handle"
    payload: Payload

    def request(self):
        """(path, data, extra) for Client.get."""
        target, value, where = self.target, self.payload.value, self.where
        if where.startswith("segment "):
            template = target.segments[where.removeprefix("segment ")]
            segment = value if self.payload.raw else quote(value, safe="")
            return template.replace("{}", segment), None, {}
        if self.payload.raw:
            name = where.split(" ", 1)[1] if " " in where else "q"
            return target.path, None, {"QUERY_STRING": f"{quote(name)}={value}"}
        if where == "others":  # the common parameters it does not read, and as a name
            pairs = [(name, value) for name in target.others] + [(value, "1")]
            return target.path, None, {"QUERY_STRING": urlencode(pairs)}
        return target.path, {where.removeprefix("param "): value}, {}

    def __str__(self):
        return f"{self.target.label} {self.target.path or ''} {self.where} = {self.payload}"


def places(target: Target, payload: Payload) -> list[str]:
    """Where an input goes in a target: each path segment, each parameter it reads, and the
    parameters it does not read all together (with the input as a parameter's name too)."""
    found = [f"segment {name}" for name in sorted(target.segments)]
    if target.path is None:
        return found
    if payload.raw:
        return found + [f"raw {name}" for name in target.params or ("q",)]
    return found + [f"param {name}" for name in target.params] + ["others"]


def probes(targets, payloads, rotate=False) -> list[Probe]:
    """Every input at every place of every target. With ``rotate``, an input goes to a place
    of a localized route in one language only, the next input in the next language: every
    route and place in every language, with a fifth of the requests."""
    plan = []
    for target in targets:
        turn = LANGUAGES.index(target.language) if target.language in LANGUAGES else None
        for number, payload in enumerate(payloads):
            for index, where in enumerate(places(target, payload)):
                if rotate and turn is not None and (number + index) % len(LANGUAGES) != turn:
                    continue
                plan.append(Probe(target, where, payload))
    return plan


@dataclass
class Outcome:
    probe: Probe
    status: int
    problem: str = ""  # "5xx", "echo <script...", "html from a JSON route"...
    detail: str = ""  # traceback, or the echoed fragment in context


class _ErrorLog(logging.Handler):
    """Errors logged while a request is answered (a caught exception the visitor never sees)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@contextmanager
def quiet_logs():
    """Not-found and refused requests log warnings by the thousand: keep errors only, and
    collect them (``handler.records``)."""
    handler = _ErrorLog()
    root = logging.getLogger()
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def run_probe(client: Client, probe: Probe) -> Outcome:
    path, data, extra = probe.request()
    try:
        response = client.get(path, data, **extra)
    except Exception:
        return Outcome(probe, 500, "5xx", traceback.format_exc(limit=-12))
    status = response.status_code
    if status >= 500:
        return Outcome(probe, status, "5xx", body_of(response)[:500])
    body = body_of(response)
    target = probe.target
    redirect = 300 <= status < 400  # no content (the API's find/ redirects to the page)
    if target.json and not redirect and probe.where.startswith(("param", "raw", "others")):
        if content_type(response) == "text/html":
            return Outcome(probe, status, "HTML from a JSON route", body[:300])
        if body and is_json(response):
            try:
                json.loads(body)
            except ValueError as error:
                return Outcome(probe, status, "invalid JSON", f"{error}: {body[:300]}")
    if is_markup(response):
        value = probe.payload.value
        if probe.payload.raw:  # what the view gets once the query string is decoded
            value = unquote(value, errors="replace")
        for fragment in tag_fragments(value):
            if body.count(fragment) > target.baseline.count(fragment):
                at = body.find(fragment)
                context = body[max(0, at - 120) : at + len(fragment) + 60]
                return Outcome(probe, status, f"echo {fragment[:40]!r}", context)
    return Outcome(probe, status)


@dataclass
class Tally:
    tried: int = 0
    statuses: Counter = field(default_factory=Counter)
    failures: list = field(default_factory=list)
    errors_logged: int = 0


def run(
    targets, payloads, progress=None, rotate=False, on_failure=None
) -> dict[tuple[str, str | None], Tally]:
    """Send every probe; per (kind, language) of target, the counts and the failures (and
    the errors logged without a failure, whose outcomes have no ``problem``)."""
    client = Client()
    tallies: dict[str, Tally] = defaultdict(Tally)
    plan = probes(targets, payloads, rotate)
    with quiet_logs() as log:
        for number, probe in enumerate(plan, 1):
            before = len(log.records)
            outcome = run_probe(client, probe)
            tally = tallies[probe.target.kind, probe.target.language]
            tally.tried += 1
            tally.statuses[outcome.status // 100 * 100] += 1
            if outcome.problem:
                tally.failures.append(outcome)
                if on_failure:
                    on_failure(outcome)
            if len(log.records) > before:
                tally.errors_logged += 1
                if not outcome.problem:
                    record = log.records[-1]
                    tally.failures.append(
                        Outcome(probe, outcome.status, "", _format_record(record))
                    )
            del log.records[:]
            if progress and number % 500 == 0:
                progress(number, len(plan))
    return tallies


def _format_record(record) -> str:
    text = f"logged {record.levelname} {record.name}: {record.getMessage()}"
    if record.exc_info:
        text += "\n" + "".join(traceback.format_exception(*record.exc_info)[-6:])
    return text


def failures_report(tallies, limit=40) -> str:
    lines = []
    for _key, tally in sorted(tallies.items(), key=str):
        for outcome in tally.failures:
            if outcome.problem:
                lines.append(
                    f"{outcome.problem}: {outcome.probe} -> {outcome.status}\n"
                    + "    "
                    + outcome.detail.strip().replace("\n", "\n    ")[:1500]
                )
    return "\n".join(lines[:limit]) + (
        f"\n... {len(lines) - limit} more" if len(lines) > limit else ""
    )
