"""The search page (/<lang>/search/) and its autocomplete endpoint (/<lang>/search/suggest/).

Every input gives a normal page: the service cleans the query, falls back from the engine to
the database, and if even that fails the page says the search could not be run (and the log
has the traceback) instead of answering 500.
"""

import logging

from django.http import JsonResponse, QueryDict
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from smartvillages.core.throttle import search_rate_exceeded

from . import service

logger = logging.getLogger("smartvillages.search")


def _toggle_url(request, param, value):
    query = request.GET.copy()
    query.pop("page", None)
    values = query.getlist(param)
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    query.setlist(param, values)
    return "?" + query.urlencode()


def _page_url(request, number):
    query = request.GET.copy()
    query["page"] = str(number)
    return "?" + query.urlencode()


@require_GET
def search(request):
    raw_query = request.GET.get("q", "")
    if search_rate_exceeded(request):
        # The search form, with what they typed, and a message; the query is not run.
        outcome = service.SearchOutcome(query=service.clean_query(raw_query)[0])
        context = {"search": outcome, "search_query": outcome.query, "throttled": True}
        return TemplateResponse(request, "search/search.html", context, status=429)
    failed = False
    try:
        outcome = service.search(request, raw_query, request.GET, request.GET.get("page"))
    except Exception:  # the last guard: a visitor's input must never produce a 500
        logger.exception("Search: the query could not be run, even on the database backend")
        outcome = service.SearchOutcome(query=service.clean_query(raw_query)[0])
        failed = True
    for group in outcome.facets:
        for value in group.values:
            value.url = _toggle_url(request, group.param, value.value)
    pagination = None
    if outcome.page_obj is not None and outcome.page_obj.paginator.num_pages > 1:
        page_obj = outcome.page_obj
        pagination = {
            "number": page_obj.number,
            "count": page_obj.paginator.num_pages,
            "previous": _page_url(request, page_obj.number - 1)
            if page_obj.has_previous()
            else None,
            "next": _page_url(request, page_obj.number + 1) if page_obj.has_next() else None,
        }
    clear_url = None
    if outcome.selected:
        clear = QueryDict(mutable=True)
        clear["q"] = outcome.query
        clear_url = "?" + clear.urlencode()
    context = {
        "search": outcome,
        "search_query": outcome.query,
        "failed": failed,
        "pagination": pagination,
        "clear_url": clear_url,
    }
    return TemplateResponse(request, "search/search.html", context)


@require_GET
def suggest(request):
    if search_rate_exceeded(request, suggest=True):
        return JsonResponse({"suggestions": []}, status=429)
    try:
        suggestions, _fell_back = service.suggest(request, request.GET.get("q", ""))
    except Exception:
        logger.exception("Search: suggestions could not be computed")
        suggestions = []
    response = JsonResponse({"suggestions": suggestions})
    response["Cache-Control"] = "private, max-age=60"
    return response
