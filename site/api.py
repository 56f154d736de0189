"""The read-only Wagtail API v2 (/api/v2/pages/), with what the site owes any public route.

Wagtail's PagesAPIViewSet, plus:

- ``search`` is cleaned as the site search cleans a query (smartvillages.search.service:
  control characters, length, then only words reach the backend), so quotes, brackets,
  operators or NUL are no longer read as syntax by SQLite's FTS5 or PostgreSQL (a 500 before);
  a query without a letter or digit answers 400.
- ``offset`` and ``limit`` are whole numbers within bounds (a 23-digit offset overflowed the
  database's integers), ``limit`` within Wagtail's own WAGTAILAPI_LIMIT_MAX; ``locale`` is one
  of the site's languages; an unknown id is a 404. No parameter but ``search`` may hold a NUL
  (PostgreSQL refuses it in any string).
- Every refusal is JSON ``{"message": ...}``, Wagtail's convention (BadRequestError and Http404
  through handle_exception), in the requester's language; LocaleMiddleware no longer turns
  the 404s into a redirect to /fr/api/... (smartvillages.middleware.LocaleMiddleware).
- Answers are JSON only, with ``<``, ``>`` and ``&`` written as ``\\u003c``... so that no echo
  of the query string is markup, whatever a client does with it. Wagtail's browsable HTML
  view is left out: it needs inline scripts that the public CSP forbids and carries a CSRF
  token.
- Requests are counted per client address (API_RATE, smartvillages.core.throttle): past it,
  a JSON 429. Cache-Control as the site's other public JSON route (the search suggestions):
  a browser may keep an answer a minute; shared caches may not, since publishing purges the
  pages' URLs, not the API's.

It lives here rather than in smartvillages.core, which may not import smartvillages.search
(tests/test_architecture.py).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, Throttled
from rest_framework.renderers import JSONRenderer
from wagtail.api.v2.filters import LocaleFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from smartvillages.core.throttle import api_rate_exceeded
from smartvillages.search.service import clean_query, is_searchable, search_terms

#: The highest ``offset``: beyond the library's size (10,000 practices in 5 languages).
MAX_OFFSET = 1_000_000
#: The highest ``limit`` when WAGTAILAPI_LIMIT_MAX is None (Wagtail's "no maximum").
MAX_LIMIT = 1000
CACHE_CONTROL = "private, max-age=60"
#: Nesting of ``fields`` (``fields=a(b(c))``): Wagtail's parser recurses once per level.
MAX_FIELDS_DEPTH = 10
_DIGITS = re.compile(r"[0-9]{1,12}")  # ASCII digits only: int() also takes " 1", "+1", "١"


def whole_number(params, name: str, maximum: int) -> None:
    """Refuse ``params[name]`` (when given) unless it is a whole number from 0 to maximum."""
    raw = params.get(name)
    if raw is not None and not (_DIGITS.fullmatch(raw) and int(raw) <= maximum):
        raise BadRequestError(
            _("%(name)s must be a whole number from 0 to %(maximum)d.")
            % {"name": name, "maximum": maximum}
        )


def nesting(text: str) -> int:
    """The deepest level of parentheses in text."""
    depth = deepest = 0
    for char in text:
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth -= 1
    return deepest


class EscapedJSONRenderer(JSONRenderer):
    """JSON in which <, > and & are written as \\u003c, \\u003e and \\u0026. Outside strings,
    JSON has none of these characters, and inside one the escape means the same character,
    so every client reads the same data."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        content = super().render(data, accepted_media_type, renderer_context)
        return content.replace(b"<", b"\\u003c").replace(b">", b"\\u003e").replace(b"&", b"\\u0026")


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or MAX_LIMIT
        whole_number(request.GET, "offset", MAX_OFFSET)
        whole_number(request.GET, "limit", limit_max)
        return super().paginate_queryset(queryset, request, view)


class _WithParams:
    """A request whose query parameters are replaced, for Wagtail filters that read
    ``request.GET``; everything else is the request's."""

    def __init__(self, request, params):
        self._wrapped = request
        self.GET = params

    def __getattr__(self, name):
        return getattr(self._wrapped, name)


class CleanedSearchFilter(SearchFilter):
    """Wagtail's search filter, given the words of the query as the site search gives them."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        query, _shortened = clean_query(request.GET["search"])
        if not is_searchable(query):
            raise BadRequestError(_("The search must contain at least one letter or digit."))
        operator = request.GET.get("search_operator")
        if operator is not None and operator.lower() not in ("and", "or"):
            raise BadRequestError(_('search_operator must be "and" or "or".'))
        params = request.GET.copy()
        params["search"] = search_terms(query)
        return super().filter_queryset(_WithParams(request, params), queryset, view)


class KnownLocaleFilter(LocaleFilter):
    """Wagtail's locale filter, with a 400 for a language the site does not have (Wagtail
    answers 404, as if the address were wrong)."""

    def filter_queryset(self, request, queryset, view):
        codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
        if "locale" in request.GET and request.GET["locale"] not in codes:
            raise BadRequestError(
                _("Unknown locale; the locales are: %(locales)s.") % {"locales": ", ".join(codes)}
            )
        return super().filter_queryset(request, queryset, view)


def _replace(backends, old, new):
    return [new if backend is old else backend for backend in backends]


class PublicPagesAPIViewSet(PagesAPIViewSet):
    renderer_classes = [EscapedJSONRenderer]
    pagination_class = BoundedPagination
    filter_backends = _replace(
        _replace(PagesAPIViewSet.filter_backends, SearchFilter, CleanedSearchFilter),
        LocaleFilter,
        KnownLocaleFilter,
    )

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if api_rate_exceeded(request):
            raise Throttled(
                detail=_(
                    "Too many requests were sent from your connection in a short time. Please "
                    "wait a minute, then try again."
                )
            )
        for name, values in request.GET.lists():
            if name != "search" and any("\x00" in text for text in (name, *values)):
                raise BadRequestError(_("Query parameters cannot contain null characters."))
        if nesting(request.GET.get("fields", "")) > MAX_FIELDS_DEPTH:
            raise BadRequestError(
                _("fields cannot be nested more than %(maximum)d levels deep.")
                % {"maximum": MAX_FIELDS_DEPTH}
            )

    def get_object(self):
        try:
            return super().get_object()
        except Http404 as error:
            raise Http404(_("There is no public page with this id.")) from error

    def find_object(self, queryset, request):
        if "id" in request.GET and not _DIGITS.fullmatch(request.GET["id"]):
            raise BadRequestError(_("id must be a whole number."))
        return super().find_object(queryset, request)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, APIException) and isinstance(exc.detail, str):
            # Django REST framework's refusals (429, 406...) as Wagtail's: {"message": ...}.
            response.data = {"message": str(exc.detail)}
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
            response["Cache-Control"] = "no-store"
        else:
            response.setdefault("Cache-Control", CACHE_CONTROL)
        return response


def not_found(request, *args, **kwargs):
    """Any other address under /api/ (``/api/v2/pages/abc/``, ``/api/v3/``): a JSON 404 like
    the API's own refusals, not the site's HTML page."""
    return JsonResponse({"message": _("There is nothing at this address of the API.")}, status=404)
