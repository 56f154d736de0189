"""Security headers beside Django's own (SecurityMiddleware, XFrameOptionsMiddleware):
Content-Security-Policy by django-csp, with Wagtail's admin under a looser policy, and
Permissions-Policy, which neither sets.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .typography import french_html


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware: the policy of settings.CONTENT_SECURITY_POLICY on public pages,
    settings.CSP_ADMIN_DIRECTIVES under CSP_ADMIN_PREFIXES (Wagtail's editor relies on inline
    styles and scripts). A view that sets its own header keeps it (files sent with a sandbox)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(settings.CSP_ADMIN_PREFIXES):
            parts = PolicyParts(
                config=settings.CSP_ADMIN_DIRECTIVES,
                update=parts.update,
                replace=parts.replace,
                nonce=parts.nonce,
            )
        return parts


class PermissionsPolicyMiddleware:
    """Permissions-Policy on every response: browser features the site does not use are off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
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
