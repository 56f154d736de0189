"""Proposing a practice: three steps that keep what was typed, a draft practice page in the
contributor's language entering Wagtail's workflow, editors' decisions in the admin, and
every decision told to the contributor in their language. Another contributor never sees
someone else's draft; files stay private until approval."""

import io

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from PIL import Image
from wagtail.models import Page, WorkflowState

from contributors.models import Notification, Proposal, ProposalFile
from practices.models import PracticePage
from tests.uploads import pdf_bytes, photo_bytes


@pytest.fixture
def contributor(signed_in_contributor):
    return signed_in_contributor("mojca", "Mojca Novak")


@pytest.fixture
def reviewer(db, django_user_model):
    from django.contrib.auth.models import Group

    from smartvillages.translation.groups import setup_groups, translators_group_name

    setup_groups()
    user = django_user_model.objects.create_user("urednik", "urednik@example.si", "x-Passw0rd-x")
    user.groups.add(Group.objects.get(name=translators_group_name("sl")))
    client = Client()
    client.force_login(user)
    return client


def start(client):
    response = client.post("/sl/account/proposals/new/")
    assert response.status_code == 302
    return Proposal.objects.latest("pk")


STEP1 = {
    "title": "Vaška trgovina v stari šoli",
    "summary": (
        "<script>alert('x')</script>Prebivalci so v stari šoli odprli trgovino z lokalnimi izdelki."
    ),
    "dimensions": ["economy", "living"],
    "action_type": "",
}
STEP2 = {
    "countries": ["SI"],
    "territory": "Zgornja Savinjska dolina",
    "scale": "village",
    "start_date": "2024-03-01",
    "end_date": "",
    "latitude": "46.35",
    "longitude": "14.85",
    "organisation": "",
    "website": "",
}


def step3(**extra):
    return {
        "description": (
            "Društvo prebivalcev vodi trgovino dvakrat na teden.\n\nObčina je dala prostore."
        ),
        "objectives": "",
        "results": "",
        "difficulties": "",
        "resources": "",
        "funding_note": "",
        "contact_name": "",
        "contact_role": "",
        "contact_email": "",
        "contact_phone": "",
        "photo_description": "",
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "12",
        "steps-0-date": "2024-03-01",
        "steps-0-title": "Odprtje trgovine",
        "steps-0-text": "",
        **extra,
    }


def url(proposal, step):
    return f"/sl/account/proposals/{proposal.pk}/step/{step}/"


def propose(client, **step3_extra):
    proposal = start(client)
    assert client.post(url(proposal, 1), STEP1).status_code == 302
    assert client.post(url(proposal, 2), STEP2).status_code == 302
    response = client.post(url(proposal, 3), step3(action="submit", **step3_extra))
    proposal.refresh_from_db()
    return proposal, response


def test_a_step_with_errors_comes_back_with_what_was_typed(contributor):
    proposal = start(contributor)
    response = contributor.post(url(proposal, 1), {**STEP1, "dimensions": []})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="form-errors"' in html
    assert "Vaška trgovina v stari šoli" in html
    proposal.refresh_from_db()
    assert proposal.data == {}


def test_a_draft_is_saved_and_resumed(contributor):
    proposal = start(contributor)
    contributor.post(url(proposal, 1), {**STEP1, "action": "save"})
    proposal.refresh_from_db()
    assert proposal.status == "draft" and proposal.data["title"] == STEP1["title"]
    page = contributor.get(url(proposal, 1)).content.decode()
    assert 'value="Vaška trgovina v stari šoli"' in page
    dashboard = contributor.get("/sl/account/").content.decode()
    assert STEP1["title"] in dashboard


