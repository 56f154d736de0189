"""Version keys in Django's cache (Redis in production, shared by every web node): what is
derived from the database and kept in memory or in the cache carries the version it was built
under, and whatever changes the source writes a new version, so every node rebuilds at its
next use. The frame (home/frame.py) and the glossary matchers (glossary/matchers.py) use it.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache


def read_version(key: str) -> str:
    """The current version under ``key``, created on first use."""
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        version = cache.get(key)
    return version


def renew_version(key: str) -> None:
    """Make everything built under the previous version stale."""
    cache.set(key, uuid.uuid4().hex, timeout=None)
