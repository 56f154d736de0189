"""Project-level views that belong to no app: health check, robots.txt, error pages."""

import logging

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from smartvillages.search.health import search_health

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 otherwise; the body says what was checked. The search
    check is "ok" or "fallback" (engine down, database search serving) and never fails the node."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # any failure means unhealthy, whatever the driver raises
        logger.exception("Health check: database unreachable")
        checks["database"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    # Not part of `healthy`: with the engine down, search falls back to the database.
    checks["search"] = search_health()
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def server_error(request):
    """500 page rendered with the active language but without context processors or queries."""
    return render(request, "500.html", status=500)
