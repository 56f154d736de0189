"""Language-aware Elasticsearch backends (see engine.py), one per major version.

django-modelsearch has one module per Elasticsearch major version (``elasticsearch8``,
``elasticsearch9``), each with the same four classes named after the version. The engine.py
mixins go in front of them the same way for every version, so the version is a parameter
here: ``language_backend(9)`` is the backend that elasticsearch9.py exposes, and so on.

Both versions use the installed ``elasticsearch`` client: an 8.x cluster refuses the 9.x
client's compatibility headers, so a site on 8.x installs ``elasticsearch>=8,<9``
(docs/search.md).
"""

from __future__ import annotations

import functools
from importlib import import_module

from elastic_transport import ConnectionError, ConnectionTimeout
from elasticsearch import Elasticsearch

from .engine import (
    LanguageBackendMixin,
    LanguageIndexMixin,
    LanguageMappingMixin,
    SingleRequestResultsMixin,
)

#: The major versions django-modelsearch has an ``elasticsearch<N>`` backend module for.
MAJOR_VERSIONS = (8, 9)


@functools.cache
def language_backend(major_version: int) -> type:
    """The language-aware backend class over modelsearch's ``elasticsearch<major_version>``;
    its ``mapping_class``, ``index_class`` and ``results_class`` are language-aware too."""
    if major_version not in MAJOR_VERSIONS:
        raise ValueError(f"No Elasticsearch {major_version} backend (have {MAJOR_VERSIONS})")
    wagtail = import_module(f"modelsearch.backends.elasticsearch{major_version}")
    prefix = f"Elasticsearch{major_version}"

    def language_class(mixin, suffix, **attrs):
        base = getattr(wagtail, prefix + suffix)
        return type(f"Language{prefix}{suffix}", (mixin, base), {"__module__": __name__, **attrs})

    return language_class(
        LanguageBackendMixin,
        "SearchBackend",
        major_version=major_version,
        mapping_class=language_class(LanguageMappingMixin, "Mapping"),
        index_class=language_class(LanguageIndexMixin, "Index"),
        results_class=language_class(SingleRequestResultsMixin, "SearchResults"),
        engine_client=Elasticsearch,
        connection_errors=(ConnectionError, ConnectionTimeout),
        engine_name="elasticsearch",
    )
