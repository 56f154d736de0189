"""Search backends of the site: language-aware Elasticsearch/OpenSearch entries (one per
locale) and the language-aware database backend. See docs/search.md."""
