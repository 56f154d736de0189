"""The task queue in tests: the database backend (django-tasks-db) and its real worker.

Most tests run with the immediate backend (tasks run inside the request, as on the embedded
default). Tests of the queue switch to the database backend with ``database_tasks()`` and run
django-tasks-db's own ``db_worker`` command with ``run_worker()``, in the test's process and
transaction. The only change to the worker: its ``close_old_connections()`` calls are skipped,
because inside the test's transaction (rolled back at the end) they would mark the connection
unusable; a worker in production runs outside any transaction.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from unittest import mock

from django.core.management import call_command
from django.test import override_settings

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@contextmanager
def database_tasks(**settings):
    with override_settings(TASKS=DATABASE_TASKS, **settings):
        yield


def run_worker(max_tasks: int | None = None) -> None:
    """Run every task that is due now (at most ``max_tasks``), then return (``db_worker
    --batch``)."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def waiting(task_path: str | None = None):
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.filter(status="READY")
    return tasks.filter(task_path=task_path) if task_path else tasks


def drain(timeout: float = 60.0, pause: float = 0.05) -> None:
    """Run the worker until no task waits, those scheduled for later included (retries with
    backoff): the queue as it is after a worker has run long enough."""
    deadline = time.monotonic() + timeout
    while True:
        run_worker()
        if not waiting().exists():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"tasks still waiting after {timeout} s: {list(waiting())}")
        time.sleep(pause)
