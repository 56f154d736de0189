"""Search engine writes on the task queue (django-tasks-db and its worker, tests/tasks.py) against
the engine emulator (conftest.py): an outage ends with the indexes caught up without
``update_index``, saves are coalesced, a write that keeps failing is retried with backoff, then
marked failed, visible and retriable in the admin."""

import logging
import time
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from smartvillages.search import state
from tests.tasks import database_tasks, drain, run_worker, waiting

from .conftest import LANGUAGES, add_page, engine_backends

pytestmark = pytest.mark.django_db

SYNC = "smartvillages.search.tasks.sync_index_entry"


def engine_ids(backends_prefix, code):
    from wagtail.search.backends import get_search_backend

    client = get_search_backend(f"engine_{code}").es
    index = f"{backends_prefix}_{code}_wagtailcore_page"
    client.indices.refresh(index=index)
    hits = client.search(index=index, body={"query": {"match_all": {}}, "size": 5000})
    root = Page.objects.get(depth=1).pk  # the tree's root, which the database backend skips
    return {
        int(hit["_id"]): hit["_source"].get("title")
        for hit in hits["hits"]["hits"]
        if int(hit["_id"]) != root
    }


def database_index_ids(code):
    """The pages of a language in the database backend's index (wagtailsearch_indexentry)."""
    page_types = ContentType.objects.filter(pk__in=Page.objects.values("content_type").distinct())
    ids = IndexEntry.objects.filter(content_type__in=page_types).values_list("object_id", flat=True)
    return set(
        Page.objects.filter(pk__in=[int(i) for i in ids], locale__language_code=code).values_list(
            "pk", flat=True
        )
    )


def test_engine_outage_ends_with_the_indexes_caught_up(cable, monkeypatch, caplog):
    """Stop the engine, publish 100 pages (and edit and delete some), start it again, run the
    worker: each language's engine index holds what the database index holds, with the new
    titles, and nobody ran update_index."""
    monkeypatch.setattr(state, "COOLDOWN", 1)
    prefix = "outage" + uuid.uuid4().hex[:8]
    retry = {"attempts": 12, "base": 600, "cap": 3600}
    with (
        engine_backends(cable.url, prefix=prefix, timeout=1) as _backends,
        database_tasks(SEARCH_WRITE_DELAY=0, SEARCH_WRITE_RETRY=retry),
    ):
        from django.core.management import call_command

        for code in LANGUAGES:
            call_command("update_index", backend_name=f"engine_{code}", verbosity=0)
        assert {code: set(engine_ids(prefix, code)) for code in LANGUAGES} == {
            code: database_index_ids(code) for code in LANGUAGES
        }

        cable.unplug()
        started = time.monotonic()
        published = [
            add_page(code, f"Panne {code} {n}", "Publiée pendant la panne du moteur.")
            for n in range(20)
            for code in LANGUAGES
        ]
        edited = list(Page.objects.filter(locale__language_code="sl", depth=3).specific()[:3])
        for page in edited:
            page.title = f"{page.title} (popravljeno)"
            page.save_revision().publish()
        deleted = published[:5]
        for page in deleted:
            page.delete()
        elapsed = time.monotonic() - started
        assert len(published) == 100
        # Publishing only wrote rows of the queue: nothing waited for the dead engine.
        assert waiting().exists()

        before = timezone.now()
        with caplog.at_level(logging.WARNING, logger="smartvillages.search"):
            run_worker()  # the engine is still down: every write is tried once, then rescheduled
        assert "unreachable" in caplog.text
        rescheduled = waiting(SYNC)
        retried = [t for t in rescheduled if t.args_kwargs["kwargs"].get("attempt") == 2]
        # Every page's write in every language was tried once and put back for later.
        assert len(retried) >= len(published) * len(LANGUAGES)
        ten_minutes = before + timezone.timedelta(seconds=600)
        assert all(t.run_after >= ten_minutes for t in retried)  # backoff: base 600 s

        cable.plug()
        # Ten minutes later (the test moves the retries' time instead of waiting for it), past
        # the engine's cool-down (state.COOLDOWN, 30 s in production, 1 s here):
        time.sleep(1.1)
        rescheduled.update(run_after=timezone.now())
        drain()

        for code in LANGUAGES:
            in_engine = engine_ids(prefix, code)
            assert set(in_engine) == database_index_ids(code), code
        sl = engine_ids(prefix, "sl")
        assert all(sl[page.pk].endswith("(popravljeno)") for page in edited)
        fr = engine_ids(prefix, "fr")
        assert not {page.pk for page in deleted} & set(fr)
        assert {page.pk for page in published[5:] if page.locale.language_code == "fr"} <= set(fr)
    from django_tasks_db.models import DBTaskResult

    failed = DBTaskResult.objects.filter(status="FAILED")
    assert not failed.exists(), [
        (r.task_path, r.args_kwargs, r.traceback[-300:]) for r in failed[:3]
    ]
    print(f"100 pages published during the outage in {elapsed:.1f} s")


