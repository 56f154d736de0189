#!/usr/bin/env python
"""Faults under load (issue 19, item 7): mixed public traffic while an editor publishes, Redis
restarts and the search engine goes away.

    .venv/bin/python tests/benchmarks/loadtest.py [--duration 60] [--connections 10,50] [--reuse]

Builds (or, with --reuse, reuses) a PostgreSQL database ``loadtest`` on DATABASE_HOST
(127.0.0.1:5432, user postgres) with the demo content, collects static files into
var/loadtest/, and starts its own services on free ports of 127.0.0.1: a redis-server
(``--save '' --appendonly no``, never the machine's Redis on 6379), an osmem-server (the
in-memory OpenSearch emulator of the test suite) indexed with ``update_index``, and gunicorn
(2 workers, production settings) with REDIS_URL and OPENSEARCH_URL pointing at them.

For each connection count (one thread per connection, http.client, closed loop):
- readers request a mix of public routes in the five locales (home, listings with filters,
  practices, events, glossary, search and suggestions);
- an editor (a separate Django process with the same DATABASE_URL/REDIS_URL/OPENSEARCH_URL)
  changes a practice's title and publishes it every 2 s (``save_revision().publish()``),
  alternately the French page and its translation in another locale; after each publish
  returns, the page (and its locale's listing, when the practice is on the listing's first
  page) is fetched anonymously and counted stale if the new title is not shown;
- faults: Redis is killed at 25 % of the run and started again 3 s later on the same port
  (empty: it keeps nothing); the search engine is stopped at 55 % for ~10 s, started again on
  the same port (empty) and re-indexed with ``update_index``, as an operator would.

Prints per connection count: requests/s, p50/p95/p99 latency, 5xx, other non-2xx, transport
errors, publishes, stale pages, and the faults with their times; then where the 5xx came from
(time window, paths, the server log's exceptions: var/loadtest/gunicorn.log). Exits 1 on any
5xx, transport error, failed publish or stale page. Targets (issue 19): no 5xx, no stale page,
p95 < 300 ms at 10 connections (reported, not enforced: figures depend on the machine).
"""

from __future__ import annotations

import argparse
import html
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import serve_and_measure as bench

ROOT = bench.ROOT
PYTHON = bench.PYTHON
WORK_DIR = ROOT / "var" / "loadtest"
LOCALES = ["fr", "en", "it", "de", "sl"]
PUBLISH_EVERY = 2.0  # seconds between the editor's publishes
REDIS_DOWN = 3.0  # seconds Redis stays down
ENGINE_DOWN = 10.0  # seconds the search engine stays down (at most a fifth of a run)
REQUEST_TIMEOUT = 30

# Per locale: listing, practice, event index, event, glossary index, term, searches.
_SLUGS = {
    "fr": ("pratiques", "evenements", "glossaire", "anct", "saisonniers", "tiers-lieux", "sai"),
    "en": ("practices", "events", "glossary", "anct", "seasonal workers", "third places", "sea"),
    "it": ("pratiche", "eventi", "glossario", "anct", "lavoratori stagionali", "servizi", "sta"),
    "de": ("praktiken", "veranstaltungen", "glossar", "anct", "Saisonarbeit", "Dienste", "sai"),
    "sl": ("prakse", "dogodki", "slovar-pojmov", "anct", "sezonski delavci", "storitve", "pam"),
}
_ABOUT = {"fr": "a-propos", "en": "about", "it": "chi-siamo", "de": "ueber-uns", "sl": "o-nas"}


def routes() -> list[str]:
    """The readers' mix: 17 routes per locale, five locales."""
    quote = urllib.request.quote
    paths = []
    for code, (practices, events, glossary, term, q1, q2, prefix) in _SLUGS.items():
        paths += [
            f"/{code}/",
            f"/{code}/{_ABOUT[code]}/",
            f"/{code}/{practices}/",
            f"/{code}/{practices}/?dimension=living&country=FR",
            f"/{code}/{practices}/?theme=seasonal-work",
            f"/{code}/{practices}/?target_group=youth&status=finished&page=1",
            f"/{code}/{practices}/acoumpagna/",
            f"/{code}/{practices}/esprit-saison/",
            f"/{code}/{events}/",
            f"/{code}/{events}/grenoble-2020-smart-villages/",
            f"/{code}/{glossary}/",
            f"/{code}/{glossary}/{term}/",
            f"/{code}/search/?q={quote(q1)}",
            f"/{code}/search/?q={quote(q2)}",
            f"/{code}/search/?q={quote(q1)}&type=practices.practicepage",
            f"/{code}/search/suggest/?q={prefix}",
            f"/{code}/contributors/la-traverse/",
        ]
    return paths


