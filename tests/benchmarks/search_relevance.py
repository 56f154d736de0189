#!/usr/bin/env python
"""Relevance check: run a set of queries per language and print what ranks where.

    # against a real Elasticsearch (docs/search.md: docker compose), after `update_index`:
    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python tests/benchmarks/search_relevance.py
    # or against the database backend of the current database (no engine configured):
    .venv/bin/python tests/benchmarks/search_relevance.py [--top 5] [--repeat 5]

For each language and query: the backend that answered (engine or database), the number of
matches, the top results with their rank, the rank of the expected page (a title fragment;
"-" when it is not in the results) and the median time of the search service (query +
facets + page load, without HTTP). Ends with, per language, the share of queries whose
expected page is in the top 3 and the median time. Reads the site's own database: load the
demo first (`manage.py load_demo`), and with an engine, run `manage.py update_index`.

The emulator used by the tests (osmem-server) does not score like Lucene: run this against a
real Elasticsearch or OpenSearch to judge relevance.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: language -> [(query, fragment of the title expected near the top)]. Queries are typed as a
#: visitor would: plural/inflected forms, missing accents, elided articles.
QUERIES = {
    "fr": [
        ("villages intelligents", "Smart Villages"),
        ("l'économie", "Alpine Smart Villages"),
        ("mentions legales", "Mentions légales"),
        ("confidentialité des données", "Confidentialité"),
        ("appel à manifestation", "pilote"),
        ("tiers-lieux", ""),
        ("mobilités", ""),
        ("saisonniers", ""),
    ],
    "en": [
        ("smart villages", "Smart Villages"),
        ("villages", "Alpine Smart Villages"),
        ("legal notice", "Legal notice"),
        ("privacy policy", "Privacy"),
        ("third places", ""),
        ("mobility", ""),
    ],
    "it": [
        ("villaggi intelligenti", "Smart Villages"),
        ("dell'economia", ""),
        ("note legali", ""),
        ("mobilità", ""),
    ],
    "de": [
        ("intelligente Dörfer", "Smart Villages"),
        ("Dorf", ""),
        ("Datenschutz", ""),
        ("Mobilität", ""),
    ],
    "sl": [
        ("pametne vasi", "Smart Villages"),
        ("vas", ""),
        ("zasebnost", ""),
        ("mobilnost", ""),
        ("zivljenje", ""),  # typed without háček
    ],
}


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartvillages.settings.dev")
    import django

    django.setup()


def run(top: int, repeat: int):
    from django.conf import settings
    from django.test import RequestFactory
    from django.utils import translation

    from smartvillages.search import service
    from smartvillages.search.conf import engine_backend_name

    factory = RequestFactory()
    summary = []
    for language, queries in QUERIES.items():
        engine = engine_backend_name(language) in settings.WAGTAILSEARCH_BACKENDS
        hits_top3 = 0
        expected_count = 0
        timings = []
        print(f"\n== {language} ({'engine' if engine else 'database'}) ==")
        with translation.override(language):
            for query, expected in queries:
                request = factory.get(f"/{language}/search/", {"q": query})
                request.LANGUAGE_CODE = language
                durations = []
                outcome = None
                for _ in range(repeat):
                    started = time.perf_counter()
                    outcome = service.search(request, query, request.GET, 1)
                    durations.append((time.perf_counter() - started) * 1000)
                median = statistics.median(durations)
                timings.append(median)
                titles = [result.page.title for result in outcome.results]
                rank = "-"
                if expected:
                    expected_count += 1
                    for position, title in enumerate(titles, start=1):
                        if expected.casefold() in title.casefold():
                            rank = position
                            break
                    if isinstance(rank, int) and rank <= 3:
                        hits_top3 += 1
                answered = (
                    "database (fallback)"
                    if outcome.fell_back
                    else ("engine" if engine else "database")
                )
                print(
                    f"  {query!r}: {outcome.total} matches, expected {expected!r} at {rank}, "
                    f"{median:.1f} ms, {answered}"
                )
                for position, title in enumerate(titles[:top], start=1):
                    print(f"      {position}. {title}")
        share = f"{hits_top3}/{expected_count}" if expected_count else "n/a"
        summary.append((language, share, statistics.median(timings)))
    print("\nlanguage  expected-in-top-3  median-ms")
    for language, share, median in summary:
        print(f"{language:<9} {share:<18} {median:.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--top", type=int, default=5, help="results shown per query")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query")
    args = parser.parse_args()
    setup_django()
    run(args.top, args.repeat)


if __name__ == "__main__":
    main()
