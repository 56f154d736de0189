"""Rate limits on the admin login, on search and on the API (DESIGN §10).

django-ratelimit counts in the default cache (Redis in production, shared by every web node),
per client address (home.forms.client_ip, which honours CLIENT_IP_HEADER).

- Login: only failed attempts count, ADMIN_LOGIN_RATE of them per address; past it, the form
  answers 429 with a message and the credentials are not even checked, so guessing passwords
  stops while a person who mistyped once is never locked out. Keyed by address, not account,
  so that nobody can lock an editor out by failing on their name.
- Search: SEARCH_RATE requests per address for the results page, SUGGEST_RATE for the
  suggestions a search box asks as one types. Past it the search page answers 429 with a
  message and the search form, without running the query.
- Self-assessment: ASSESSMENT_RESULT_RATE results stored per address (a script cannot fill
  the table), ASSESSMENT_PDF_RATE PDF downloads (each draws a PDF).
- Contributors: CONTRIBUTOR_PROPOSAL_RATE proposals started per address (sign-up and sign-in
  limits are django-allauth's, in the same cache).
- API: API_RATE requests per address to the read-only Wagtail API (/api/v2/); past it, a JSON
  429 (smartvillages/api.py).

While the cache cannot count (Redis unreachable, core/redis_cache.py), the limits of reads
(search, suggestions, API, PDFs) let requests through; the limits of writes and of sign-in
refuse them until Redis is back.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from wagtail.admin.views.account import LoginView as WagtailLoginView

from smartvillages.core.http import client_ip

logger = logging.getLogger(__name__)


def _usage(request, group, rate, increment, method=None):
    return get_usage(
        request,
        group=group,
        key="ip",
        rate=rate,
        method=method or request.method,
        increment=increment,
    )


def login_failures_exceeded(request) -> bool:
    usage = _usage(request, "admin-login", settings.ADMIN_LOGIN_RATE, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def count_login_failure(request):
    _usage(request, "admin-login", settings.ADMIN_LOGIN_RATE, increment=True)


def _counter_unavailable(usage) -> bool:
    """django-ratelimit's answer when the cache could not count (Redis unreachable): a limit
    of 0, to be refused (it fails closed unless RATELIMIT_FAIL_OPEN)."""
    return usage is not None and usage["limit"] == 0 and usage["count"] == 0


def _exceeded(request, group, rate, label, method=None, fail_open=False) -> bool:
    """Count this request in ``group``; True past ``rate``, logged once per address and
    period. While the counter is unavailable, reads (``fail_open``: search, API, results)
    go through and writes (proposals) are refused: a Redis outage must not turn every
    search into a 429, nor open the writes to floods."""
    usage = _usage(request, group, rate, increment=True, method=method)
    if fail_open and _counter_unavailable(usage):
        return False
    if usage is not None and usage["should_limit"]:
        if usage["count"] == usage["limit"] + 1:
            logger.warning("%s rate limit reached by %s", label, client_ip(request))
        return True
    return False


def search_rate_exceeded(request, suggest: bool = False) -> bool:
    if suggest:
        return _exceeded(
            request, "search-suggest", settings.SUGGEST_RATE, "Suggest", "GET", fail_open=True
        )
    return _exceeded(request, "search", settings.SEARCH_RATE, "Search", "GET", fail_open=True)


def api_rate_exceeded(request) -> bool:
    return _exceeded(request, "api", settings.API_RATE, "API", fail_open=True)


def assessment_result_rate_exceeded(request) -> bool:
    return _exceeded(
        request, "assessment-result", settings.ASSESSMENT_RESULT_RATE, "Self-assessment result"
    )


def proposal_rate_exceeded(request) -> bool:
    return _exceeded(
        request, "contributor-proposal", settings.CONTRIBUTOR_PROPOSAL_RATE, "Proposal"
    )


def pdf_rate_exceeded(request) -> bool:
    return _exceeded(request, "assessment-pdf", settings.ASSESSMENT_PDF_RATE, "PDF", fail_open=True)


def login_throttled_message() -> str:
    return _(
        "Too many failed sign-in attempts from your connection. Wait a few minutes, then try "
        "again, or ask an administrator to reset your password."
    )


class ThrottledLoginMixin:
    """A login view that counts failed attempts per address and stops checking credentials
    past ADMIN_LOGIN_RATE."""

    def post(self, request, *args, **kwargs):
        if login_failures_exceeded(request):
            logger.warning("Admin login throttled for %s", client_ip(request))
            form_class = self.get_form_class()

            def refuse(form):
                raise ValidationError(login_throttled_message(), code="throttled")

            throttled = type("ThrottledLoginForm", (form_class,), {"clean": refuse})
            form = throttled(**self.get_form_kwargs())
            form.is_valid()  # the required-field checks and our refusal; no authentication
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        response = super().post(request, *args, **kwargs)
        if not request.user.is_authenticated:
            count_login_failure(request)
            logger.info("Admin login failed from %s", client_ip(request))
        return response


class WagtailThrottledLoginView(ThrottledLoginMixin, WagtailLoginView):
    pass