# ---------------------------------------------------------------------------------- services


def wait_for_port(port, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


class Redis:
    """Our own redis-server, restartable on the same port; keeps nothing on disk."""

    def __init__(self, port):
        self.port = port
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL,
            cwd=WORK_DIR,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class Engine:
    """Our own osmem-server (OpenSearch emulator), restartable on the same port; in memory, so
    a restart loses the indexes (they are rebuilt with update_index)."""

    def __init__(self, port):
        self.port = port
        self.server = None

    def start(self):
        """Like OsmemServer.start, with the emulator's warnings sent to engine.log."""
        from osmem_server import resolve_binary

        with open(WORK_DIR / "engine.log", "a") as log:
            process = subprocess.Popen(
                [resolve_binary(), "--parent-pid", str(os.getpid()), "--no-ja"]
                + ["--addr", f"127.0.0.1:{self.port}"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
            )
        ready = process.stdout.readline()  # a JSON line with the URL once it listens
        if "url" not in ready:
            process.kill()
            raise RuntimeError(f"osmem-server did not start on port {self.port}: {ready!r}")
        self.server = process

    def stop(self):
        if self.server is not None:
            self.server.stdin.close()  # it exits when its stdin closes
            try:
                self.server.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()
            self.server = None


def psql(sql, database="postgres"):
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-Atc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def database_ready(name) -> bool:
    """The database exists and has the demo's practices."""
    # the name is checked by identifier() in main: [a-z_][a-z0-9_]*
    if psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") != "1":  # noqa: S608
        return False
    try:
        count = psql("SELECT count(*) FROM practices_practicepage", database=name)
    except subprocess.CalledProcessError:
        return False
    return int(count or 0) > 0


def environment(database, redis_port=None, engine_port=None):
    env = bench.environment()
    env.update(
        {
            "VAR_DIR": str(WORK_DIR),
            "STATIC_ROOT": str(WORK_DIR / "static"),
            "MEDIA_ROOT": str(WORK_DIR / "media"),
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0" if redis_port else "",
            "OPENSEARCH_URL": f"http://127.0.0.1:{engine_port}" if engine_port else "",
            "ELASTICSEARCH_URL": "",
            "SEARCH_INDEX_PREFIX": "loadtest",
            "API_RATE": "1000000/m",
        }
    )
    return env


def prepare(args, env):
    """The database (created unless --reuse finds it loaded) and static files."""
    if args.reuse and database_ready(args.database):
        print(f"reusing database {args.database}", flush=True)
        bench.manage(env, "migrate", "--noinput", "--verbosity", "0")
    else:
        print(f"creating database {args.database} with the demo (minutes)...", flush=True)
        psql(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        psql(f'CREATE DATABASE "{args.database}"')
        quiet = {**env, "REDIS_URL": "", "OPENSEARCH_URL": ""}
        bench.manage(quiet, "migrate", "--noinput", "--verbosity", "0")
        bench.manage(quiet, "load_demo", "--verbosity", "0")
    bench.manage(env, "collectstatic", "--noinput", "--verbosity", "0")


REINDEX = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
for name in settings.WAGTAILSEARCH_BACKENDS:
    if name.startswith("engine_"):
        call_command("update_index", backend_name=name, verbosity=0)
"""


def reindex(env):
    """Rebuild the engine's indexes (one per language) from the database."""
    subprocess.run(
        [PYTHON, "-c", REINDEX],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=open(WORK_DIR / "reindex.log", "a"),  # noqa: SIM115
    )


# ------------------------------------------------------------------------------------ editor

EDITOR = r"""
import json, re, sys, time, traceback
import django
django.setup()
from django.db import close_old_connections
from practices.models import PracticePage

MARK = re.compile(r" LT\d+$")
out = lambda obj: print(json.dumps(obj), flush=True)
live = PracticePage.objects.live().filter(locale__language_code="fr", alias_of=None)
by_slug = {page.slug: page for page in live.filter(slug__in=sys.argv[1:])}
source = next((by_slug[s] for s in sys.argv[1:] if s in by_slug), None)
source = source or live.order_by("path").first()
pages = {"fr": source}
for page in source.get_translations().live().filter(alias_of=None).specific():
    pages[page.locale.language_code] = page
out({code: {"pk": p.pk, "path": p.get_url_parts()[2], "title": MARK.sub("", p.title)}
     for code, p in pages.items()})
for line in sys.stdin:
    command = json.loads(line)
    close_old_connections()
    started = time.monotonic()
    try:
        page = PracticePage.objects.get(pk=command["pk"])
        old = page.title
        page.title = command["title"]
        page.save_revision().publish()
        out({"ok": True, "old": old, "seconds": time.monotonic() - started})
    except Exception as error:
        traceback.print_exc()
        sys.stderr.flush()
        out({"ok": False, "error": f"{type(error).__name__}: {error}"[:300],
             "seconds": time.monotonic() - started})
"""

MARK = re.compile(r" LT\d+$")


class Editor:
    """A Django process that publishes title changes on request (one JSON line each)."""

    def __init__(self, env, slugs):
        self.log = open(WORK_DIR / "editor.log", "a")  # noqa: SIM115
        self.process = subprocess.Popen(
            [PYTHON, "-c", EDITOR, *slugs],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        self.pages = json.loads(self.process.stdout.readline())

    def publish(self, code, title) -> dict:
        command = {"pk": self.pages[code]["pk"], "title": title}
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            return {"ok": False, "error": "editor process died", "seconds": 0}
        return json.loads(line)

    def restore(self):
        for code, page in self.pages.items():
            self.publish(code, page["title"])

    def close(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def normalise(text: str) -> str:
    text = html.unescape(text)
    for char in "\u00a0\u202f\u2009":
        text = text.replace(char, " ")
    return text.replace("\u2019", "'")


# -------------------------------------------------------------------------------------- runs


class Run:
    def __init__(self, base_port, connections, duration):
        self.port = base_port
        self.connections = connections
        self.duration = duration
        self.records = []  # (t, path, status, ms); status 0: transport error
        self.errors = Counter()
        self.faults = []  # (t, text)
        self.publishes = []  # (t, locale, result)
        self.stale = []  # (t, path, detail)
        self.lock = threading.Lock()
        self.start = 0.0
        self.stop = threading.Event()

    def now(self):
        return time.monotonic() - self.start

    def fault(self, text):
        with self.lock:
            self.faults.append((self.now(), text))

    def get(self, conn, path):
        conn.request("GET", path, headers={"Host": "127.0.0.1", "User-Agent": "loadtest"})
        response = conn.getresponse()
        return response.status, response.read()

    def reader(self, index, paths):
        rng = random.Random(index)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        records = []
        while not self.stop.is_set():
            path = rng.choice(paths)
            began = time.monotonic()
            try:
                status, _body = self.get(conn, path)
            except (OSError, http.client.HTTPException) as error:
                status = 0
                with self.lock:
                    self.errors[type(error).__name__] += 1
                conn.close()
            records.append((began - self.start, path, status, (time.monotonic() - began) * 1000))
        conn.close()
        with self.lock:
            self.records.extend(records)

    def check(self, path, new_mark, old_mark):
        """Fetch a page as a reader; stale unless it shows the new title and not the old."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        began = time.monotonic()
        try:
            status, body = self.get(conn, path)
        except (OSError, http.client.HTTPException) as error:
            status, body = 0, b""
            with self.lock:
                self.errors[type(error).__name__] += 1
        finally:
            conn.close()
        with self.lock:
            self.records.append(
                (began - self.start, "[check] " + path, status, (time.monotonic() - began) * 1000)
            )
        if status != 200:  # counted with the 5xx (or errors), not as stale: nothing to compare
            return
        text = normalise(body.decode("utf-8", "replace"))
        if new_mark not in text:
            detail = "old title shown" if old_mark and old_mark in text else "new title missing"
        elif old_mark and old_mark in text:
            detail = "old and new titles shown"
        else:
            return
        with self.lock:
            self.stale.append((self.now(), path, detail))

    def editor(self, editor, listings):
        others = [code for code in LOCALES[1:] if code in editor.pages]
        order = [c for other in others for c in ("fr", other)] or ["fr"]
        current = {code: None for code in editor.pages}  # the marker each page shows now
        n = 0
        next_at = time.monotonic() + 1
        while not self.stop.is_set():
            delay = next_at - time.monotonic()
            if delay > 0 and self.stop.wait(delay):
                break
            next_at += PUBLISH_EVERY
            code = order[n % len(order)]
            n += 1
            mark = f"LT{self.connections:03d}{n:04d}"
            page = editor.pages[code]
            started = self.now()
            result = editor.publish(code, f"{page['title']} {mark}")
            with self.lock:
                self.publishes.append((started, code, result))
            if not result["ok"]:
                continue
            old = current[code]
            current[code] = mark
            self.check(page["path"], mark, old)
            if code in listings:
                self.check(listings[code], mark, old)

    def faults_script(self, redis, engine, env):
        d = self.duration
        plan = [
            (0.25 * d, "redis"),
            (0.55 * d, "engine"),
        ]
        for at, what in plan:
            if self.stop.wait(max(0, at - self.now())):
                return
            if what == "redis":
                redis.kill()
                self.fault(f"Redis killed (port {redis.port})")
                time.sleep(REDIS_DOWN)
                redis.start()
                self.fault("Redis started again, empty")
            else:
                engine.stop()
                self.fault(f"search engine stopped (port {engine.port})")
                time.sleep(min(ENGINE_DOWN, d / 5))
                engine.start()
                self.fault("search engine started again, empty")
                began = time.monotonic()
                try:
                    reindex(env)
                    self.fault(f"search indexes rebuilt ({time.monotonic() - began:.1f} s)")
                except subprocess.CalledProcessError as error:
                    self.fault(f"update_index failed ({error.returncode}): see reindex.log")

    def execute(self, paths, editor, listings, redis, engine, env):
        self.start = time.monotonic()
        threads = [
            threading.Thread(target=self.reader, args=(i, paths), daemon=True)
            for i in range(self.connections)
        ]
        threads.append(threading.Thread(target=self.editor, args=(editor, listings), daemon=True))
        faults = threading.Thread(target=self.faults_script, args=(redis, engine, env))
        for thread in threads:
            thread.start()
        faults.start()
        self.stop.wait(self.duration)
        self.stop.set()
        for thread in threads:
            thread.join(REQUEST_TIMEOUT + 60)
        faults.join()  # a fault in progress ends (services back) before the next run
        self.elapsed = self.now()


def percentile(values, q):
    if not values:
        return float("nan")
    return values[min(len(values) - 1, max(0, round(q * len(values)) - 1))]


def summary(run: Run) -> dict:
    load = [r for r in run.records if not r[1].startswith("[check]")]
    latencies = sorted(r[3] for r in load if r[2])
    inside = [r for r in load if r[0] <= run.duration]
    return {
        "connections": run.connections,
        "requests": len(load),
        "rps": len(inside) / run.duration,
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
        "5xx": sum(1 for r in run.records if r[2] >= 500),
        "429": sum(1 for r in run.records if r[2] == 429),
        "other": sum(
            1
            for r in run.records
            if r[2] and not 200 <= r[2] < 300 and r[2] not in (429,) and r[2] < 500
        ),
        "errors": sum(1 for r in run.records if r[2] == 0),
        "publishes": len(run.publishes),
        "failed": sum(1 for p in run.publishes if not p[2]["ok"]),
        "stale": len(run.stale),
    }


HEADER = (
    f"{'conns':>5}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
    f"{'5xx':>6}{'429':>5}{'other':>6}{'errors':>7}{'publ.':>6}{'failed':>7}{'stale':>6}"
)


def row(s):
    return (
        f"{s['connections']:>5}{s['requests']:>9}{s['rps']:>8.1f}{s['p50']:>8.0f}"
        f"{s['p95']:>8.0f}{s['p99']:>8.0f}{s['5xx']:>6}{s['429']:>5}{s['other']:>6}{s['errors']:>7}"
        f"{s['publishes']:>6}{s['failed']:>7}{s['stale']:>6}"
    )


RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def server_exceptions(log_path, offset):
    """The exceptions the server logged since ``offset``, counted by their last line and the
    first frame, from the innermost out, outside the cache and Redis client code."""
    with open(log_path, encoding="utf-8", errors="replace") as log:
        log.seek(offset)
        lines = log.read().splitlines()
    records, current = [], []
    for line in lines:
        if RECORD.match(line) and current:
            records.append(current)
            current = []
        current.append(line)
    if current:
        records.append(current)
    found = Counter()
    for record in records:
        if not any(line.startswith("Traceback") for line in record):
            continue
        final = next(line for line in reversed(record) if line and not line[0].isspace())
        frames = [line.strip() for line in record if line.startswith('  File "')]
        caller = next(
            (
                frame
                for frame in reversed(frames)
                if "/redis/" not in frame and "/django/core/cache/" not in frame
            ),
            "",
        )
        caller = re.sub(r'File "(?:.*/site-packages/|' + re.escape(str(ROOT)) + "/)", "", caller)
        found[f"{final[:110]}\n          at {caller[:120]}"] += 1
    return found


def report(run: Run, log_path, log_offset, listings):
    s = summary(run)
    print(f"\n== {run.connections} connections, {run.duration} s ==")
    print(HEADER)
    print(row(s))
    print("faults (seconds from the start of the run):")
    for at, text in run.faults:
        print(f"  t={at:6.1f}  {text}")
    failures = [(t, code, r) for t, code, r in run.publishes if not r["ok"]]
    slowest = max((r["seconds"] for _t, _c, r in run.publishes), default=0)
    locales = ", ".join(sorted({code for _t, code, _r in run.publishes}))
    print(
        f"editor: {s['publishes']} publishes ({locales}"
        f"; slowest {slowest:.2f} s), listings checked: {', '.join(sorted(listings)) or 'none'}"
    )
    for at, code, result in failures[:10]:
        print(f"  t={at:6.1f}  publish {code} failed: {result['error']}")
    for at, path, detail in run.stale[:10]:
        print(f"  t={at:6.1f}  STALE {path}: {detail}")
    bad = [r for r in run.records if not 200 <= r[2] < 300]
    if bad:
        first, last = min(r[0] for r in bad), max(r[0] for r in bad)
        print(f"non-2xx answers and transport errors between t={first:.1f} and t={last:.1f} s")
        by_second = Counter(int(r[0]) for r in bad)
        print("  per second: " + ", ".join(f"{t}s:{n}" for t, n in sorted(by_second.items())))
        by_path = Counter(f"{r[2] or 'error'} {re.sub(r'[?].*', '?...', r[1])}" for r in bad)
        for path, n in by_path.most_common(10):
            print(f"  {n:6}  {path}")
        if run.errors:
            print("  transport errors: " + ", ".join(f"{k}: {v}" for k, v in run.errors.items()))
    exceptions = server_exceptions(log_path, log_offset)
    if exceptions:
        print(f"server log ({log_path.relative_to(ROOT)}), exceptions:")
        for line, n in exceptions.most_common(8):
            print(f"  {n:6}  {line}")
    return s


def identifier(text):
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", text):
        raise argparse.ArgumentTypeError("a lower-case PostgreSQL identifier, e.g. loadtest")
    return text


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds per connection count")
    parser.add_argument("--connections", default="10,50", help="comma-separated counts")
    parser.add_argument(
        "--database", default="loadtest", type=identifier, help="scratch PostgreSQL database"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the database if it has the demo already"
    )
    parser.add_argument(
        "--practice",
        default="",
        help="slug of the practice the editor publishes (default: the first of the French listing)",
    )
    parser.add_argument(
        "--settings",
        default="smartvillages.settings.production",
        help="settings module of gunicorn and the editor (to try a fix without editing them)",
    )
    args = parser.parse_args()
    counts = [int(n) for n in args.connections.split(",") if n.strip()]
    for tool in ("redis-server", "psql"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed (scripts/system-deps.sh)")
    try:
        import osmem_server  # noqa: F401
    except ImportError:
        sys.exit("osmem-server is not installed (pip install -e '.[dev]')")
    WORK_DIR.mkdir(parents=True, exist_ok=True)

    redis, engine = Redis(bench.free_port()), Engine(bench.free_port())
    env = environment(args.database, redis.port, engine.port)
    env["DJANGO_SETTINGS_MODULE"] = args.settings
    gunicorn = editor = None
    log_path = WORK_DIR / "gunicorn.log"
    results = []
    try:
        redis.start()
        engine.start()
        prepare(args, env)
        reindex(env)
        port = bench.free_port()
        log = open(log_path, "a")  # noqa: SIM115
        gunicorn = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "smartvillages.wsgi:application"]
            + ["--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
            stderr=log,
            stdout=log,
        )
        base = f"http://127.0.0.1:{port}"
        wait_for_port(port, 60)
        slugs = [args.practice]
        if not args.practice:  # the first practice of the French listing: listings are checked
            _status, body = fetch(base + "/fr/pratiques/")
            slugs = re.findall(r'href="/fr/pratiques/([a-z0-9-]+)/"', body.decode())
        editor = Editor(env, slugs)
        paths = routes()
        broken = []
        for path in paths:  # every route answers 200 before the load starts (and is warm)
            status, _body = fetch(base + path)
            if status != 200:
                broken.append(f"{status} {path}")
        if broken:
            sys.exit("routes that do not answer 200 before any fault:\n  " + "\n  ".join(broken))
        listings = {}
        for code, page in editor.pages.items():
            listing = page["path"].rstrip("/").rsplit("/", 1)[0] + "/"
            status, body = fetch(base + listing)
            if status == 200 and normalise(page["title"]) in normalise(body.decode()):
                listings[code] = listing
        print(
            f"gunicorn 2 workers ({args.settings}), PostgreSQL {args.database}, "
            f"redis-server :{redis.port}, osmem-server :{engine.port}; {len(paths)} routes in "
            f"{len(LOCALES)} locales; editor publishes '{editor.pages['fr']['title']}' and its "
            f"translations every {PUBLISH_EVERY:.0f} s; {os.cpu_count()} cores shared with the "
            "load generator (and anything else running): figures are indicative",
            flush=True,
        )
        for connections in counts:
            offset = log_path.stat().st_size
            run = Run(port, connections, args.duration)
            run.execute(paths, editor, listings, redis, engine, env)
            log.flush()
            results.append(report(run, log_path, offset, listings))
            sys.stdout.flush()
    finally:
        if editor is not None:
            try:
                editor.restore()
            finally:
                editor.close()
        if gunicorn is not None:
            gunicorn.send_signal(signal.SIGTERM)
            gunicorn.wait(timeout=30)
        redis.kill()
        engine.stop()

    print("\n== summary ==")
    print(HEADER)
    for s in results:
        print(row(s))
    failed = [
        s for s in results if s["5xx"] or s["429"] or s["errors"] or s["failed"] or s["stale"]
    ]
    for s in results:
        if s["connections"] == 10:
            verdict = "met" if s["p95"] < 300 else "NOT met"
            print(f"target p95 < 300 ms at 10 connections: {verdict} ({s['p95']:.0f} ms)")
    if failed:
        print(
            "FAILED: 5xx, 429 (the readers' rate limits are set out of reach: a 429 comes from "
            "a fault), transport errors, failed publishes or stale pages (see above)"
        )
        sys.exit(1)
    print("OK: no 5xx, no transport error, every publish succeeded and was shown at once")


if __name__ == "__main__":
    main()