def test_sending_makes_a_draft_page_in_the_workflow_with_sanitised_text(contributor):
    mail.outbox.clear()
    photo = io.BytesIO(photo_bytes())
    photo.name = "trgovina.jpg"
    proposal, response = propose(
        contributor,
        photo=photo,
        photo_description="Prostovoljci v trgovini",
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "in_review"
    page = PracticePage.objects.get(pk=proposal.page_id)
    assert not page.live
    assert page.locale.language_code == "sl"
    latest = page.get_latest_revision_as_object()
    assert latest.introduction.startswith("Prebivalci so v stari šoli")
    assert "script" not in latest.introduction and "alert" not in latest.introduction
    assert latest.description.count("<p>") == 2
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == "in_progress"
    assert state.workflow.name == "Contributor proposals — Slovenščina"
    item = ProposalFile.objects.get(proposal=proposal)
    with item.file.open("rb") as handle, Image.open(handle) as image:
        assert not image.getexif()
    # The contributor is told in Slovenian; the reviewers get the admin link
    subjects = [message.subject for message in mail.outbox]
    assert any("Prejeli smo" in subject for subject in subjects), subjects


def test_another_contributor_gets_404_on_someone_elses_draft(contributor, django_user_model):
    proposal = start(contributor)
    contributor.post(url(proposal, 1), STEP1)
    document = io.BytesIO(pdf_bytes())
    document.name = "nacrt.pdf"
    contributor.post(url(proposal, 3), step3(document=document, action="upload"))
    item = ProposalFile.objects.get(proposal=proposal)
    other = django_user_model.objects.create_user("other", "other@example.org", "x-Passw0rd-x")
    intruder = Client()
    intruder.force_login(other)
    for path in (
        f"/sl/account/proposals/{proposal.pk}/",
        url(proposal, 1),
        f"/sl/account/proposals/{proposal.pk}/files/{item.pk}/",
    ):
        assert intruder.get(path).status_code == 404, path
        assert intruder.post(path, STEP1).status_code in (404, 405), path
    # Anonymous: sent to sign in; the file is nowhere under the public media folder
    assert Client().get(f"/sl/account/proposals/{proposal.pk}/files/{item.pk}/").status_code == 302
    assert Client().get("/media/" + item.file.name).status_code == 404
    assert Client().get(reverse("contributors_review_file", args=[item.pk])).status_code == 302
    own = contributor.get(f"/sl/account/proposals/{proposal.pk}/files/{item.pk}/")
    assert own.status_code == 200 and own["Content-Disposition"].startswith("attachment")


def test_a_polyglot_pdf_is_refused_and_the_form_keeps_the_rest(contributor):
    proposal = start(contributor)
    contributor.post(url(proposal, 1), STEP1)
    fake = io.BytesIO(b"%PDF-1.7\n<html><script>alert(1)</script></html>")
    fake.name = "nacrt.pdf"
    response = contributor.post(url(proposal, 3), step3(document=fake, action="upload"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Društvo prebivalcev vodi trgovino" in html
    assert not ProposalFile.objects.filter(proposal=proposal).exists()


def workflow_action(reviewer, page, action, comment=""):
    state = page.current_workflow_task_state
    return reviewer.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk]),
        {"comment": comment},
    )


def test_changes_requested_then_resubmitted_then_approved(contributor, reviewer):
    photo = io.BytesIO(photo_bytes())
    photo.name = "trgovina.jpg"
    proposal, _response = propose(contributor, photo=photo, photo_description="Prostovoljci")
    page = PracticePage.objects.get(pk=proposal.page_id)
    # a draft in review has no version in the other languages
    assert Page.objects.filter(translation_key=page.translation_key).count() == 1
    mail.outbox.clear()

    response = workflow_action(reviewer, page, "reject", "Dodajte proračun, prosim.")
    assert response.status_code in (200, 302)
    proposal.refresh_from_db()
    assert proposal.status == "changes_requested"
    assert proposal.decision_comment == "Dodajte proračun, prosim."
    assert "Dodajte proračun" in contributor.get("/sl/account/").content.decode()
    assert any("Zahtevane spremembe" in m.subject for m in mail.outbox), [
        m.subject for m in mail.outbox
    ]

    edited = contributor.post(
        url(proposal, 3), step3(funding_note="12.000 EUR, LEADER", action="submit")
    )
    assert edited.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "in_review"

    page.refresh_from_db()
    workflow_action(reviewer, page, "approve")
    proposal.refresh_from_db()
    assert proposal.status == "published"
    page = PracticePage.objects.get(pk=proposal.page_id)
    assert page.live and page.funding_note == "12.000 EUR, LEADER"
    # published: in every language's library, as "not yet translated" until it is
    versions = Page.objects.filter(translation_key=page.translation_key)
    assert versions.count() == 5 and versions.filter(alias_of=page, live=True).count() == 4
    assert len(page.images) == 1  # the photo became a Wagtail image of the page
    assert Notification.objects.filter(proposal=proposal, verb="published").exists()
    library = Client().get(page.get_parent().url).content.decode()
    assert "Vaška trgovina v stari šoli" in library
    html = Client().get(page.url).content.decode()
    assert "Mojca Novak" in html


def test_a_declined_proposal_ends_its_workflow_with_the_reason(contributor, reviewer):
    proposal, _response = propose(contributor)
    page = PracticePage.objects.get(pk=proposal.page_id)
    workflow_action(reviewer, page, "decline", "Ni praksa s področja Alp.")
    proposal.refresh_from_db()
    assert proposal.status == "declined"
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == "cancelled"
    detail = contributor.get(f"/sl/account/proposals/{proposal.pk}/").content.decode()
    assert "Ni praksa s področja Alp." in detail
    assert contributor.get(url(proposal, 1)).status_code == 302  # no longer editable


def test_the_demo_shows_the_workflow_at_work(db):
    statuses = set(
        Proposal.objects.filter(owner__username="adrets-equipe").values_list("status", flat=True)
    )
    assert statuses == {"in_review", "changes_requested"}
    assert Proposal.objects.filter(owner__username="la-traverse", status="published").count() == 2
    for proposal in Proposal.objects.filter(owner__username="la-traverse", status="published"):
        for language in ("en", "it", "de", "sl"):
            translation = Page.objects.get(
                translation_key=proposal.page_key, locale__language_code=language
            )
            assert translation.alias_of_id is None and translation.live
