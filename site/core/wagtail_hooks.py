"""Admin parts of the shared core: the *Background tasks* report (tasks_admin.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import tasks_admin


@hooks.register("register_admin_urls")
def register_background_tasks_url():
    return [path("background-tasks/", tasks_admin.background_tasks, name="background_tasks")]


class BackgroundTasksMenuItem(MenuItem):
    def is_shown(self, request):
        return tasks_admin.may_view(request.user)


@hooks.register("register_reports_menu_item")
def register_background_tasks_menu_item():
    return BackgroundTasksMenuItem(
        _("Background tasks"),
        reverse("background_tasks"),
        name="background-tasks",
        icon_name="cogs",
        order=900,
    )
