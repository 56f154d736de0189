"""Proposing a report on an event: one step with the event, session, key points, text and
files; reviewed in the same workflow as practices (Wagtail's workflows on snippets); once
approved, shown on the event page in every language, marked with its own."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import WorkflowState

from contributors.models import ContributorProfile, EventReport, Proposal
from events.models import EventPage
from tests.uploads import pdf_bytes, photo_bytes


@pytest.fixture
def contributor(signed_in_contributor):
    return signed_in_contributor("janez", "Janez Kranjc")


@pytest.fixture
def editor(db, django_user_model):
    user = django_user_model.objects.create_superuser("urednica", "u@example.org", "x-Pw-0")
    client = Client()
    client.force_login(user)
    return client


def grenoble(language):
    return (
        EventPage.objects.filter(locale__language_code=language, start_date__year=2020)
        .order_by("start_date")
        .first()
    )


def propose_report(client, **extra):
    assert client.post("/sl/account/proposals/new/", {"kind": "report"}).status_code == 302
    proposal = Proposal.objects.latest("pk")
    assert proposal.kind == "report"
    photo = io.BytesIO(photo_bytes())
    photo.name = "delavnica.jpg"
    document = io.BytesIO(pdf_bytes())
    document.name = "zapiski.pdf"
    data = {
        "event": grenoble("sl").pk,
        "session": "Študijski obisk v Vercorsu",
        "heading": "Kaj smo se naučili v Vercorsu",
        "key_points": "Skupni prostori za delo\nMobilnost med vasmi",
        "text": "<script>alert(1)</script>Obisk je pokazal, kako majhne občine sodelujejo.",
        "photo": photo,
        "photo_description": "Udeleženci v dvorani",
        "document": document,
        "action": "submit",
        **extra,
    }
    response = client.post(f"/sl/account/proposals/{proposal.pk}/step/1/", data)
    assert response.status_code == 302, response.content[:300]
    proposal.refresh_from_db()
    return proposal


def test_a_report_is_reviewed_then_shown_on_the_event_in_every_language(contributor, editor):
    proposal = propose_report(contributor)
    assert proposal.status == "in_review"
    report = EventReport.objects.get(pk=proposal.report_id)
    assert not report.live
    assert "script" not in report.text and report.text.startswith("Obisk je pokazal")
    state = WorkflowState.objects.get(object_id=str(report.pk), status="in_progress")
    assert state.workflow.name == "Contributor proposals — Slovenščina"
    event_fr = grenoble("fr")
    assert "Kaj smo se naučili" not in Client().get(event_fr.url).content.decode()

    task_state = state.current_task_state
    response = editor.post(
        reverse(
            "wagtailsnippets_contributors_eventreport:workflow_action",
            args=[report.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    report.refresh_from_db()
    proposal.refresh_from_db()
    assert report.live and proposal.status == "published"
    assert len(report.files) == 2  # the photo and the PDF became an image and a document
    for event in (grenoble("sl"), event_fr):
        html = Client().get(event.url).content.decode()
        assert "Kaj smo se naučili v Vercorsu" in html
        assert 'id="contributed-reports"' in html
        assert "Janez Kranjc" in html
        assert 'alt="Udeleženci v dvorani"' in html
    assert (
        '<article class="contributed-report" lang="sl">'
        in Client().get(event_fr.url).content.decode()
    )


def test_another_contributor_cannot_see_a_report_draft(contributor, django_user_model):
    proposal = propose_report(contributor, action="save")
    other = django_user_model.objects.create_user("other2", "o2@example.org", "x-Passw0rd-x")
    intruder = Client()
    intruder.force_login(other)
    assert intruder.get(f"/sl/account/proposals/{proposal.pk}/").status_code == 404
    assert intruder.get(f"/sl/account/proposals/{proposal.pk}/step/1/").status_code == 404


def decide(editor, proposal, action, comment=""):
    """The editor's decision through the snippet's workflow-action URL in the admin."""
    report = EventReport.objects.get(pk=proposal.report_id)
    state = WorkflowState.objects.get(object_id=str(report.pk), status="in_progress")
    response = editor.post(
        reverse(
            "wagtailsnippets_contributors_eventreport:workflow_action",
            args=[report.pk, action, state.current_task_state.pk],
        ),
        {"comment": comment},
    )
    assert response.status_code in (200, 302)
    return EventReport.objects.get(pk=report.pk)


def test_a_declined_report_never_shows(contributor, editor):
    proposal = propose_report(contributor)
    decide(editor, proposal, "decline", "Ni povezano z dogodkom.")
    proposal.refresh_from_db()
    assert proposal.status == "declined"
    assert "Kaj smo se naučili" not in Client().get(grenoble("sl").url).content.decode()


def test_the_event_page_runs_as_many_queries_with_one_report_as_with_three(
    contributor, editor, max_queries
):
    """Reports, their photos and their renditions are fetched together: the event page's
    queries do not grow with the number of reports (each one with a photo)."""

    def approve_one():
        assert decide(editor, propose_report(contributor), "approve").live

    url = grenoble("sl").url
    approve_one()
    reader = Client()
    one = max_queries.get(reader, url, 40)
    approve_one()
    approve_one()
    assert max_queries.get(reader, url, one) == one
    assert reader.get(url).content.decode().count('class="contributed-report"') == 3


def test_a_public_profile_runs_as_many_queries_with_one_practice_as_with_two(db, max_queries):
    from contributors.review import save_page

    profile = ContributorProfile.objects.get(handle="la-traverse")
    reader = Client()
    url = "/sl/contributors/la-traverse/"
    two = max_queries.get(reader, url, 15)
    extra = Proposal.objects.create(
        owner=profile.user,
        language="fr",
        status="published",
        data={
            "title": "Un troisième projet",
            "summary": "Un résumé.",
            "dimensions": ["people"],
            "countries": ["FR"],
            "territory": "Vienne",
            "description": "Un texte.",
        },
    )
    page = save_page(extra, profile.user)
    page.get_latest_revision().publish()
    assert max_queries.get(reader, url, two) == two
