"""Fixtures of the search tests: pages to find, a clean engine state, and a live search engine.

The live engine is ``SEARCH_TEST_URL`` when it is set (a real OpenSearch 3, or an
Elasticsearch 9 with SEARCH_TEST_ENGINE=elasticsearch), otherwise ``osmem-server`` started on
127.0.0.1 for the test session. osmem-server is an in-memory *emulator* of OpenSearch: it
speaks the REST API that Wagtail's ``opensearch3`` backend uses, so it proves indexing,
locale partitioning, deletion, filters, aggregations (facets), autocomplete, aliases and
atomic rebuilds, and that our settings and mappings are accepted. It does not prove
relevance: its scoring is not Lucene's, it ignores some token filters (elision,
german_normalization) and the default analyzer, and it matches documents whose text is only
stop words. Real relevance is checked against Elasticsearch with
tests/benchmarks/search_relevance.py (docs/search.md). In CI (CI=true) a missing
osmem-server is an error, not a skip.
"""

import contextlib
import os
import socket
import threading
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.test import override_settings
from wagtail.models import Locale

from smartvillages.search.backends.engine import _clients
from smartvillages.search.conf import search_backends
from tests.conftest import IN_CI

LANGUAGES = ["fr", "en", "it", "de", "sl"]


@pytest.fixture(autouse=True)
def clean_search_state():
    """Engine up/down state lives in the cache: start every test with none."""
    cache.clear()
    yield
    cache.clear()


def home(code):
    from home.models import HomePage

    return HomePage.objects.get(locale__language_code=code, depth=2)


def add_page(code, title, introduction="", slug=None, parent=None, **fields):
    """A live StandardPage in the given locale (under its home page unless a parent is given)."""
    from home.models import StandardPage

    parent = parent or home(code)
    page = StandardPage(
        title=title,
        slug=slug or f"t-{abs(hash((code, title))) % 10**8}",
        introduction=introduction,
        locale=Locale.objects.get(language_code=code),
        **fields,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture(scope="session")
def engine_url():
    """URL of a live engine for the whole session (see the module docstring)."""
    url = os.environ.get("SEARCH_TEST_URL")
    if url:
        yield url.rstrip("/")
        return
    try:
        from osmem_server import OsmemError, OsmemServer
    except ImportError:
        message = "osmem-server is not installed (pip install -e '.[dev]')"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    try:
        server = OsmemServer.start(addr="127.0.0.1:0", japanese=False)
    except OsmemError as error:
        if IN_CI:
            pytest.fail(f"osmem-server did not start: {error}")
        pytest.skip(f"osmem-server did not start: {error}")
    try:
        yield server.url
    finally:
        server.close()


@contextmanager
def engine_backends(url, *, prefix, timeout=5):
    """WAGTAILSEARCH_BACKENDS with one OpenSearch entry per language at ``url``."""
    engine = "opensearch_url"
    if os.environ.get("SEARCH_TEST_ENGINE") == "elasticsearch" and "down" not in prefix:
        engine = "elasticsearch_url"  # a real Elasticsearch 9 at SEARCH_TEST_URL
    backends = search_backends(
        LANGUAGES,
        **{engine: url},
        index_prefix=prefix,
        timeout=timeout,
    )
    with override_settings(WAGTAILSEARCH_BACKENDS=backends):
        yield backends
    _clients.clear()


@pytest.fixture
def closed_port():
    """A local port nothing listens on: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return port


@pytest.fixture
def silent_port():
    """A local port that accepts connections and never answers (a hung engine)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                connection, _address = server.accept()
                accepted.append(connection)
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(1)
    for connection in accepted:
        connection.close()
    server.close()


class Cable:
    """A TCP forwarder between the site and the engine that can be unplugged: while unplugged
    nothing listens on its port (connections are refused) and open connections are cut, as in
    a network outage or an engine restart; plugged again, on the same port, it forwards to the
    same engine, whose indexes were kept (the emulator keeps them in memory only, so stopping
    the emulator itself would lose them)."""

    def __init__(self, target_url):
        host_port = target_url.split("://", 1)[1].rstrip("/")
        host, port = host_port.rsplit(":", 1)
        self.target = (host, int(port))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = None
        self._connections = []
        self._lock = threading.Lock()

    def plug(self):
        server = socket.socket()
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(50)
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def unplug(self):
        server, self._server = self._server, None
        if server is not None:
            # shutdown() first: close() alone leaves the socket listening while the accepting
            # thread is blocked in accept() on it.
            with contextlib.suppress(OSError):
                server.shutdown(socket.SHUT_RDWR)
            server.close()
        with self._lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()

    def _accept(self, server):
        while True:
            try:
                client, _address = server.accept()
            except OSError:
                return  # unplugged
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._connections += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_WR)


@pytest.fixture
def cable(engine_url):
    """The engine behind a cable that the test can unplug (see ``Cable``)."""
    cable = Cable(engine_url)
    cable.plug()
    yield cable
    cable.unplug()
