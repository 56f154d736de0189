"""Language-aware OpenSearch 3 backend (see engine.py)."""

from modelsearch.backends.opensearch3 import (
    OpenSearch3Index,
    OpenSearch3Mapping,
    OpenSearch3SearchBackend,
    OpenSearch3SearchResults,
)
from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError, ConnectionTimeout

from .engine import (
    LanguageBackendMixin,
    LanguageIndexMixin,
    LanguageMappingMixin,
    SingleRequestResultsMixin,
)


class Mapping(LanguageMappingMixin, OpenSearch3Mapping):
    pass


class Index(LanguageIndexMixin, OpenSearch3Index):
    def send_document(self, doc_id, document):
        self.es.index(index=self.name, body=document, id=doc_id)


class Results(SingleRequestResultsMixin, OpenSearch3SearchResults):
    pass


class SearchBackend(LanguageBackendMixin, OpenSearch3SearchBackend):
    mapping_class = Mapping
    index_class = Index
    results_class = Results
    engine_client = OpenSearch
    connection_errors = (ConnectionError, ConnectionTimeout)
    engine_name = "opensearch"
