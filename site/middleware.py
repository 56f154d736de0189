"""Security headers Django does not set itself: Content-Security-Policy and Permissions-Policy.

Public pages get a strict policy (no inline script or style: templates load files only);
Wagtail's admin gets a looser one, because its editor relies on inline styles and scripts.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .typography import french_html


def _serialise(policy: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.public_policy = _serialise(settings.CSP_PUBLIC)
        self.admin_policy = _serialise(settings.CSP_ADMIN)

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            is_admin = request.path.startswith(settings.CSP_ADMIN_PREFIXES)
            response["Content-Security-Policy"] = (
                self.admin_policy if is_admin else self.public_policy
            )
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        return response


class FrenchTypographyMiddleware:
    """French pages get French spacing (site/typography.py) on their way out; the admin and
    every other language are left as they are. Sits outside LocaleMiddleware, which sets the
    Content-Language header it reads."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.get("Content-Language", "").startswith("fr")
            and response.get("Content-Type", "").startswith("text/html")
            and not response.streaming
            and response.status_code == 200
            and not request.path.startswith(settings.CSP_ADMIN_PREFIXES)
        ):
            charset = response.charset or "utf-8"
            response.content = french_html(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):
                # Set by CommonMiddleware from the text before its spaces became no-break
                # spaces (two or three bytes each): a stale length cuts the page short.
                response["Content-Length"] = str(len(response.content))
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, except that a 404 under a prefix of UNPREFIXED_PATHS is left
    as it is. Django redirects any 404 without a language prefix to the same address under
    the default language's prefix when that address resolves, and Wagtail's page catch-all
    resolves every one: an API client asking for an unknown id got a 302 to /fr/api/... instead
    of the API's JSON 404. Public pages keep the redirect (/practices/ -> /fr/practices/)."""

    UNPREFIXED_PATHS = ("/api/",)

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(self.UNPREFIXED_PATHS):
            # What the parent does for a response it does not redirect.
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
