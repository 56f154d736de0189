"""Search engine writes as tasks of the task queue (smartvillages.core.queue).

Saving or deleting a page asks each language entry of the engine for a ``sync_index_entry``
task (backends/engine.py, ``queue_write``). The task waits ``SEARCH_WRITE_DELAY`` seconds in
the queue, and while it waits the same request for the same object and entry adds nothing: ten
saves of a page in that time send one write. When it runs, it sends what the database holds
then (the document, or a removal). While the engine is unreachable it enqueues itself again
with backoff (``SEARCH_WRITE_RETRY``) and fails, visibly in the admin's *Background tasks*,
after the last attempt; so an outage ends with the indexes caught up, without ``update_index``.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from smartvillages.core.queue import register_task_label


class EngineUnavailable(Exception):
    """An index write given up after the last attempt."""


@task()
def sync_index_entry(alias: str, model_label: str, pk: str, attempt: int = 1) -> str:
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend(alias)
    return backend.sync_entry(apps.get_model(model_label), pk, attempt)


register_task_label(sync_index_entry, _("Send a page to the search engine"))
