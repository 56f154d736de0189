"""Background work on Django's task framework (django-tasks), and what operators see of it.

Where tasks run is the ``TASKS`` setting, built by settings/base.py from ``TASKS_BACKEND``:

- ``database`` (production, docker compose): django-tasks-db keeps every task as a row of the
  database, written in the transaction that asks for it, and ``manage.py db_worker`` runs them.
  A restarted worker loses nothing; several workers share the queue (rows are claimed with
  ``SELECT ... FOR UPDATE SKIP LOCKED``).
- ``immediate`` (the embedded default): a task runs at once, inside the request that asks for
  it, so ``make run`` needs no worker. Nothing can wait for later there: a write that fails is
  logged and lost, as the system check ``smartvillages_core.W001`` says when a search engine
  is configured.
- a dotted path: another backend with the same task code (docs/deployment.md shows a Celery one
  for larger deployments).

The helpers below are what the apps use beside ``@task``: ``enqueue_coalesced`` (one pending
task per key, however often it is asked for), ``enqueue_later`` (retries with backoff), and
``queue_state`` (the figures of /healthz and of the admin's *Background tasks* report).
"""

from __future__ import annotations

import datetime
import logging

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task, task_backends

logger = logging.getLogger(__name__)

#: Labels of the project's tasks for the admin, by task path; apps add theirs with
#: ``register_task_label``. Tasks of Wagtail and django-modelsearch are named here.
TASK_LABELS = {
    "modelsearch.tasks.insert_or_update_object_task": _("Update the search indexes"),
    "wagtail.tasks.update_reference_index_task": _("Update the reference index"),
    "wagtail.tasks.delete_file_from_storage_task": _("Delete a file from storage"),
    "wagtail.images.tasks.set_image_focal_point_task": _("Find an image's focal point"),
    # wagtail.contrib.frontend_cache: once configured, its purges of many URLs run here too.
    "wagtail.contrib.frontend_cache.tasks.purge_urls_from_cache_task": _(
        "Purge pages from the front-end cache"
    ),
}


# Wagtail and django-modelsearch enqueue a task on every save that fetches the object with
# ``get(pk=...)``: on a queue, an object deleted before a worker runs the task (a page created
# and deleted within a minute, a cleaned-up draft) makes it fail with ``DoesNotExist``, a
# false alarm in *Background tasks*. These two run the same code when the object still exists
# and end quietly otherwise; ``use_tolerant_tasks`` (CoreConfig.ready) makes the signal
# handlers enqueue them. Both handlers read the task from their module's globals when they run
# (Wagtail 8.0, modelsearch 1.3; tests/core/test_queue.py checks it).


def _if_it_exists(wrapped, app_label: str, model_name: str, pk: str) -> str:
    model = apps.get_model(app_label, model_name)
    if not model._default_manager.filter(pk=pk).exists():
        return "gone"
    wrapped.call(app_label, model_name, pk)
    return "updated"


@task()
def update_search_indexes(app_label: str, model_name: str, pk: str) -> str:
    from modelsearch.tasks import insert_or_update_object_task

    return _if_it_exists(insert_or_update_object_task, app_label, model_name, pk)


@task()
def update_reference_index(app_label: str, model_name: str, pk: str) -> str:
    from wagtail.tasks import update_reference_index_task

    return _if_it_exists(update_reference_index_task, app_label, model_name, pk)


def use_tolerant_tasks() -> None:
    from modelsearch import signal_handlers as modelsearch_handlers
    from wagtail import signal_handlers as wagtail_handlers

    modelsearch_handlers.insert_or_update_object_task = update_search_indexes
    wagtail_handlers.update_reference_index_task = update_reference_index


def register_task_label(task, label) -> None:
    TASK_LABELS[task.module_path] = label


register_task_label(
    update_search_indexes, TASK_LABELS["modelsearch.tasks.insert_or_update_object_task"]
)
register_task_label(
    update_reference_index, TASK_LABELS["wagtail.tasks.update_reference_index_task"]
)


