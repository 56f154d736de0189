"""Generated index settings and mappings per language, and the backend configuration: plain
dictionaries, checked without a database or a cluster."""

import pytest
from wagtail.models import Page

from home.models import StandardPage
from smartvillages.search import conf
from smartvillages.search.analysis import (
    AUTOCOMPLETE_ANALYZER,
    AUTOCOMPLETE_SEARCH_ANALYZER,
    TEXT_ANALYZER,
    language_analysis,
    slovenian_stopwords,
)
from smartvillages.search.backends import elasticsearch8, elasticsearch9, opensearch3

LANGUAGES = ["fr", "en", "it", "de", "sl"]


def chain(language, **kwargs):
    return language_analysis(language, **kwargs)["analyzer"][TEXT_ANALYZER]["filter"]


def test_french_uses_elision_stop_words_and_light_stemmer():
    analysis = language_analysis("fr")
    assert chain("fr") == ["sv_fr_elision", "lowercase", "sv_fr_stop", "sv_fr_stemmer"]
    assert "l" in analysis["filter"]["sv_fr_elision"]["articles"]
    assert "jusqu" in analysis["filter"]["sv_fr_elision"]["articles"]
    assert analysis["filter"]["sv_fr_stop"]["stopwords"] == "_french_"
    assert analysis["filter"]["sv_fr_stemmer"]["language"] == "light_french"


def test_italian_uses_the_italian_elision_articles():
    articles = language_analysis("it")["filter"]["sv_it_elision"]["articles"]
    assert {"dell", "nell", "all", "sull", "gl", "un"} <= set(articles)
    assert "jusqu" not in articles
    assert chain("it")[-1] == "sv_it_stemmer"


def test_english_and_german_chains():
    assert chain("en") == ["sv_en_possessive", "lowercase", "sv_en_stop", "sv_en_stemmer"]
    assert chain("de") == ["lowercase", "sv_de_stop", "german_normalization", "sv_de_stemmer"]
    assert language_analysis("de")["filter"]["sv_de_stemmer"]["language"] == "light_german"


def test_slovenian_has_stop_words_from_the_repo_and_folding_that_keeps_the_original():
    analysis = language_analysis("sl")
    assert chain("sl") == ["lowercase", "sv_sl_stop", "sv_sl_folding"]
    assert analysis["filter"]["sv_sl_folding"] == {
        "type": "asciifolding",
        "preserve_original": True,
    }
    stopwords = analysis["filter"]["sv_sl_stop"]["stopwords"]
    assert stopwords == list(slovenian_stopwords())
    assert {"in", "je", "za", "že", "še"} <= set(stopwords)
    assert "vas" not in stopwords  # "vas" is also "village": never a stop word on this site


def test_slovenian_hunspell_is_optional():
    assert "sv_sl_hunspell" not in chain("sl")
    with_hunspell = language_analysis("sl", hunspell_sl=True)
    assert with_hunspell["analyzer"][TEXT_ANALYZER]["filter"] == [
        "lowercase",
        "sv_sl_stop",
        "sv_sl_hunspell",
        "sv_sl_folding",
    ]
    assert with_hunspell["filter"]["sv_sl_hunspell"]["locale"] == "sl_SI"


@pytest.mark.parametrize("language", LANGUAGES)
def test_autocomplete_folds_accents_on_both_sides(language):
    analyzers = language_analysis(language)["analyzer"]
    index_side = analyzers[AUTOCOMPLETE_ANALYZER]["filter"]
    query_side = analyzers[AUTOCOMPLETE_SEARCH_ANALYZER]["filter"]
    assert index_side[-3:] == ["lowercase", "asciifolding", "sv_edgengram"]
    assert query_side[-2:] == ["lowercase", "asciifolding"]
    assert index_side[:-1] == query_side  # same normalisation, plus n-grams at index time


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("module", [elasticsearch9, elasticsearch8, opensearch3])
def test_backend_settings_per_language(module, language):
    backend = module.SearchBackend(
        {"URLS": ["http://127.0.0.1:9"], "LANGUAGE": language, "INDEX_PREFIX": f"sv_{language}_"}
    )
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["analyzer"][TEXT_ANALYZER]["filter"] == chain(language)
    assert "edgengram_analyzer" in analysis["analyzer"]  # Wagtail's own analyzers stay
    assert backend.get_index_for_model(StandardPage).name == f"sv_{language}_wagtailcore_page"
    assert backend.language == language


@pytest.mark.parametrize("module", [elasticsearch9, elasticsearch8, opensearch3])
def test_mapping_names_the_language_analyzers_on_every_text_field(module):
    mapping = module.Mapping(StandardPage).get_mapping()["properties"]
    texts = {name: field for name, field in mapping.items() if field.get("type") == "text"}
    assert texts["title"]["analyzer"] == TEXT_ANALYZER
    assert texts["_all_text"]["analyzer"] == TEXT_ANALYZER
    assert texts["home_standardpage__introduction"]["analyzer"] == TEXT_ANALYZER
    assert texts["_edgengrams"]["analyzer"] == AUTOCOMPLETE_ANALYZER
    assert texts["_edgengrams"]["search_analyzer"] == AUTOCOMPLETE_SEARCH_ANALYZER
    assert texts["title_edgengrams"]["search_analyzer"] == AUTOCOMPLETE_SEARCH_ANALYZER
    assert all("analyzer" in field for field in texts.values())
    assert mapping["locale_id_filter"]["type"] in {"integer", "long", "keyword"}


def test_mapping_is_the_same_in_every_language():
    assert opensearch3.Mapping(Page).get_mapping() == opensearch3.Mapping(Page).get_mapping()


def test_client_options_disable_retries_and_set_the_timeout():
    backend = elasticsearch9.SearchBackend(
        {"URLS": ["http://127.0.0.1:9"], "LANGUAGE": "fr", "TIMEOUT": 2}
    )
    assert backend.es._max_retries == 0
    assert backend.es._retry_on_timeout is False
    assert backend.es._request_timeout == 2


def test_clients_are_shared_between_backend_instances():
    params = {"URLS": ["http://127.0.0.1:9"], "LANGUAGE": "sl"}
    assert opensearch3.SearchBackend(dict(params)).es is opensearch3.SearchBackend(dict(params)).es


def test_settings_without_engine_use_the_database_only():
    assert conf.search_backends(LANGUAGES) == {"default": {"BACKEND": conf.DATABASE_BACKEND}}


def test_settings_with_an_engine_add_one_entry_per_language():
    backends = conf.search_backends(
        LANGUAGES, elasticsearch_url="http://es:9200", index_prefix="asv", timeout=3
    )
    assert backends["default"]["BACKEND"] == conf.DATABASE_BACKEND
    assert set(backends) == {"default", *(f"engine_{code}" for code in LANGUAGES)}
    sl = backends["engine_sl"]
    assert sl["BACKEND"] == "smartvillages.search.backends.elasticsearch9"
    assert sl["INDEX_PREFIX"] == "asv_sl_" and sl["LANGUAGE"] == "sl" and sl["TIMEOUT"] == 3
    es8 = conf.search_backends(["fr"], elasticsearch_url="http://es:9200", es_version=8)
    assert es8["engine_fr"]["BACKEND"].endswith("elasticsearch8")
    both = conf.search_backends(["fr"], elasticsearch_url="http://es", opensearch_url="http://os")
    assert both["engine_fr"]["BACKEND"].endswith("opensearch3")
    with pytest.raises(ValueError):
        conf.search_backends(["fr"], elasticsearch_url="http://es", es_version=7)
