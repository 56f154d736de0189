"""With the engine down the site keeps searching, through the database backend, and publishing
never waits for the engine. Two kinds of "down": a closed port (connection refused at once) and
a port that accepts connections and never answers (a hung engine: the timeout decides)."""

import logging
import time

import pytest
from django.core.cache import cache
from django.utils import translation

from tests.tasks import database_tasks, run_worker, waiting

from .conftest import add_page, engine_backends

pytestmark = pytest.mark.django_db


def _search(client, query="geothermie"):
    started = time.monotonic()
    response = client.get("/fr/search/", {"q": query})
    return response, time.monotonic() - started


@pytest.mark.parametrize("port_fixture", ["closed_port", "silent_port"])
def test_search_page_falls_back_to_the_database(request, client, caplog, port_fixture):
    port = request.getfixturevalue(port_fixture)
    page = add_page("fr", "Géothermie communale", "Un réseau de chaleur par géothermie.")
    with engine_backends(f"http://127.0.0.1:{port}", prefix="down", timeout=1):
        with caplog.at_level(logging.WARNING, logger="smartvillages.search"):
            response, elapsed = _search(client)
        assert response.status_code == 200
        search = response.context["search"]
        assert search.fell_back
        assert page.pk in [result.page.pk for result in search.results]
        assert "simplified mode" in response.content.decode() or "mode simplifié" in (
            response.content.decode()
        )
        assert "falling back to the database backend" in caplog.text
        assert elapsed < 5

        # The engine is now marked down: the next searches skip it at once.
        again, elapsed_again = _search(client)
        assert again.context["search"].fell_back
        assert elapsed_again < 1

        suggest = client.get("/fr/search/suggest/", {"q": "géoth"})
        assert "Géothermie communale" in [s["title"] for s in suggest.json()["suggestions"]]

        health = client.get("/healthz")
        assert health.status_code == 200
        assert health.json()["checks"] == {"database": "ok", "search": "fallback", "tasks": "ok"}
        assert health.json()["status"] == "degraded"


def test_engine_is_tried_again_after_the_cool_down(client, closed_port):
    with engine_backends(f"http://127.0.0.1:{closed_port}", prefix="down", timeout=1):
        first, _elapsed = _search(client)
        assert first.context["search"].fell_back
        cache.clear()  # the cool-down has passed
        second, _elapsed = _search(client)
        assert second.context["search"].fell_back  # tried again, failed again, fell back again


@pytest.mark.parametrize("port_fixture", ["closed_port", "silent_port"])
def test_publishing_never_waits_for_the_engine(request, port_fixture):
    port = request.getfixturevalue(port_fixture)
    with (
        engine_backends(f"http://127.0.0.1:{port}", prefix="down", timeout=1),
        database_tasks(),
    ):
        started = time.monotonic()
        page = add_page("de", "Dorfladen", "Ein Laden im Dorf.")
        page.title = "Dorfladen am Platz"
        page.save_revision().publish()
        elapsed = time.monotonic() - started
        assert elapsed < 1.0, elapsed
        assert waiting().exists()  # the work is queued, for the worker
        run_worker()  # the worker meets the dead engine: the database index is still updated
    # The database index was kept up to date all along.
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    with translation.override("de"):
        found = get_search_backend("default").search("Dorfladen", Page.objects.filter(pk=page.pk))
        assert [p.pk for p in found] == [page.pk]


def test_database_error_still_gives_a_page(client, monkeypatch):
    from smartvillages.search import service

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(service, "_run_with_fallback", broken)
    response = client.get("/fr/search/", {"q": "village"})
    assert response.status_code == 200
    assert response.context["failed"]
