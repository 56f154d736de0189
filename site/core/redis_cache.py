"""Django's Redis cache, degrading to "no cache" while Redis is unreachable.

Django's RedisCache raises ``redis.exceptions.ConnectionError`` on every call while Redis is
down, and nothing on the way catches it: Wagtail's site root paths, the page frame's version
keys, the rate limits and the publish signal handlers all read or write the cache, so a Redis
restart answered 500 to readers and made publishing fail (tests/benchmarks/loadtest.py).
Here reads miss, writes are dropped and ``incr`` says the key is not there (a ValueError, as
Django's contract has it), with a warning at most every 10 s per process: pages are built from
the database meanwhile, and the cache fills again when Redis is back.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
WARNING_INTERVAL = 10  # seconds
_last_warning = 0.0


def _warn(operation):
    global _last_warning
    if time.monotonic() - _last_warning > WARNING_INTERVAL:
        _last_warning = time.monotonic()
        logger.warning("Cache: Redis unreachable (%s), serving without the cache", operation)


class ResilientRedisCache(RedisCache):
    def _try(self, operation, fallback, *args):
        try:
            return getattr(super(), operation)(*args)
        except UNREACHABLE:
            _warn(operation)
            return fallback

    def get(self, key, default=None, version=None):
        return self._try("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._try("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._try("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._try("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._try("delete_many", None, keys, version)

    def clear(self):
        return self._try("clear", False)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            _warn("incr")
            raise ValueError(f"Key '{key}' not found: the cache is unreachable") from error
