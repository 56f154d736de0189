"""Which search backends the site uses, built from environment variables by settings/base.py.

- ``default`` is always the database backend (language-aware on PostgreSQL, FTS5 on SQLite).
  Wagtail's admin searches with it, it is kept up to date even when a search engine is
  configured, and the public search page falls back to it.
- With ``OPENSEARCH_URL`` or ``ELASTICSEARCH_URL``, one more entry per language,
  ``engine_<code>``, each with its own index prefix and its language's analysis: the search
  page of /<code>/ asks that entry first.

This module is imported by the settings: it must not import Django models.
"""

from __future__ import annotations

ENGINE_MODULES = {
    "opensearch": "smartvillages.search.backends.opensearch3",
    "elasticsearch9": "smartvillages.search.backends.elasticsearch9",
    "elasticsearch8": "smartvillages.search.backends.elasticsearch8",
}
DATABASE_BACKEND = "smartvillages.search.backends.database"


def engine_backend_name(language_code: str) -> str:
    return f"engine_{language_code}"


def engine_kind(*, elasticsearch_url: str = "", opensearch_url: str = "", es_version: int = 9):
    """(kind, url) of the configured engine, or (None, "") when there is none."""
    if opensearch_url:
        return "opensearch", opensearch_url
    if elasticsearch_url:
        if es_version not in (8, 9):
            raise ValueError(f"ELASTICSEARCH_VERSION must be 8 or 9, not {es_version}")
        return f"elasticsearch{es_version}", elasticsearch_url
    return None, ""


def search_backends(
    languages,
    *,
    elasticsearch_url: str = "",
    opensearch_url: str = "",
    es_version: int = 9,
    index_prefix: str = "smartvillages",
    timeout: float = 2,
    hunspell_sl: bool = False,
) -> dict:
    """The WAGTAILSEARCH_BACKENDS setting."""
    backends = {"default": {"BACKEND": DATABASE_BACKEND}}
    kind, url = engine_kind(
        elasticsearch_url=elasticsearch_url, opensearch_url=opensearch_url, es_version=es_version
    )
    if kind is None:
        return backends
    for code in languages:
        backends[engine_backend_name(code)] = {
            "BACKEND": ENGINE_MODULES[kind],
            "URLS": [url],
            "LANGUAGE": code,
            "INDEX_PREFIX": f"{index_prefix}_{code}_",
            "TIMEOUT": timeout,
            "ATOMIC_REBUILD": True,
            "HUNSPELL_SL": hunspell_sl,
        }
    return backends
