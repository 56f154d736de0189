#!/usr/bin/env python
"""Benchmark: the self-assessment's recommendations at 200 and 2,000 practices.

    .venv/bin/python tests/benchmarks/assessment_ranking.py [--sizes 200 2000] [--repeat 30]

Builds a throw-away test database (PostgreSQL with DATABASE_URL, else SQLite), with one
locale, a practice library and the taxonomy, then adds practices with random dimensions,
scales, countries and themes (seeded: the same library each run) up to each size, and times
what a result page asks for its recommendations: the ranking query, the practice cards
(classification, translation state), organisations and glossary terms. It prints, per size,
the median and 95th percentile wall time and the number of SQL queries, which must be the same
at every size: the ranking is one query, not a loop over practices.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartvillages.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402
from django.utils import translation  # noqa: E402

SCORES = {
    "governance": 35,
    "people": 70,
    "living": 55,
    "environment": 80,
    "economy": 60,
    "mobility": 20,
}
CONTEXT = {"scale": "village", "country": "IT", "themes": ["mobility", "health"]}


def build_site():
    from wagtail.models import Locale, Page

    from home.models import HomePage
    from practices.models import PracticeIndexPage, SmartDimension, Theme

    locale, _ = Locale.objects.get_or_create(language_code="fr")
    root = Page.get_first_root_node()
    home = HomePage(title="Accueil", slug="accueil-bench", locale=locale)
    root.add_child(instance=home)
    library = PracticeIndexPage(title="Pratiques", slug="pratiques", locale=locale)
    home.add_child(instance=library)
    for order, code in enumerate(SCORES):
        SmartDimension.objects.get_or_create(
            code=code, locale=locale, defaults={"name": code.title(), "sort_order": order}
        )
    for order, code in enumerate(["mobility", "health", "housing", "tourism", "culture"]):
        Theme.objects.get_or_create(
            code=code, locale=locale, defaults={"name": code.title(), "sort_order": order}
        )
    return library


def add_practices(library, start, stop, rng):
    from practices.models import Country, PracticePage, Scale, SmartDimension, Theme

    dimensions = list(SmartDimension.objects.filter(locale=library.locale))
    themes = list(Theme.objects.filter(locale=library.locale))
    countries = list(Country.objects.all())
    scales = [value for value, _label in Scale.choices]
    for number in range(start, stop):
        page = PracticePage(
            title=f"Pratique {number:05d}",
            slug=f"pratique-{number:05d}",
            introduction="Une pratique de démonstration pour le banc d'essai.",
            scale=rng.choice(scales),
            locale=library.locale,
        )
        library.add_child(instance=page)
        page.dimensions.set(rng.sample(dimensions, rng.randint(1, 3)))
        page.themes.set(rng.sample(themes, rng.randint(0, 2)))
        page.countries.set(rng.sample(countries, 1))
        page.save()


def measure(library, repeat):
    from assessment import recommend

    times, counts = [], []
    for _ in range(repeat + 1):
        with translation.override("fr"), CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            found = recommend.recommend(library.locale, SCORES, **CONTEXT)
            recommend.organisations(found)
            recommend.glossary_terms(found)
            elapsed = time.perf_counter() - started
        times.append(elapsed * 1000)
        counts.append(len(queries))
    # the first run fills the taxonomy labels' cache
    times, counts = times[1:], set(counts[1:])
    return statistics.median(times), sorted(times)[int(0.95 * (len(times) - 1))], counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    try:
        rng = random.Random(2026)
        library = build_site()
        print(f"database: {connection.vendor}")
        print(f"{'practices':>10} {'build s':>8} {'p50 ms':>8} {'p95 ms':>8} {'SQL':>5}")
        created = 0
        for size in sorted(args.sizes):
            started = time.perf_counter()
            add_practices(library, created, size, rng)
            built = time.perf_counter() - started
            created = size
            p50, p95, counts = measure(library, args.repeat)
            sql = "/".join(str(count) for count in sorted(counts))
            print(f"{size:>10} {built:>8.1f} {p50:>8.1f} {p95:>8.1f} {sql:>5}")
    finally:
        teardown_databases(config, verbosity=0)


if __name__ == "__main__":
    main()
