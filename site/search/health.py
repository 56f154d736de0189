"""The search part of /healthz: "ok" when searches are served by the configured backend,
"fallback" when the engine is down and the database backend serves them.

A down engine does not make the node unhealthy (the site still searches, through the
database): the load balancer must not take web nodes out for it. The engine is pinged at most
once per ``PING_INTERVAL`` seconds per process, with the short search timeout.
"""

import time

from django.conf import settings

from . import state
from .conf import engine_backend_name

PING_INTERVAL = 15
_last_ping: dict[str, tuple[float, bool]] = {}


def search_health() -> str:
    from wagtail.search.backends import get_search_backend

    name = engine_backend_name(settings.LANGUAGE_CODE)
    if name not in getattr(settings, "WAGTAILSEARCH_BACKENDS", {}):
        return "ok"
    backend = get_search_backend(name)
    if backend.is_down():
        return "fallback"
    checked_at, alive = _last_ping.get(backend.engine_key, (0.0, True))
    if time.monotonic() - checked_at > PING_INTERVAL:
        alive = backend.ping()
        _last_ping[backend.engine_key] = (time.monotonic(), alive)
        if not alive:
            state.mark_down(backend.engine_key)
    return "ok" if alive else "fallback"
