"""Per-language text analysis for the Elasticsearch/OpenSearch indexes.

Every language has its own index set (one backend entry per locale, see conf.py), and every
index defines the same analyzer *names* with a language-specific *content*:

- ``sv_text``: full-text fields (title, introduction, body, ``_all_text``...), at index and
  query time;
- ``sv_autocomplete``: edge n-grams of autocomplete fields, accents folded;
- ``sv_autocomplete_search``: what a visitor types into the search box, accents folded too, so
  "sola" and "šola" complete the same way.

The mapping is therefore the same in every language (it names ``sv_text``), and the settings
say what ``sv_text`` means here. The analyzers are named explicitly on every text field
instead of relying on ``analysis.analyzer.default``: OpenSearch emulators used in tests ignore
the default analyzer, and an explicit name shows in the mapping what each field does.

The French, English, Italian and German chains rebuild the engines' built-in language
analyzers (as documented by Elasticsearch) so that they can carry our names. Slovenian has no
built-in analyzer: lowercase, the stop words of stopwords/sl.txt, and ASCII folding that keeps
the original token (a search for "cas" finds "čas", and "čas" still matches exactly); a
hunspell stemmer is added when the cluster has the sl_SI dictionary (SEARCH_HUNSPELL_SL).
This module only builds dictionaries: it needs neither Django models nor a cluster.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

TEXT_ANALYZER = "sv_text"
AUTOCOMPLETE_ANALYZER = "sv_autocomplete"
AUTOCOMPLETE_SEARCH_ANALYZER = "sv_autocomplete_search"

STOPWORDS_DIR = Path(__file__).resolve().parent / "stopwords"

#: Elision articles, as Elasticsearch's rebuilt french and italian analyzers list them.
FRENCH_ELISION_ARTICLES = [
    "l", "m", "t", "qu", "n", "s", "j", "d", "c",
    "jusqu", "quoiqu", "lorsqu", "puisqu",
]  # fmt: skip
ITALIAN_ELISION_ARTICLES = [
    "c", "l", "all", "dall", "dell", "nell", "sull", "coll", "pell",
    "gl", "agl", "dagl", "degl", "negl", "sugl", "un", "m", "t", "s", "v", "d",
]  # fmt: skip

LANGUAGES = ("fr", "en", "it", "de", "sl")


@cache
def slovenian_stopwords() -> tuple[str, ...]:
    lines = (STOPWORDS_DIR / "sl.txt").read_text(encoding="utf-8").splitlines()
    return tuple(word.strip() for word in lines if word.strip() and not word.startswith("#"))


def _language_chain(language: str, hunspell_sl: bool) -> tuple[dict, list[str], list[str]]:
    """Token filters to define, the full-text chain, and the elision filters (if any) that
    autocomplete reuses so that "l'économie" completes from "éco"."""
    if language == "fr":
        filters = {
            "sv_fr_elision": {
                "type": "elision",
                "articles_case": True,
                "articles": FRENCH_ELISION_ARTICLES,
            },
            "sv_fr_stop": {"type": "stop", "stopwords": "_french_"},
            "sv_fr_stemmer": {"type": "stemmer", "language": "light_french"},
        }
        chain = ["sv_fr_elision", "lowercase", "sv_fr_stop", "sv_fr_stemmer"]
        return filters, chain, ["sv_fr_elision"]
    if language == "en":
        filters = {
            # What the possessive_english stemmer does ("village's" -> "village"), written as
            # a pattern so that emulators that mishandle that stemmer analyse it the same way.
            "sv_en_possessive": {
                "type": "pattern_replace",
                "pattern": "['’]s$",
                "replacement": "",
            },
            "sv_en_stop": {"type": "stop", "stopwords": "_english_"},
            "sv_en_stemmer": {"type": "stemmer", "language": "english"},
        }
        chain = ["sv_en_possessive", "lowercase", "sv_en_stop", "sv_en_stemmer"]
        return filters, chain, []
    if language == "it":
        filters = {
            "sv_it_elision": {
                "type": "elision",
                "articles_case": True,
                "articles": ITALIAN_ELISION_ARTICLES,
            },
            "sv_it_stop": {"type": "stop", "stopwords": "_italian_"},
            "sv_it_stemmer": {"type": "stemmer", "language": "light_italian"},
        }
        chain = ["sv_it_elision", "lowercase", "sv_it_stop", "sv_it_stemmer"]
        return filters, chain, ["sv_it_elision"]
    if language == "de":
        filters = {
            "sv_de_stop": {"type": "stop", "stopwords": "_german_"},
            "sv_de_stemmer": {"type": "stemmer", "language": "light_german"},
        }
        chain = ["lowercase", "sv_de_stop", "german_normalization", "sv_de_stemmer"]
        return filters, chain, []
    if language == "sl":
        filters = {
            "sv_sl_stop": {"type": "stop", "stopwords": list(slovenian_stopwords())},
            "sv_sl_folding": {"type": "asciifolding", "preserve_original": True},
        }
        chain = ["lowercase", "sv_sl_stop"]
        if hunspell_sl:
            filters["sv_sl_hunspell"] = {"type": "hunspell", "locale": "sl_SI", "dedup": True}
            chain.append("sv_sl_hunspell")
        chain.append("sv_sl_folding")
        return filters, chain, []
    raise ValueError(f"No analysis defined for language {language!r}")


def language_analysis(language: str, *, hunspell_sl: bool = False) -> dict:
    """The ``analysis`` section of the index settings for one language."""
    filters, chain, elision = _language_chain(language, hunspell_sl)
    filters["sv_edgengram"] = {"type": "edge_ngram", "min_gram": 1, "max_gram": 15}
    return {
        "filter": filters,
        "analyzer": {
            TEXT_ANALYZER: {"type": "custom", "tokenizer": "standard", "filter": chain},
            AUTOCOMPLETE_ANALYZER: {
                "type": "custom",
                "tokenizer": "standard",
                "filter": [*elision, "lowercase", "asciifolding", "sv_edgengram"],
            },
            AUTOCOMPLETE_SEARCH_ANALYZER: {
                "type": "custom",
                "tokenizer": "standard",
                "filter": [*elision, "lowercase", "asciifolding"],
            },
        },
    }


def language_index_settings(language: str, *, hunspell_sl: bool = False) -> dict:
    """Index settings merged over Wagtail's (which keep their n-gram analyzers)."""
    return {"settings": {"analysis": language_analysis(language, hunspell_sl=hunspell_sl)}}


def set_text_analyzers(properties: dict) -> dict:
    """Name ``sv_text`` on every text field of a mapping that names no analyzer yet
    (search fields, ``_all_text``, boost fields, nested fields). Autocomplete fields already
    name theirs. Changes ``properties`` in place and returns it."""
    for field in properties.values():
        if field.get("type") == "text" and "analyzer" not in field:
            field["analyzer"] = TEXT_ANALYZER
        if "properties" in field:
            set_text_analyzers(field["properties"])
    return properties
