#!/usr/bin/env python
"""The task queue measured (issue 21, item 5): worker throughput for search engine writes, and
the delay from publishing a page to finding it in the engine.

    .venv/bin/python tests/benchmarks/task_queue.py [--tasks 2000] [--publishes 40] [--reuse]

On PostgreSQL (database ``loadtest`` on 127.0.0.1:5432, user postgres, with the demo: built
by this script or by tests/benchmarks/loadtest.py, reused with --reuse) with its own
osmem-server (the OpenSearch emulator of the test suite), production settings,
TASKS_BACKEND=database and SEARCH_WRITE_DELAY=0 (the configured delay, 10 s by default, adds
to the publish-to-searchable figures: it is the time saves are coalesced).

1. Throughput: enqueues --tasks ``sync_index_entry`` tasks (existing pages, every language
   entry), then runs 1, then 2 ``manage.py db_worker --batch`` processes until the queue is
   empty, and prints tasks/s.
2. Publish to searchable: with one worker running (``db_worker --interval 0.1``), publishes
   --publishes pages, one at a time, each with a word of its own, and polls the engine until a
   search for that word finds it; prints p50/p95/max of the delay, and the time the publish
   itself took (the editor's request).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import loadtest  # noqa: E402
import serve_and_measure as bench  # noqa: E402

ROOT = bench.ROOT
PYTHON = bench.PYTHON


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def worker(env, *args):
    return subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--no-startup-delay", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(loadtest.WORK_DIR / "worker.log", "a"),  # noqa: SIM115
    )


def throughput(env, count: int) -> list[tuple[int, int, float]]:
    from django.apps import apps
    from django.conf import settings
    from django_tasks_db.models import DBTaskResult
    from wagtail.models import Page

    from smartvillages.search.tasks import sync_index_entry

    aliases = [name for name in settings.WAGTAILSEARCH_BACKENDS if name.startswith("engine_")]
    pages = list(
        Page.objects.filter(depth__gt=1).values_list(
            "pk", "content_type__app_label", "content_type__model"
        )
    )
    rows = []
    for processes in (1, 2):
        DBTaskResult.objects.all().delete()
        enqueued = 0
        for pk, app_label, model in pages * (count // (len(pages) * len(aliases)) + 1):
            for alias in aliases:
                if enqueued == count:
                    break
                label = apps.get_model(app_label, model)._meta.label
                sync_index_entry.enqueue(alias, label, str(pk))
                enqueued += 1
        started = time.monotonic()
        workers = [worker(env, "--batch", "--interval", "0") for _ in range(processes)]
        for process in workers:
            process.wait()
        elapsed = time.monotonic() - started
        done = DBTaskResult.objects.filter(status="SUCCESSFUL").count()
        failed = DBTaskResult.objects.filter(status="FAILED").count()
        if failed:
            print(f"  {failed} task(s) failed: see {loadtest.WORK_DIR / 'worker.log'}")
        rows.append((processes, done, elapsed))
    return rows


def publish_to_searchable(env, count: int):
    from django.utils import translation
    from wagtail.models import Locale
    from wagtail.search.backends import get_search_backend

    from home.models import HomePage, StandardPage

    process = worker(env, "--interval", "0.1")
    delays, publishes = [], []
    languages = ["fr", "en", "it", "de", "sl"]
    try:
        for n in range(count):
            code = languages[n % len(languages)]
            word = "zq" + uuid.uuid4().hex[:10]
            home = HomePage.objects.get(locale__language_code=code, depth=2)
            page = StandardPage(
                title=f"Bench {word}",
                slug=f"bench-{word}",
                introduction=f"{word} queue benchmark",
                locale=Locale.objects.get(language_code=code),
            )
            started = time.monotonic()
            home.add_child(instance=page)
            page.save_revision().publish()
            published = time.monotonic()
            publishes.append(published - started)
            engine = get_search_backend(f"engine_{code}")
            index = engine.get_index_for_model(StandardPage).name
            while True:
                engine.es.indices.refresh(index=index)
                with translation.override(code):
                    found = list(engine.search(word, StandardPage.objects.filter(pk=page.pk)))
                if found:
                    delays.append(time.monotonic() - published)
                    break
                if time.monotonic() - published > 60:
                    raise SystemExit(f"page {page.pk} not searchable after 60 s")
                time.sleep(0.02)
            page.delete()
    finally:
        process.terminate()
        process.wait(timeout=30)
    return delays, publishes


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--publishes", type=int, default=40)
    parser.add_argument("--database", default="loadtest")
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    loadtest.WORK_DIR.mkdir(parents=True, exist_ok=True)
    engine = loadtest.Engine(bench.free_port())
    env = loadtest.environment(args.database, None, engine.port)
    env.update({"TASKS_BACKEND": "database", "SEARCH_WRITE_DELAY": "0", "LOG_LEVEL": "WARNING"})
    loadtest.prepare(args, {**env, "OPENSEARCH_URL": ""})
    engine.start()
    try:
        print("indexing the demo into the engine...", flush=True)
        loadtest.reindex(env)
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.all().delete()
        print(f"\nWorker throughput, search engine writes ({args.tasks} tasks):")
        print("| workers | tasks | seconds | tasks/s |\n| --- | --- | --- | --- |")
        for processes, done, elapsed in throughput(env, args.tasks):
            print(f"| {processes} | {done} | {elapsed:.1f} | {done / elapsed:.0f} |")

        DBTaskResult.objects.all().delete()
        delays, publishes = publish_to_searchable(env, args.publishes)
        print(f"\nPublish to searchable, one worker, SEARCH_WRITE_DELAY=0 ({len(delays)} pages):")
        print("| measure | p50 ms | p95 ms | max ms |\n| --- | --- | --- | --- |")
        for name, values in (
            ("publish (editor's request)", publishes),
            ("publish → searchable", delays),
        ):
            print(
                f"| {name} | {statistics.median(values) * 1000:.0f} | "
                f"{percentile(values, 95) * 1000:.0f} | {max(values) * 1000:.0f} |"
            )
        DBTaskResult.objects.all().delete()
    finally:
        engine.stop()


if __name__ == "__main__":
    main()
