"""The database search backend: language-aware on PostgreSQL, Wagtail's own elsewhere.

On SQLite (``make run``) this is Wagtail's FTS5 backend unchanged: FTS5 has no per-language
stemming to choose from.
"""

from django.db import connection
from modelsearch.backends.database import SearchBackend as WagtailDatabaseBackend


def SearchBackend(params):  # noqa: N802 (Wagtail looks the name up on the module)
    if connection.vendor == "postgresql":
        from .postgres import LanguagePostgresSearchBackend

        return LanguagePostgresSearchBackend(params)
    return WagtailDatabaseBackend(params)
