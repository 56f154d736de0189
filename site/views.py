"""Project-level views that belong to no app: health check, robots.txt, error pages."""

import logging

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from smartvillages.core.queue import queue_health
from smartvillages.search.health import search_health

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 otherwise; the body says what was checked.

    Two checks never fail the node, as a web node can still serve while they are off:
    search ("ok", or "fallback" while the engine is down and the database serves searches) and
    tasks ("ok", or "degraded" when the task queue is deeper or later than
    TASKS_HEALTH_MAX_WAITING / TASKS_HEALTH_MAX_AGE: workers missing or too few). With either
    off the status is "degraded", still 200; "queue" gives the queue's figures."""
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
    checks["search"] = search_health()
    body = {"status": "ok", "checks": checks}
    if healthy:
        checks["tasks"], queue = queue_health()
        if queue is not None:
            body["queue"] = queue
        if checks["search"] != "ok" or checks["tasks"] != "ok":
            body["status"] = "degraded"
    else:
        body["status"] = "error"
    return JsonResponse(body, status=200 if healthy else 503)


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
