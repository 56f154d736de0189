"""Language-aware Elasticsearch 8 backend (see engine.py), for a cluster still on 8.x.

An 8.x cluster refuses the 9.x client's compatibility headers: install ``elasticsearch>=8,<9``
with it (docs/search.md).
"""

from elastic_transport import ConnectionError, ConnectionTimeout
from elasticsearch import Elasticsearch
from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8Index,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchResults,
)

from .engine import (
    LanguageBackendMixin,
    LanguageIndexMixin,
    LanguageMappingMixin,
    SingleRequestResultsMixin,
)


class Mapping(LanguageMappingMixin, Elasticsearch8Mapping):
    pass


class Index(LanguageIndexMixin, Elasticsearch8Index):
    pass


class Results(SingleRequestResultsMixin, Elasticsearch8SearchResults):
    pass


class SearchBackend(LanguageBackendMixin, Elasticsearch8SearchBackend):
    mapping_class = Mapping
    index_class = Index
    results_class = Results
    engine_client = Elasticsearch
    connection_errors = (ConnectionError, ConnectionTimeout)
    engine_name = "elasticsearch"
