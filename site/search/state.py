"""Whether the search engine is believed to be down, shared between requests (and between
web nodes when the cache is Redis).

After a connection error or a timeout the engine is left alone for ``COOLDOWN`` seconds: the
search page goes straight to the database backend and index writes are skipped (logged, and
``update_index`` catches up), so a dead engine costs one timeout per cool-down, not one per
request or per save.
"""

import hashlib
import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

COOLDOWN = 30


def _key(engine_key: str) -> str:
    return "svsearch:down:" + hashlib.sha256(engine_key.encode()).hexdigest()[:32]


def is_down(engine_key: str) -> bool:
    try:
        return cache.get(_key(engine_key)) is not None
    except Exception:  # the cache itself may be unreachable (Redis down): assume the engine is up
        logger.warning("Search: cache unavailable, cannot read the engine state", exc_info=True)
        return False


def mark_down(engine_key: str) -> None:
    try:
        cache.set(_key(engine_key), True, COOLDOWN)
    except Exception:
        logger.warning("Search: cache unavailable, cannot record the engine state", exc_info=True)


def mark_up(engine_key: str) -> None:
    try:
        cache.delete(_key(engine_key))
    except Exception:
        logger.warning("Search: cache unavailable, cannot record the engine state", exc_info=True)
