#!/usr/bin/env python
"""Benchmark: serve the demo site with gunicorn and measure each page with wrk.

    .venv/bin/python tests/benchmarks/serve_and_measure.py [--duration 10] [--connections 8]

Builds a throw-away SQLite database in var/bench/ (or uses BENCH_DATABASE_URL), loads the demo
content, collects static files, starts gunicorn (2 workers, production settings, plain HTTP on
127.0.0.1) and drives every page of PAGES with wrk. Prints per page: requests/s, p50 and p99
latency, worker CPU milliseconds per request (from /proc), SQL queries per request (counted
in-process with the same settings) and response bytes. Traffic stays on 127.0.0.1; each run is
bounded by --duration per page.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / "var" / "bench"
PYTHON = sys.executable

#: Pages measured; other apps append theirs (listing, detail, search...).
PAGES = [
    "/fr/",
    "/sl/",
    "/de/ueber-uns/",
    "/fr/pratiques/",
    "/it/pratiche/?dimension=living&country=FR",
    "/fr/pratiques/tremplin-saison/",
    "/de/praktiken/tremplin-saison/",
    "/fr/evenements/",
    "/fr/evenements/grenoble-2020-smart-villages/",
    "/it/eventi/grenoble-2020-smart-villages/",
    "/fr/glossaire/",
    "/sl/slovar-pojmov/",
    "/fr/search/?q=saisonniers",
    "/sl/search/suggest/?q=pam",
    "/sl/contributors/la-traverse/",
    "/sl/account/signup/",
    "/healthz",
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment():
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "smartvillages.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "VAR_DIR": str(BENCH_DIR),
            "STATIC_ROOT": str(BENCH_DIR / "static"),
            "LOG_LEVEL": "WARNING",
            "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
            # one client sends thousands of searches: measure the page, not the rate limit
            "SEARCH_RATE": "1000000/m",
            "SUGGEST_RATE": "1000000/m",
        }
    )
    env["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", "")
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env):
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_demo", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")


def count_queries(env):
    """SQL queries per page, counted in-process with the benchmark's settings."""
    code = f"""
import json, os, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
out = {{}}
for url in {PAGES!r}:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    out[url] = len(ctx)
print(json.dumps(out))
"""
    result = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def worker_pids(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total


def parse_duration(text):
    """wrk's durations: 812.00us, 12.34ms, 1.20s, 1.05m."""
    match = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if match is None:
        raise ValueError(f"unexpected duration in wrk's output: {text!r}")
    value, unit = match.groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def run_wrk(url, duration, connections):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Latency Distribution" not in out:
        raise RuntimeError(f"wrk measured nothing for {url}:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    # the distribution's lines, not a "+/- Stdev" column that happens to end in 50%
    distribution = out.split("Latency Distribution", 1)[1]
    p50 = parse_duration(re.search(r"^\s+50%\s+(\S+)", distribution, re.M).group(1))
    p99 = parse_duration(re.search(r"^\s+99%\s+(\S+)", distribution, re.M).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, total, p50, p99, int(non2xx.group(1)) if non2xx else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--skip-prepare", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    env = environment()
    if not args.skip_prepare:
        prepare(env)
    queries = count_queries(env)
    port = free_port()
    gunicorn = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "smartvillages.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        pids = worker_pids(gunicorn.pid)
        hz = os.sysconf("SC_CLK_TCK")
        print(
            f"gunicorn 2 workers, production settings, demo content; wrk {args.connections} "
            f"connections x {args.duration}s per page; {os.cpu_count()} cores\n"
        )
        header = (
            f"{'page':<28}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
            f"{'CPU ms/req':>12}{'SQL/req':>9}{'bytes':>9}"
        )
        print(header)
        print("-" * len(header))
        for path in PAGES:
            body = urllib.request.urlopen(base + path, timeout=10).read()
            for _ in range(20):  # warm caches and connections
                urllib.request.urlopen(base + path, timeout=10).read()
            before = cpu_ticks(pids)
            rps, total, p50, p99, errors = run_wrk(base + path, args.duration, args.connections)
            cpu_ms = (cpu_ticks(pids) - before) * 1000 / hz / max(total, 1)
            flag = f"  ({errors} errors)" if errors else ""
            print(
                f"{path:<28}{rps:>9.1f}{p50:>9.1f}{p99:>9.1f}{cpu_ms:>12.2f}"
                f"{queries[path]:>9}{len(body):>9}{flag}"
            )
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)


if __name__ == "__main__":
    main()
