#!/usr/bin/env python
"""Hostile input on every public route, the whole corpus (issue 19): ``make fuzz``.

    .venv/bin/python tests/benchmarks/fuzz.py [--database-url URL] [--language fr ...]
                                              [--kind SUBSTRING ...] [--per-language]

Sends every input of tests/hostile.py's corpus (quotes, operators, NUL, invalid
percent-encoding, 10,000 characters, RTL and combining marks, SQL and template fragments, huge
and negative numbers...) to every parameter and path segment of every public route, the API
and one page of every page type with its sub-routes, in every language, with Django's test
client (anonymous, test settings). The tests run a fixed subset of it
(tests/test_hostile_input.py).

The database: ``--database-url`` (or FUZZ_DATABASE_URL), a PostgreSQL database with the demo
content (copy one, e.g. ``createdb -T test_base fuzz``: the requests may write sessions),
otherwise a throw-away SQLite database in var/fuzz/, built once (migrate, load_demo).

Prints, per route, the inputs and requests tried, the answers by class and the failures (5xx,
unescaped echo of ``<``, HTML or broken JSON from a JSON route) and errors logged without a
failure; then the failures with their tracebacks. Exits 1 on any failure.
"""

import argparse
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FUZZ_DIR = ROOT / "var" / "fuzz"


def setup(database_url):
    os.environ["DJANGO_SETTINGS_MODULE"] = "smartvillages.settings.test"
    os.environ["DATABASE_URL"] = database_url or ""
    if not database_url:
        os.environ["VAR_DIR"] = str(FUZZ_DIR)
        FUZZ_DIR.mkdir(parents=True, exist_ok=True)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.signals import request_finished
    from django.db import close_old_connections

    # One connection for the whole run (the test settings close it after each request).
    request_finished.disconnect(close_old_connections)
    call_command("migrate", "--noinput", verbosity=0)
    from home.models import HomePage

    if not HomePage.objects.exists():
        print("Loading the demo content (once)...", file=sys.stderr)
        call_command("load_demo", verbosity=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("FUZZ_DATABASE_URL", ""))
    parser.add_argument("--language", action="append", help="only these languages")
    parser.add_argument("--kind", action="append", help="only routes whose kind contains this")
    parser.add_argument(
        "--ci", action="store_true", help="only what the tests send (their inputs, rotated)"
    )
    parser.add_argument("--per-language", action="store_true", help="one row per language")
    options = parser.parse_args()
    setup(options.database_url)

    from tests import hostile

    started = time.monotonic()
    targets = hostile.discover()
    if options.language:
        targets = [t for t in targets if t.language in (*options.language, None)]
    if options.kind:
        targets = [t for t in targets if any(k in t.kind for k in options.kind)]
    payloads = [p for p in hostile.CORPUS if p.ci or not options.ci]
    plan_size = len(hostile.probes(targets, payloads, rotate=options.ci))
    print(
        f"{len({t.kind for t in targets})} routes, {len(targets)} with their languages, "
        f"{len(payloads)} inputs, {plan_size} requests "
        f"(discovery {time.monotonic() - started:.0f} s)",
        file=sys.stderr,
    )

    def progress(done, total):
        elapsed = time.monotonic() - started
        print(f"  {done}/{total} requests, {elapsed:.0f} s", file=sys.stderr, flush=True)

    def on_failure(outcome):
        print(f"  FAILURE {outcome.problem}: {outcome.probe} -> {outcome.status}", file=sys.stderr)

    tallies = hostile.run(targets, payloads, progress, rotate=options.ci, on_failure=on_failure)
    elapsed = time.monotonic() - started
    report(targets, payloads, tallies, options.per_language)
    failures = [o for t in tallies.values() for o in t.failures if o.problem]
    logged = [o for t in tallies.values() for o in t.failures if not o.problem]
    if failures:
        print("\nFAILURES\n" + hostile.failures_report(tallies, limit=200))
    if logged:
        print(f"\nERRORS LOGGED without a failure ({len(logged)}), the first ones:")
        for outcome in logged[:20]:
            print(f"{outcome.probe} -> {outcome.status}\n    {outcome.detail[:800]}")
    print(f"\n{elapsed:.0f} s in all.")
    return 1 if failures else 0


def report(targets, payloads, tallies, per_language):
    rows = defaultdict(lambda: {"languages": set(), "params": set(), "segments": set()})
    counts = defaultdict(Counter)
    for target in targets:
        key = (target.kind, target.language) if per_language else (target.kind, None)
        row = rows[key]
        row["languages"].add(target.language or "-")
        row["params"].update(target.params)
        row["segments"].update(target.segments)
        row["others"] = len(target.others)
        tally = tallies.get((target.kind, target.language))
        if tally is None:
            continue
        counts[key]["tried"] += tally.tried
        for status, n in tally.statuses.items():
            counts[key][f"{status // 100}xx"] += n
        for outcome in tally.failures:
            problem = outcome.problem or "logged"
            bucket = "5xx!" if problem == "5xx" else problem.split(" ")[0]
            counts[key][bucket] += 1
    header = (
        f"{'route':<64} {'lang':<14} {'params':>6} {'segs':>4} {'inputs':>6} {'requests':>8} "
        f"{'2xx':>6} {'3xx':>6} {'4xx':>6} {'5xx!':>5} {'echo':>5} {'json':>5} {'logged':>6}"
    )
    print(header)
    print("-" * len(header))
    total = Counter()
    for key in sorted(rows, key=str):
        row, count = rows[key], counts[key]
        json_problems = count["HTML"] + count["invalid"]
        languages = ",".join(sorted(row["languages"]))
        print(
            f"{key[0][:64]:<64} {languages[:14]:<14} {len(row['params']):>6} "
            f"{len(row['segments']):>4} {len(payloads):>6} {count['tried']:>8} "
            f"{count['2xx']:>6} {count['3xx']:>6} {count['4xx']:>6} {count['5xx!']:>5} "
            f"{count['echo']:>5} {json_problems:>5} {count['logged']:>6}"
        )
        total.update(count)
        total["json"] += json_problems
    print("-" * len(header))
    print(
        f"{'TOTAL ' + str(len(rows)) + ' routes':<64} {'':<14} {'':>6} {'':>4} "
        f"{len(payloads):>6} {total['tried']:>8} {total['2xx']:>6} {total['3xx']:>6} "
        f"{total['4xx']:>6} {total['5xx!']:>5} {total['echo']:>5} {total['json']:>5} "
        f"{total['logged']:>6}"
    )


if __name__ == "__main__":
    sys.exit(main())