def test_ten_saves_of_a_page_send_one_write(engine_url):
    prefix = "coalesce" + uuid.uuid4().hex[:8]
    with (
        engine_backends(engine_url, prefix=prefix),
        database_tasks(SEARCH_WRITE_DELAY=60),
    ):
        from django.core.management import call_command

        call_command("update_index", backend_name="engine_de", verbosity=0)
        page = add_page("de", "Dorfladen 0", "Ein Laden im Dorf.")
        for n in range(1, 10):
            page.title = f"Dorfladen {n}"
            page.save_revision().publish()
        run_worker()  # the database index follows each save; the engine writes wait
        pending = waiting(SYNC).filter(args_kwargs__args__2=str(page.pk))
        assert pending.count() == len(LANGUAGES)  # one per language entry, not ten
        assert page.pk not in engine_ids(prefix, "de")
        pending.update(run_after=timezone.now())  # a minute later
        run_worker()
        assert engine_ids(prefix, "de")[page.pk] == "Dorfladen 9"
    from django_tasks_db.models import DBTaskResult

    sent = DBTaskResult.objects.filter(
        task_path=SYNC, args_kwargs__args=["engine_de", "home.StandardPage", str(page.pk)]
    )
    assert [result.return_value for result in sent] == ["indexed"]


def test_a_write_the_engine_never_takes_fails_visibly_and_can_be_retried(
    closed_port, monkeypatch, client, django_user_model
):
    monkeypatch.setattr(state, "COOLDOWN", 0)  # try the engine at every attempt
    retry = {"attempts": 3, "base": 0.05, "cap": 0.05}
    page = add_page("it", "Bottega di paese", "Una bottega nel villaggio.")
    with (
        engine_backends(f"http://127.0.0.1:{closed_port}", prefix="never", timeout=1),
        database_tasks(SEARCH_WRITE_DELAY=0, SEARCH_WRITE_RETRY=retry),
    ):
        page.save()  # one save, one write per language entry
        drain()
        from django_tasks_db.models import DBTaskResult

        attempts = DBTaskResult.objects.filter(
            task_path=SYNC, args_kwargs__args=["engine_it", "home.StandardPage", str(page.pk)]
        ).order_by("enqueued_at")
        assert [(r.status, r.args_kwargs["kwargs"].get("attempt", 1)) for r in attempts] == [
            ("SUCCESSFUL", 1),
            ("SUCCESSFUL", 2),
            ("FAILED", 3),
        ]
        assert attempts[0].return_value.startswith("retry in")
        failed = attempts[2]
        assert failed.exception_class_path.endswith("EngineUnavailable")
        assert "after 3 attempts" in failed.traceback

        admin = django_user_model.objects.create_superuser("ops", "ops@example.org", "pw")
        client.force_login(admin)
        listing = client.get("/admin/background-tasks/", {"status": "FAILED"})
        body = listing.content.decode()
        assert listing.status_code == 200
        assert "Send a page to the search engine" in body or "moteur de recherche" in body
        assert "EngineUnavailable" in body
        assert f"engine_it, home.StandardPage, {page.pk}" in body

        response = client.post(
            "/admin/background-tasks/?status=FAILED", {"action": "retry", "task": str(failed.pk)}
        )
        assert response.status_code == 302
        assert not DBTaskResult.objects.filter(pk=failed.pk).exists()
        again = waiting(SYNC).get(
            args_kwargs__args__1="home.StandardPage",
            args_kwargs__args__2=str(page.pk),
            args_kwargs__args__0="engine_it",
        )
        assert again.args_kwargs["kwargs"] == {}  # from its first attempt

        response = client.post(
            "/admin/background-tasks/", {"action": "discard", "task": str(again.pk)}
        )
        assert response.status_code == 302
        assert not DBTaskResult.objects.filter(pk=again.pk).exists()
