"""Hooks of the contributors' app: who proposed a practice (on the practice page), the files
of a proposal shown to its reviewers in the preview, their admin view, and the demo."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from smartvillages.core.hooks import (
    DEMO_LOADERS_HOOK,
    EVENT_SECTIONS_HOOK,
    PRACTICE_SECTIONS_HOOK,
)

from . import views
from .models import EventReport, Proposal


@hooks.register(PRACTICE_SECTIONS_HOOK)
def proposed_by(page, request):
    """ "Proposed by" on a practice that came from a contributor, in every language (by the
    page's translation key): one query. In an editor's preview, the files still waiting in
    private storage are listed with links to the reviewers' view."""
    proposal = (
        Proposal.objects.filter(page_key=page.translation_key)
        .select_related("owner__contributor_profile")
        .first()
    )
    if proposal is None:
        return None
    is_preview = getattr(request, "is_preview", False)
    if proposal.status != Proposal.Status.PUBLISHED and not is_preview:
        return None
    owner = proposal.owner
    profile = getattr(owner, "contributor_profile", None) if owner else None
    return {
        "template": "contributors/includes/proposed_by.html",
        "profile": profile,
        "pending_files": (
            [item for item in proposal.files.all() if not item.published_object]
            if is_preview
            else []
        ),
    }


@hooks.register("register_admin_urls")
def register_review_urls():
    return [
        path(
            "contributor-files/<int:file_pk>/",
            views.review_file,
            name="contributors_review_file",
        )
    ]


@hooks.register(DEMO_LOADERS_HOOK, order=60)
def load_contributors(command, home):
    from .demo_loader import load

    load(command, home)


#: The rendition of a report's photos (the template's {% image %} filter), fetched with them.
REPORT_IMAGE = "width-800"


@hooks.register(EVENT_SECTIONS_HOOK)
def contributed_reports(page, request):
    """Participants' reports on the event, approved by the editors, in every language of the
    event (each marked with its own): one query, and one more for their photos and documents
    when they have some."""
    reports = list(
        EventReport.objects.filter(live=True, event__translation_key=page.translation_key).order_by(
            "-first_published_at", "-pk"
        )
    )
    if not reports:
        return None
    ids = {"image": set(), "document": set()}
    for report in reports:
        for item in report.files:
            ids[item["kind"]].add(item["id"])
    images = (
        get_image_model().objects.prefetch_renditions(REPORT_IMAGE).in_bulk(ids["image"])
        if ids["image"]
        else {}
    )
    documents = get_document_model().objects.in_bulk(ids["document"]) if ids["document"] else {}
    for report in reports:
        report.images = [
            (images[item["id"]], item["description"])
            for item in report.files
            if item["kind"] == "image" and item["id"] in images
        ]
        report.documents = [
            documents[item["id"]]
            for item in report.files
            if item["kind"] == "document" and item["id"] in documents
        ]
    return {"template": "contributors/includes/event_reports.html", "reports": reports}


class EventReportViewSet(SnippetViewSet):
    model = EventReport
    icon = "doc-full"
    menu_label = _("Participants' reports")
    list_display = ["heading", "event", "language", "author_name"]
    list_filter = ["language", "live"]


register_snippet(EventReportViewSet)