def task_label(task_path: str):
    return TASK_LABELS.get(task_path, task_path.rsplit(".", 1)[-1].replace("_", " "))


def is_durable(task) -> bool:
    """Whether the task's backend keeps tasks for later (a queue), as opposed to running them
    at once in the caller (the immediate backend)."""
    return task.get_backend().supports_defer


def _uses_database_queue(task) -> bool:
    from django_tasks_db import DatabaseBackend

    return isinstance(task.get_backend(), DatabaseBackend)


def enqueue_later(task, seconds: float, *, args=(), kwargs=None):
    """Enqueue ``task`` to run in ``seconds``; None where the backend cannot wait (immediate)."""
    if not is_durable(task):
        return None
    when = timezone.now() + datetime.timedelta(seconds=seconds)
    return task.using(run_after=when).enqueue(*args, **(kwargs or {}))


def enqueue_coalesced(task, *, args, kwargs=None, delay: float = 0):
    """Enqueue ``task(*args)`` to run in ``delay`` seconds, unless the same task with the same
    positional arguments is already waiting: then that one does the work, and None is returned.

    The task must read the current state when it runs (not arguments captured now), so that
    one run stands for every request made while it waited. On a backend without a queue the
    task runs at once."""
    if not is_durable(task):
        return task.enqueue(*args, **(kwargs or {}))
    if _uses_database_queue(task):
        from django_tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        pending = DBTaskResult.objects.filter(
            status=TaskResultStatus.READY,
            task_path=task.module_path,
            args_kwargs__args=list(args),
        )
        if pending.exists():
            return None
    return enqueue_later(task, delay, args=args, kwargs=kwargs)


def daily_tasks() -> list[tuple]:
    """(task, "HH:MM") of every daily task the apps register (DAILY_TASKS_HOOK)."""
    from wagtail import hooks

    from .hooks import DAILY_TASKS_HOOK

    return [entry for fn in hooks.get_hooks(DAILY_TASKS_HOOK) for entry in fn()]


def next_time(at: str, now=None) -> datetime.datetime:
    """The next moment it is ``at`` ("HH:MM", local time), after ``now``."""
    now = timezone.localtime(now or timezone.now())
    hours, minutes = (int(part) for part in at.split(":"))
    when = now.replace(hour=hours, minute=minutes, second=0, microsecond=0)
    return when if when > now else when + datetime.timedelta(days=1)


def schedule_daily(task, at: str, now=None):
    """Enqueue ``task`` for its next time unless it already waits (None then, or when tasks run
    at once: the embedded default has no worker to wait for the time)."""
    if not is_durable(task):
        return None
    seconds = (next_time(at, now) - (now or timezone.now())).total_seconds()
    return enqueue_coalesced(task, args=[], delay=seconds)


def run_daily(task) -> None:
    """Called by a daily task when it runs: enqueue tomorrow's run at its registered time."""
    for registered, at in daily_tasks():
        if registered.module_path == task.module_path:
            schedule_daily(task, at)


#: E-mails: attempts and backoff (seconds) while the mail server refuses or does not answer.
MAIL_RETRY = {"attempts": 8, "base": 60, "cap": 3600}


@task()
def send_email(
    subject: str,
    body: str,
    to: list[str],
    from_email: str | None = None,
    reply_to: list[str] | None = None,
    attempt: int = 1,
) -> str:
    """Send one e-mail (Wagtail's ``send_mail``: its sender and its headers); while the mail
    server is unreachable, again later with backoff, then fail visibly after MAIL_RETRY."""
    import smtplib

    from wagtail.admin.mail import send_mail

    try:
        send_mail(subject, body, to, from_email, reply_to=reply_to)
    except (OSError, smtplib.SMTPException) as error:
        if attempt >= MAIL_RETRY["attempts"] or not is_durable(send_email):
            raise
        delay = backoff(attempt, base=MAIL_RETRY["base"], cap=MAIL_RETRY["cap"])
        enqueue_later(
            send_email,
            delay,
            args=[subject, body, to, from_email, reply_to],
            kwargs={"attempt": attempt + 1},
        )
        logger.warning(
            "E-mail %r to %d recipient(s) not sent (%s), retried in %ss",
            subject,
            len(to),
            error,
            delay,
        )
        return f"retry in {delay}s"
    return "sent"


