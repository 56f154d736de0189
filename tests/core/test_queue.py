"""The task queue as operators see it: /healthz's queue figures and thresholds, the system check
that warns of index writes inside the request, the admin report's permissions, and Wagtail's
and django-modelsearch's tasks that no longer fail for an object deleted before they ran."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import checks
from django.test import override_settings
from django.utils import timezone

from smartvillages.core import queue
from tests.tasks import database_tasks, run_worker, waiting

pytestmark = pytest.mark.django_db


def test_healthz_with_tasks_run_at_once_has_no_queue(client):
    body = client.get("/healthz").json()
    assert body["checks"]["tasks"] == "ok"
    assert "queue" not in body


def test_healthz_reports_the_queue_and_turns_degraded_past_the_thresholds(client, home_fr):
    with database_tasks(TASKS_HEALTH_MAX_WAITING=1000, TASKS_HEALTH_MAX_AGE=300):
        home_fr.save()  # enqueues the index and reference-index updates
        response = client.get("/healthz")
        body = response.json()
        assert response.status_code == 200
        assert body["status"] == "ok" and body["checks"]["tasks"] == "ok"
        assert body["queue"]["waiting"] >= 2
        assert body["queue"]["oldest_due_seconds"] < 60

        # Nobody ran them for ten minutes: no worker, or too few.
        waiting().update(enqueued_at=timezone.now() - datetime.timedelta(minutes=10))
        late = client.get("/healthz")
        assert late.status_code == 200  # the web node still serves
        assert late.json()["status"] == "degraded"
        assert late.json()["checks"]["tasks"] == "degraded"
        assert late.json()["queue"]["oldest_due_seconds"] >= 600

        # A task scheduled for later is not late.
        waiting().update(
            enqueued_at=timezone.now(), run_after=timezone.now() + datetime.timedelta(hours=1)
        )
        assert client.get("/healthz").json()["checks"]["tasks"] == "ok"

        with override_settings(TASKS_HEALTH_MAX_WAITING=1):
            assert client.get("/healthz").json()["checks"]["tasks"] == "degraded"

        run_worker()  # nothing due: the scheduled ones wait
        waiting().update(run_after=timezone.now())
        run_worker()
        assert client.get("/healthz").json()["queue"]["waiting"] == 0


def test_a_page_deleted_before_the_worker_runs_leaves_no_failed_task(home_fr):
    from django_tasks_db.models import DBTaskResult

    from home.models import StandardPage

    with database_tasks():
        page = home_fr.add_child(instance=StandardPage(title="Brouillon éphémère", slug="eph"))
        paths = set(waiting().values_list("task_path", flat=True))
        assert "smartvillages.core.queue.update_search_indexes" in paths
        assert "smartvillages.core.queue.update_reference_index" in paths
        page.delete()
        run_worker()
    assert not DBTaskResult.objects.filter(status="FAILED").exists()
    assert set(DBTaskResult.objects.values_list("return_value", flat=True)) == {"gone"}


def test_saved_pages_are_still_indexed_through_the_tolerant_tasks(home_fr):
    from django_tasks_db.models import DBTaskResult
    from wagtail.search.backends import get_search_backend

    from home.models import StandardPage

    with database_tasks():
        page = home_fr.add_child(instance=StandardPage(title="Quokkaville solaire", slug="q"))
        run_worker()
    found = get_search_backend("default").search("Quokkaville", StandardPage.objects.all())
    assert [p.pk for p in found] == [page.pk]
    reference = DBTaskResult.objects.get(
        task_path="smartvillages.core.queue.update_reference_index",
        args_kwargs__args=["home", "standardpage", str(page.pk)],
    )
    assert (reference.status, reference.return_value) == ("SUCCESSFUL", "updated")


def test_system_check_warns_of_engine_writes_inside_the_request():
    engine = {
        "default": {"BACKEND": "wagtail.search.backends.database"},
        "engine_fr": {"BACKEND": "x", "LANGUAGE": "fr"},
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=engine):
        assert [m.id for m in queue.check_engine_writes_are_queued()] == ["smartvillages_core.W001"]
        with database_tasks():
            assert queue.check_engine_writes_are_queued() == []
    assert queue.check_engine_writes_are_queued() == []  # no engine: nothing to warn of
    registered = checks.run_checks(include_deployment_checks=True)
    assert "smartvillages_core.W001" not in [m.id for m in registered]


def test_background_tasks_report_needs_the_permission(client, django_user_model, home_fr):
    editor = django_user_model.objects.create_user("ed", "ed@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    with database_tasks():
        home_fr.save()
        task = waiting().first()
        response = client.get("/admin/background-tasks/")
        assert response.status_code in {302, 403}
        dashboard = client.get("/admin/").content.decode()
        assert "/admin/background-tasks/" not in dashboard
        refused = client.post(
            "/admin/background-tasks/", {"action": "discard", "task": str(task.pk)}
        )
        assert refused.status_code in {302, 403}
        assert waiting().filter(pk=task.pk).exists()


def test_background_tasks_report_without_a_queue_says_so(admin_client):
    body = admin_client.get("/admin/background-tasks/").content.decode()
    assert "TASKS_BACKEND=immediate" in body


def test_an_email_the_server_refuses_is_sent_again_later(monkeypatch, mailoutbox):
    from django.core.mail.backends.locmem import EmailBackend
    from django_tasks_db.models import DBTaskResult

    real_send = EmailBackend.send_messages
    refusals = []

    def refuse_once(self, messages):
        if not refusals:
            refusals.append(messages)
            raise ConnectionRefusedError("mail server down")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse_once)
    with database_tasks():
        queue.queue_email("Proposition reçue", "Merci.", ["a@example.org"], reply_to=["b@x.org"])
        assert mailoutbox == []  # queued: the request did not wait for the mail server
        run_worker()
        assert refusals and mailoutbox == []
        retry = waiting("smartvillages.core.queue.send_email").get()
        assert str(queue.task_label(retry.task_path)) in {"Send an e-mail", "Envoyer un courriel"}
        assert retry.args_kwargs["kwargs"] == {"attempt": 2}
        assert retry.run_after > timezone.now() + datetime.timedelta(seconds=50)
        waiting().update(run_after=timezone.now())  # a minute later
        run_worker()
    assert [(m.subject, m.to, m.reply_to) for m in mailoutbox] == [
        ("Proposition reçue", ["a@example.org"], ["b@x.org"])
    ]
    assert list(
        DBTaskResult.objects.order_by("enqueued_at").values_list("return_value", flat=True)
    ) == ["retry in 60s", "sent"]


def test_daily_tasks_are_scheduled_once_for_their_next_time():
    from django.core.management import call_command

    from home.tasks import RETENTION_TIME

    with database_tasks():
        call_command("schedule_tasks", verbosity=0)
        call_command("schedule_tasks", verbosity=0)  # idempotent
        scheduled = waiting("home.tasks.delete_expired_applications").get()
        local = timezone.localtime(scheduled.run_after)
        assert local.strftime("%H:%M") == RETENTION_TIME
        assert timezone.now() < scheduled.run_after <= timezone.now() + datetime.timedelta(days=1)

        # It runs, and enqueues the next day's run.
        waiting().update(run_after=timezone.now())
        run_worker()
        following = waiting("home.tasks.delete_expired_applications").get()
        assert following.pk != scheduled.pk
        assert timezone.localtime(following.run_after).strftime("%H:%M") == RETENTION_TIME


def test_next_time_is_today_or_tomorrow():
    now = timezone.make_aware(datetime.datetime(2026, 12, 3, 2, 0))
    assert queue.next_time("03:15", now) == now.replace(hour=3, minute=15)
    later = timezone.make_aware(datetime.datetime(2026, 12, 3, 3, 15))
    assert queue.next_time("03:15", later) == later + datetime.timedelta(days=1)
