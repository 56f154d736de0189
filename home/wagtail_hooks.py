"""Hooks of the general pages app: its demo loaders (pages first, their translations last),
and applicants' data kept to the call reviewers: the admin route of the documents sent with
applications, the applications' listing filtered to reviewers, the log actions of their
downloads, the "Call reviewers" group, and the page where one applicant's data is exported or
erased (home.privacy)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from smartvillages.core.hooks import DAILY_TASKS_HOOK, DEMO_LOADERS_HOOK, ROLE_GROUPS_HOOK

from . import privacy, tasks, views
from .models import CallPage


@hooks.register("register_admin_urls")
def register_applicants_data_urls():
    """/admin/call-attachments/<id>/: documents sent with call applications, for the call
    reviewers only, never from a public folder; /admin/applications/: the calls' applications
    and one applicant's data, exported or erased."""
    return [
        path("call-attachments/<int:pk>/", views.call_attachment, name="call_attachment"),
        path("applications/", views.applicant_data, name="call_applications"),
    ]


@hooks.register("filter_form_submissions_for_user")
def applications_for_call_reviewers_only(user, editable_forms):
    """Wagtail shows a form's submissions to whoever may edit the form page: here, the
    applications to calls go to the call reviewers (and superusers) instead, whatever their
    page permissions; translators and editors do not read applicants' personal data."""
    if user.is_superuser:
        return editable_forms
    if privacy.may_read_applications(user):
        return editable_forms | Page.objects.type(CallPage).filter(alias_of__isnull=True)
    return editable_forms.not_type(CallPage)


@hooks.register(ROLE_GROUPS_HOOK)
def call_reviewers_group():
    return (
        privacy.REVIEWERS_GROUP,
        tuple(
            tuple(name.split(".")) for name in (privacy.VIEW_PERMISSION, privacy.ERASE_PERMISSION)
        ),
        privacy.DEMO_REVIEWER,
    )


@hooks.register("register_log_actions")
def register_applicants_data_actions(actions):
    actions.register_action(
        privacy.DOWNLOAD_ACTION, _("Application document downloaded"), _("Document downloaded")
    )
    actions.register_action(
        privacy.EXPORT_ACTION, _("Applications exported"), _("Applications exported")
    )
    actions.register_action(
        privacy.ERASE_ACTION, _("Applicant's data erased"), _("Applicant's data erased")
    )
    actions.register_action(
        privacy.EXPIRE_ACTION,
        _("Application deleted after the retention period"),
        _("Deleted after the retention period"),
    )


class ApplicantDataMenuItem(MenuItem):
    def is_shown(self, request):
        return privacy.may_read_applications(request.user)


@hooks.register("register_admin_menu_item")
def register_applicant_data_menu_item():
    """Beside Wagtail's "Forms", for the call reviewers only: Wagtail's index of forms lists
    pages one may edit, which reviewers may not; this page lists the calls' applications."""
    return ApplicantDataMenuItem(
        _("Applications"),
        reverse("call_applications"),
        name="applications",
        icon_name="form",
        order=710,
    )


@hooks.register("construct_main_menu")
def hide_forms_index_from_reviewers(request, menu_items):
    """Wagtail shows "Forms" to whoever reads a form's submissions, but its index refuses
    users without page permissions: reviewers find the applications under "Applications"."""
    if request.user.is_superuser or privacy.may_read_applications(request.user):
        from wagtail.admin.auth import user_has_any_page_permission

        if not user_has_any_page_permission(request.user):
            menu_items[:] = [item for item in menu_items if item.name != "forms"]


@hooks.register(DEMO_LOADERS_HOOK, order=-1)
def load_general_pages(command, home):
    """The home page and the general pages, which every other app's loader builds under."""
    from .demo_loader import load

    load(command, home)


@hooks.register(DEMO_LOADERS_HOOK, order=1)
def translate_general_pages(command, home):
    """Their translations, once every app has built its pages."""
    from .demo_loader import translate

    translate(command, home)


@hooks.register(DAILY_TASKS_HOOK)
def register_retention_task():
    """Applications past CALL_APPLICATION_RETENTION_MONTHS are deleted every night."""
    return [(tasks.delete_expired_applications, tasks.RETENTION_TIME)]
