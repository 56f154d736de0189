"""The admin's *Background tasks* report (Reports menu): the task queue as operators need it.

It lists the tasks of the database queue (django-tasks-db) by status, waiting, running, failed
or done, with what each was asked to do, when, its attempt and its error. A failed task can be
retried (enqueued again, from its first attempt) or discarded, and so can a waiting one be
discarded. Reading needs django-tasks-db's view permission, retrying its change permission,
discarding its delete permission (superusers have all three).
"""

from __future__ import annotations

import logging
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from wagtail.admin.auth import require_admin_access

from .queue import database_queue_configured, queue_state, task_label

logger = logging.getLogger(__name__)

VIEW_PERMISSION = "django_tasks_db.view_dbtaskresult"
RETRY_PERMISSION = "django_tasks_db.change_dbtaskresult"
DISCARD_PERMISSION = "django_tasks_db.delete_dbtaskresult"

STATUS_LABELS = {
    "READY": _("Waiting"),
    "RUNNING": _("Running"),
    "FAILED": _("Failed"),
    "SUCCESSFUL": _("Done"),
}
PAGE_SIZE = 50


def may_view(user) -> bool:
    return user.has_perm(VIEW_PERMISSION)


def retry(result) -> None:
    """Enqueue a failed task again with its arguments, from its first attempt, in place of the
    failed row."""
    kwargs = {key: value for key, value in result.args_kwargs["kwargs"].items() if key != "attempt"}
    result.task.enqueue(*result.args_kwargs["args"], **kwargs)
    result.delete()


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


class Row:
    def __init__(self, result):
        self.result = result
        self.id = result.id
        self.label = task_label(result.task_path)
        arguments = ", ".join(str(value) for value in result.args_kwargs.get("args", []))
        self.arguments = arguments if len(arguments) <= 120 else arguments[:119] + "…"
        self.attempt = result.args_kwargs.get("kwargs", {}).get("attempt", 1)
        self.status = result.status
        self.status_label = STATUS_LABELS.get(result.status, result.status)
        self.error = result.exception_class_path.rsplit(".", 1)[-1]
        self.traceback = result.traceback
        self.scheduled = result.run_after if result.run_after.year < 9999 else None


@require_admin_access
@require_http_methods(["GET", "POST"])
def background_tasks(request):
    from django_tasks_db.models import DBTaskResult

    if not may_view(request.user):
        raise PermissionDenied
    if request.method == "POST":
        return _act(request, DBTaskResult)
    status = request.GET.get("status", "")
    results = DBTaskResult.objects.order_by("-enqueued_at")
    if status in STATUS_LABELS:
        results = results.filter(status=status)
    else:
        status = ""
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "core/admin/background_tasks.html",
        {
            "queue": queue_state() if database_queue_configured() else None,
            "statuses": STATUS_LABELS,
            "status": status,
            "page": page,
            "rows": [Row(result) for result in page.object_list],
            "may_retry": request.user.has_perm(RETRY_PERMISSION),
            "may_discard": request.user.has_perm(DISCARD_PERMISSION),
        },
    )


def _act(request, DBTaskResult):
    action = request.POST.get("action")
    ids = request.POST.getlist("task")
    if action == "retry":
        if not request.user.has_perm(RETRY_PERMISSION):
            raise PermissionDenied
        chosen = DBTaskResult.objects.filter(status="FAILED")
    elif action == "discard":
        if not request.user.has_perm(DISCARD_PERMISSION):
            raise PermissionDenied
        chosen = DBTaskResult.objects.filter(status__in=["FAILED", "READY"])
    else:
        messages.error(request, _("Unknown action."))
        return redirect("background_tasks")
    if request.POST.get("all") != "failed":
        chosen = chosen.filter(pk__in=[value for value in ids if _is_uuid(value)])
    elif action == "discard":
        chosen = chosen.filter(status="FAILED")
    done = 0
    for result in list(chosen[:1000]):
        if action == "retry":
            retry(result)
        else:
            result.delete()
        done += 1
    logger.info("Background tasks: %s %d task(s) by user %s", action, done, request.user.pk)
    if action == "retry":
        message = ngettext(
            "%(count)d task enqueued again.", "%(count)d tasks enqueued again.", done
        )
    else:
        message = ngettext("%(count)d task discarded.", "%(count)d tasks discarded.", done)
    messages.success(request, message % {"count": done})
    return redirect(reverse("background_tasks") + "?" + request.GET.urlencode())
