"""Language-aware Elasticsearch 8 backend (elasticsearchbase.py, over modelsearch's), for a
cluster still on 8.x: install ``elasticsearch>=8,<9`` with it (docs/search.md)."""

from .elasticsearchbase import language_backend

SearchBackend = language_backend(8)
Mapping = SearchBackend.mapping_class
Index = SearchBackend.index_class
Results = SearchBackend.results_class
