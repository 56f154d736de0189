"""Hooks of the self-assessment: the invitation to take it (home page, practice library,
calls), the editors' report, and its demo content."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from smartvillages.core.hooks import (
    DEMO_LOADERS_HOOK,
    EDITOR_PERMISSIONS_HOOK,
    PAGE_INVITATIONS_HOOK,
)

from . import views
from .models import SelfAssessmentPage


@hooks.register(PAGE_INVITATIONS_HOOK)
def invite_to_self_assessment(page, request, place):
    """A link to the self-assessment of the page's language, where there is one: one query."""
    assessment = (
        SelfAssessmentPage.objects.live()
        .filter(locale_id=page.locale_id)
        .select_related("alias_of__locale")  # an untranslated title is marked with its language
        .first()
    )
    if assessment is None:
        return None
    return {"template": "assessment/invitation.html", "page": assessment, "place": place}


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("reports/self-assessments/", views.report, name="assessment_report")]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.PERMISSION)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem(
        _("Self-assessments"),
        reverse("assessment_report"),
        name="self-assessments",
        icon_name="list-ul",
        order=1000,
    )


@hooks.register(EDITOR_PERMISSIONS_HOOK)
def editors_see_the_report():
    return [tuple(views.PERMISSION.split("."))]


@hooks.register(DEMO_LOADERS_HOOK)
def load_self_assessment(command, home):
    from .demo_loader import load

    load(command, home)
