#!/usr/bin/env python
"""Benchmark: what the glossary linker costs per page.

    .venv/bin/python tests/benchmarks/glossary_linker.py [--repeat 200]

No database and no server: the matchers are built from the demo glossary (glossary/demo/terms,
every form of every term, in each language, as the site builds them), and the pages are the
demo practices (practices/demo/practices, every text section as rich text, French) and, for
the other languages, pages made of glossary explanations (five per page). Each page is linked
``--repeat`` times with a fresh per-page state, as a request would; the script prints, per set
of pages, the median and the worst page (median of its runs), the page size and the number of
links, then the time to build a matcher (done once per locale until the glossary changes).

Measured in CPU time (time.process_time: the cost of the work itself, unaffected by other
processes on a shared machine), after one warm-up run. What a page render adds is this plus
one cache read (the matcher's version) per page.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartvillages.settings.test")

import django  # noqa: E402

django.setup()

import yaml  # noqa: E402

from glossary import demo_loader  # noqa: E402
from glossary.linker import Entry, LinkState, Matcher, link_terms  # noqa: E402
from glossary.models import linked_forms  # noqa: E402
from smartvillages.core.demo import text_to_html  # noqa: E402

TARGET_MS = 2.0
PRACTICES_DIR = ROOT / "practices" / "demo" / "practices"


def matcher_forms(language):
    forms = []
    for record in demo_loader.load_terms():
        fields = demo_loader.term_fields(record, language)
        entry = Entry(
            key=record["slug"],
            page_id=0,
            url=f"/{language}/glossaire/{record['slug']}/",
            title=fields["title"],
            definition=fields["short_definition"],
        )
        forms.extend(
            (form, entry)
            for form in linked_forms(fields["title"], fields["acronym"], fields["variants"])
        )
    return forms


def practice_pages():
    """Each demo practice as its page shows it: every text section as rich text."""
    pages = []
    for path in sorted(PRACTICES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        parts = []
        for name, value in data.items():
            if isinstance(value, str) and (len(value) > 120 or "\n" in value):
                parts.append(f"<h2>{name}</h2>" + text_to_html(value))
        if parts:
            pages.append((path.stem, "".join(parts)))
    return pages


def explanation_pages(language):
    records = demo_loader.load_terms()
    texts = [text_to_html(record[language]["explanation"]) for record in records]
    return [
        (f"{language}-{index // 5}", "".join(texts[index : index + 5]))
        for index in range(0, len(texts), 5)
    ]


def measure(pages, matcher, repeat):
    results = []
    for name, html in pages:
        link_terms(html, matcher, LinkState())  # warm-up
        runs = []
        for _ in range(repeat):
            start = time.process_time()
            output = link_terms(html, matcher, LinkState())
            runs.append(time.process_time() - start)
        links = output.count('class="glossary-link"')
        results.append((statistics.median(runs) * 1000, name, len(html), links))
    return results


def report(label, results):
    times = [ms for ms, *_rest in results]
    worst = max(results)
    sizes = [size for _ms, _name, size, _links in results]
    links = [count for *_rest, count in results]
    print(
        f"{label:<28} {len(results):>5} {statistics.median(times):>9.3f} {worst[0]:>9.3f} "
        f"{statistics.mean(sizes) / 1024:>8.1f} {max(sizes) / 1024:>8.1f} "
        f"{statistics.mean(links):>6.1f}   worst: {worst[1]}"
    )
    return worst[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=200, help="runs per page (default 200)")
    args = parser.parse_args()

    print(
        f"{'pages':<28} {'count':>5} {'median ms':>9} {'worst ms':>9} {'mean KB':>8} "
        f"{'max KB':>8} {'links':>6}"
    )
    worst = 0.0
    build_times = {}
    for language in demo_loader.LANGUAGES:
        forms = matcher_forms(language)
        start = time.process_time()
        matcher = Matcher(forms)
        build_times[language] = ((time.process_time() - start) * 1000, len(matcher))
        if language == demo_loader.SOURCE_LANGUAGE and PRACTICES_DIR.exists():
            pages = practice_pages()
            worst = max(worst, report("practices (fr)", measure(pages, matcher, args.repeat)))
            every = [("all practices in one page", "".join(html for _name, html in pages))]
            report(
                "all practices, one page (fr)", measure(every, matcher, max(args.repeat // 20, 5))
            )
        pages = explanation_pages(language)
        worst = max(
            worst, report(f"explanations ({language})", measure(pages, matcher, args.repeat))
        )
    print()
    for language, (ms, forms) in build_times.items():
        print(f"matcher build ({language}): {ms:.1f} ms for {forms} forms (once per locale)")
    verdict = "OK" if worst < TARGET_MS else "OVER TARGET"
    print(f"\nworst page: {worst:.3f} ms (target < {TARGET_MS} ms per page): {verdict}")


if __name__ == "__main__":
    main()
