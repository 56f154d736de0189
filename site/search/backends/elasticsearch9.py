"""Language-aware Elasticsearch 9 backend (elasticsearchbase.py, over modelsearch's)."""

from .elasticsearchbase import language_backend

SearchBackend = language_backend(9)
Mapping = SearchBackend.mapping_class
Index = SearchBackend.index_class
Results = SearchBackend.results_class
