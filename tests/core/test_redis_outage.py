"""A Redis outage: readers keep getting pages and search results, editors keep publishing, and
the cache works again when Redis is back (core/redis_cache.py, core/throttle.py).

The test runs its own redis-server on a free port (installed by scripts/system-deps.sh) so
that it can stop it; the machine's Redis is never touched.
"""

import os
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from practices.models import PracticePage
from tests.conftest import IN_CI, translated

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.kill()
        self.process.wait()


@pytest.fixture
def redis_cache(settings):
    if shutil.which("redis-server") is None:
        if IN_CI:
            pytest.fail("redis-server is missing: scripts/system-deps.sh --browser installs it")
        pytest.skip("redis-server is not installed (scripts/system-deps.sh --browser)")
    server = RedisServer()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "smartvillages.core.redis_cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "KEY_PREFIX": f"test-{os.getpid()}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.SEARCH_RATE = "1000/m"
    yield server
    if server.process.poll() is None:
        server.stop()


def test_pages_search_and_publishing_survive_a_redis_outage(redis_cache):
    cache.set("probe", "here")
    assert cache.get("probe") == "here"  # the real Redis is in use
    client = Client()
    assert client.get("/fr/").status_code == 200

    redis_cache.stop()
    assert cache.get("probe") is None  # a miss, not an error
    assert client.get("/fr/").status_code == 200
    assert client.get("/sl/").status_code == 200
    with translation.override("fr"):
        search = reverse("search:search")
    response = client.get(search, {"q": "ADRETS"})
    assert response.status_code == 200  # not a 429: the search limit lets reads through

    # An editor publishes; the reader sees the new title at once.
    page = translated(PracticePage, "tremplin-saison", "fr")
    page.title = "Tremplin saison, édition révisée"
    page.save_revision().publish()
    assert "Tremplin saison, édition révisée" in client.get(page.url).content.decode()

    redis_cache.start()
    cache.set("probe", "back")
    assert cache.get("probe") == "back"
    assert client.get(page.url).status_code == 200


def test_writes_stay_limited_while_the_counter_is_unavailable(redis_cache, rf):
    """Reads go through; a write's limit (proposals) refuses until Redis is back."""
    from smartvillages.core import throttle

    redis_cache.stop()
    request = rf.post("/fr/account/proposals/new/", REMOTE_ADDR="203.0.113.9")
    assert throttle.proposal_rate_exceeded(request) is True
    read = rf.get("/fr/search/", REMOTE_ADDR="203.0.113.9")
    assert throttle.search_rate_exceeded(read) is False
    redis_cache.start()
    assert throttle.proposal_rate_exceeded(request) is False
