"""Hooks of the contributors' app: who proposed a practice (on the practice page), the files
of a proposal shown to its reviewers in the preview, their admin view, and the demo."""

from django.urls import path
from wagtail import hooks

from smartvillages.core.hooks import DEMO_LOADERS_HOOK, PRACTICE_SECTIONS_HOOK

from . import views
from .models import Proposal


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
