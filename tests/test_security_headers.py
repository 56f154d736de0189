"""Every response carries the security headers: pages, redirects, 404s, static files served by
WhiteNoise, the API's JSON, feeds and exports, and the admin.

The crawl takes up to 100 responses of each type, found from the site itself (its sitemap in
five languages, the same paths without their language prefix, the API's listing, the static
files of the project and of Wagtail), and checks each one.
"""

from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from smartvillages.settings import base
from tests.site_pages import LANGUAGES, sitemap_paths

pytestmark = pytest.mark.django_db

PER_TYPE = 100
#: What every response must carry, and the value when it is fixed.
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": None,
    "Content-Security-Policy": None,
    "X-Frame-Options": None,
}


def policy(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def missing_headers(response) -> list[str]:
    problems = []
    for name, value in HEADERS.items():
        if name not in response:
            problems.append(f"no {name}")
        elif value is not None and response[name] != value:
            problems.append(f"{name}: {response[name]!r}")
    return problems


@pytest.fixture
def production_client(settings):
    """A client through the production middleware, WhiteNoise included (the test settings
    leave it out), with WhiteNoise finding the static files where they are in the source
    tree instead of in a collected STATIC_ROOT."""
    settings.MIDDLEWARE = base.MIDDLEWARE
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    return Client()


def static_paths() -> list[str]:
    paths = []
    for finder in finders.get_finders():
        for path, _storage in finder.list(ignore_patterns=["*.map", "*.scss"]):
            if path.endswith((".js", ".css", ".svg", ".png", ".woff2")):
                paths.append("/static/" + path)
    return sorted(paths)[:: max(1, len(paths) // PER_TYPE)][:PER_TYPE]


def feeds_and_files() -> list[str]:
    """The listings' feeds, map data, exports and calendars in every language."""
    from events.models import EventIndexPage
    from practices.models import PracticeIndexPage

    paths = []
    for listing in PracticeIndexPage.objects.live():
        paths += [
            listing.url + route for route in ("feed/", "geojson/", "export/csv/", "export/json/")
        ]
    for listing in EventIndexPage.objects.live():
        paths += [listing.url + route for route in ("feed/", "ical/")]
    return paths + ["/sitemap.xml", "/robots.txt", "/healthz"]


def crawl(client) -> dict[str, list[str]]:
    pages = sitemap_paths(client)
    by_language = {
        language: [p for p in pages if p.startswith(f"/{language}/")] for language in LANGUAGES
    }
    # Interleaved, so that the 100 pages span the five languages.
    pages = [p for group in zip(*by_language.values(), strict=False) for p in group]
    french = by_language["fr"]
    return {
        "page": pages[:PER_TYPE],
        # Without a language prefix: LocaleMiddleware's redirect to the reader's language.
        "redirect": ["/"] + ["/" + p.split("/", 2)[2] for p in french[1:PER_TYPE]],
        "404": [f"/{LANGUAGES[i % 5]}/nothing-here-{i}/" for i in range(PER_TYPE)],
        "static": static_paths(),
        "api": ["/api/v2/pages/?limit=5"]
        + [f"/api/v2/pages/?offset={i}&limit=1" for i in range(PER_TYPE - 2)]
        + ["/api/v2/pages/999999/"],
        "feeds and files": feeds_and_files(),
        "admin": ["/admin/login/", "/admin/", "/admin/password_reset/"],
    }


def test_every_kind_of_response_carries_the_security_headers(production_client):
    client = production_client
    seen, problems = {}, []
    for kind, paths in crawl(client).items():
        statuses = []
        for path in paths:
            response = client.get(path)
            statuses.append(response.status_code)
            problems += [
                f"{kind} {path} ({response.status_code}): {p}" for p in missing_headers(response)
            ]
            if kind == "admin":
                continue
            directives = policy(response)
            if "sandbox" in directives:  # a file sent with its own, stricter policy
                continue
            if directives.get("frame-ancestors") != [
                "'none'"
            ] or "'unsafe-inline'" in directives.get("script-src", []):
                csp = response["Content-Security-Policy"]
                problems.append(f"{kind} {path}: public policy expected, got {csp}")
        seen[kind] = statuses
    assert not problems, "\n".join(problems[:40])
    # The crawl reached what it meant to: each type answered as that type.
    assert sum(s == 200 for s in seen["page"]) == PER_TYPE
    assert sum(s in (301, 302) for s in seen["redirect"]) == PER_TYPE
    assert set(seen["404"]) == {404}
    assert len(seen["static"]) >= PER_TYPE * 0.9 and set(seen["static"]) == {200}
    assert seen["api"][:-1] == [200] * (len(seen["api"]) - 1) and seen["api"][-1] == 404
    assert seen["feeds and files"].count(200) == len(seen["feeds and files"]) >= 30


def test_public_and_admin_policies(production_client):
    public = policy(production_client.get("/fr/"))
    assert public["script-src"] == ["'self'"]  # no inline script on public pages, no nonce unused
    assert public["style-src"] == ["'self'"]
    assert public["frame-ancestors"] == ["'none'"]
    assert public["object-src"] == ["'none'"]
    admin = production_client.get("/admin/login/")
    assert "'unsafe-inline'" in policy(admin)["script-src"]  # Wagtail's editor needs it
    assert admin["X-Frame-Options"] in {"DENY", "SAMEORIGIN"}


def test_redirect_to_the_language_carries_x_frame_options(production_client):
    response = production_client.get("/")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/fr/"
    assert response["X-Frame-Options"] == "DENY"


def test_a_nonce_reaches_the_header_only_when_a_template_uses_it(rf):
    """An inline script carries the request's nonce; the policy then allows that nonce (and
    the page's other responses stay without one)."""
    from django.http import HttpResponse

    from smartvillages.middleware import ContentSecurityPolicyMiddleware

    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    middleware = ContentSecurityPolicyMiddleware(view)
    request = rf.get("/fr/")
    response = middleware(request)
    nonce = response.content.decode().split('nonce="')[1].split('"')[0]
    assert f"'nonce-{nonce}'" in policy(response)["script-src"]
    plain = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("no script"))(
        rf.get("/fr/")
    )
    assert not any(s.startswith("'nonce-") for s in policy(plain)["script-src"])
