"""Language-aware Elasticsearch 9 backend (see engine.py)."""

from elastic_transport import ConnectionError, ConnectionTimeout
from elasticsearch import Elasticsearch
from modelsearch.backends.elasticsearch9 import (
    Elasticsearch9Index,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
    Elasticsearch9SearchResults,
)

from .engine import (
    LanguageBackendMixin,
    LanguageIndexMixin,
    LanguageMappingMixin,
    SingleRequestResultsMixin,
)


class Mapping(LanguageMappingMixin, Elasticsearch9Mapping):
    pass


class Index(LanguageIndexMixin, Elasticsearch9Index):
    pass


class Results(SingleRequestResultsMixin, Elasticsearch9SearchResults):
    pass


class SearchBackend(LanguageBackendMixin, Elasticsearch9SearchBackend):
    mapping_class = Mapping
    index_class = Index
    results_class = Results
    engine_client = Elasticsearch
    connection_errors = (ConnectionError, ConnectionTimeout)
    engine_name = "elasticsearch"
