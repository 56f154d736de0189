"""PostgreSQL full-text search with one text search configuration per language.

Wagtail's PostgreSQL backend analyses every object with one configuration. Here the
configuration is chosen by the object's locale when it is indexed, and by the active
language when a visitor searches: ``sv_french``, ``sv_english``, ``sv_italian``,
``sv_german`` (copies of PostgreSQL's configurations with ``unaccent`` before the stemmer)
and ``sv_simple`` for Slovenian, which PostgreSQL has no stemmer for. Autocomplete uses
``sv_simple`` in every language: no stemming, accents folded. The configurations are created
by this app's migration 0001 (PostgreSQL only).
"""

from __future__ import annotations

import copy
from collections import defaultdict

from django.conf import settings
from django.utils import translation
from modelsearch.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)

from .engine import object_language

TEXT_SEARCH_CONFIGS = {
    "fr": "sv_french",
    "en": "sv_english",
    "it": "sv_italian",
    "de": "sv_german",
    "sl": "sv_simple",
}
SIMPLE_CONFIG = "sv_simple"


def config_for_language(language_code: str | None) -> str:
    code = (language_code or settings.LANGUAGE_CODE).split("-")[0]
    return TEXT_SEARCH_CONFIGS.get(code, SIMPLE_CONFIG)


class LanguagePostgresIndex(PostgresIndex):
    def add_items(self, model, objs):
        groups = defaultdict(list)
        for obj in objs:
            groups[config_for_language(object_language(obj))].append(obj)
        for config, group in groups.items():
            # Wagtail's indexer reads the configuration from the backend: hand it a copy
            # configured for this group's language.
            backend = copy.copy(self.backend)
            backend.config = config
            index = copy.copy(self)
            index.backend = backend
            PostgresIndex.add_items(index, model, group)


class LanguagePostgresSearchQueryCompiler(PostgresSearchQueryCompiler):
    def get_config(self, backend):
        return config_for_language(translation.get_language())


class LanguagePostgresAutocompleteQueryCompiler(PostgresAutocompleteQueryCompiler):
    def get_config(self, backend):
        return SIMPLE_CONFIG


class LanguagePostgresSearchBackend(PostgresSearchBackend):
    index_class = LanguagePostgresIndex
    query_compiler_class = LanguagePostgresSearchQueryCompiler
    autocomplete_query_compiler_class = LanguagePostgresAutocompleteQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        self.config = config_for_language(settings.LANGUAGE_CODE)
        self.autocomplete_config = SIMPLE_CONFIG