register_task_label(send_email, _("Send an e-mail"))


def queue_email(subject, body, to, *, from_email=None, reply_to=None) -> None:
    """Send an e-mail from the task queue: the request that asks for it never waits on the mail
    server, and a message the server refuses is tried again (``send_email``)."""
    send_email.enqueue(
        str(subject), str(body), [str(a) for a in to], from_email, list(reply_to or []) or None
    )


def backoff(attempt: int, *, base: float, cap: float) -> float:
    """Seconds before attempt ``attempt + 1``: base, 2×base, 4×base... at most ``cap``."""
    return min(base * 2 ** (attempt - 1), cap)


def database_queue_configured() -> bool:
    from django_tasks_db import DatabaseBackend

    return any(isinstance(task_backends[alias], DatabaseBackend) for alias in settings.TASKS)


def queue_state(now=None) -> dict | None:
    """Depth and lag of the database queue; None when no backend keeps tasks in the database.

    ``waiting`` counts the tasks not yet run (those scheduled for later included);
    ``oldest_due_seconds`` is how long the oldest task that could run has been waiting for a
    worker (0 when none is due): the figure that grows when workers are missing or too few."""
    if not database_queue_configured():
        return None
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = now or timezone.now()
    counts = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("pk")).order_by())
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    oldest = waiting.aggregate(
        unscheduled=Min("enqueued_at", filter=Q(run_after=get_date_max())),
        scheduled=Min("run_after", filter=Q(run_after__lte=now) & ~Q(run_after=get_date_max())),
    )
    due_since = [value for value in oldest.values() if value is not None]
    return {
        "waiting": counts.get(TaskResultStatus.READY, 0),
        "running": counts.get(TaskResultStatus.RUNNING, 0),
        "failed": counts.get(TaskResultStatus.FAILED, 0),
        "successful": counts.get(TaskResultStatus.SUCCESSFUL, 0),
        "oldest_due_seconds": round(max(0.0, (now - min(due_since)).total_seconds()), 1)
        if due_since
        else 0.0,
    }


def queue_health() -> tuple[str, dict | None]:
    """("ok" | "degraded" | "error", figures) for /healthz: degraded when more tasks wait than
    TASKS_HEALTH_MAX_WAITING or the oldest due one has waited longer than
    TASKS_HEALTH_MAX_AGE seconds (no worker, or too few). "ok" with no figures when tasks run
    at once."""
    try:
        state = queue_state()
    except Exception:  # the database itself is checked (and reported) by /healthz
        logger.exception("Health check: task queue unreadable")
        return "error", None
    if state is None:
        return "ok", None
    late = (
        state["waiting"] > settings.TASKS_HEALTH_MAX_WAITING
        or state["oldest_due_seconds"] > settings.TASKS_HEALTH_MAX_AGE
    )
    return ("degraded" if late else "ok"), state


@checks.register(checks.Tags.compatibility, deploy=True)
def check_engine_writes_are_queued(app_configs=None, **kwargs):
    """An engine configured with tasks run at once: index writes wait for the engine inside the
    editor's request and are lost while it is down."""
    engines = [
        name for name, params in settings.WAGTAILSEARCH_BACKENDS.items() if "LANGUAGE" in params
    ]
    if engines and not database_queue_configured():
        return [
            checks.Warning(
                "A search engine is configured but background tasks run inside the request "
                "(TASKS_BACKEND=immediate): publishing waits for the engine and writes made "
                "while it is down are lost.",
                hint="Set TASKS_BACKEND=database and run `manage.py db_worker` "
                "(docs/deployment.md, Background tasks).",
                id="smartvillages_core.W001",
            )
        ]
    return []
