"""Applicants' data: applications to calls and their documents are read by the "Call
reviewers" group and superusers only; every download is logged; an applicant's data is
exported or erased on request; applications past the retention period are deleted."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry

from home import privacy
from home.models import CallAttachment, CallPage, CallSubmission
from smartvillages.translation.groups import EDITORS_GROUP, translators_group_name
from tests.home.test_call_submissions import PDF, URL_IT, answers, call, isolated, upload

__all__ = ["isolated"]  # the autouse fixture: a private storage of the test's own

pytestmark = pytest.mark.django_db

EMAIL = "sportello.privacy@example.org"


@pytest.fixture(autouse=True)
def no_applications_yet(db):
    """Each test starts without applications (rolled back after it): a reused test database
    keeps those the browser tests committed."""
    CallSubmission.objects.all().delete()


def member(django_user_model, group_name, username):
    user = django_user_model.objects.create_user(username, f"{username}@example.org", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    return user, client


def apply(email=EMAIL, document=True):
    """An application to the open demo call, sent in Italian with a PDF."""
    extra = {"document": upload("budget.pdf", PDF, "application/pdf")} if document else {}
    response = Client().post(URL_IT, answers(call("it"), courriel=email, **extra))
    assert response.status_code in (200, 302)
    return CallSubmission.objects.order_by("-pk").first()


def refused(response) -> bool:
    """Wagtail's admin answers a refusal with a redirect to its dashboard and a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


@pytest.fixture
def reviewer(django_user_model):
    """A call reviewer whose admin speaks English (the messages compared here)."""
    from wagtail.users.models import UserProfile

    user, client = member(django_user_model, privacy.REVIEWERS_GROUP, "reviewer")
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    return user, client


def test_translators_and_editors_do_not_read_applications(django_user_model):
    submission = apply()
    attachment = submission.attachments.get()
    page = call("fr")
    for group in (translators_group_name("fr"), translators_group_name("it"), EDITORS_GROUP):
        _user, client = member(django_user_model, group, f"u{Group.objects.get(name=group).pk}")
        assert refused(client.get(f"/admin/forms/submissions/{page.pk}/")), group
        assert refused(client.get(f"/admin/call-attachments/{attachment.pk}/")), group
        assert refused(client.get(f"/admin/forms/submissions/{page.pk}/?export=csv")), group
        assert refused(client.get("/admin/applications/")), group
        forms = client.get("/admin/forms/").content.decode()
        assert page.title not in forms, group
        assert "/admin/applications/" not in client.get("/admin/").content.decode()
        # They still edit the call page itself.
        if group != translators_group_name("it"):
            assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200, group
    assert not ModelLogEntry.objects.filter(action=privacy.DOWNLOAD_ACTION).exists()


def test_a_reviewer_reads_applications_and_each_download_is_logged(reviewer):
    user, client = reviewer
    submission = apply()
    attachment = submission.attachments.get()
    page = call("fr")
    # Wagtail's index of forms lists pages one may edit: reviewers have their own listing.
    index = client.get("/admin/").content.decode()
    assert "/admin/applications/" in index and "/admin/forms/" not in index  # the main menu
    calls = client.get("/admin/applications/").content.decode()
    assert f'href="/admin/forms/submissions/{page.pk}/"' in calls
    listing = client.get(f"/admin/forms/submissions/{page.pk}/")
    assert listing.status_code == 200
    assert "Sportello digitale itinerante" in listing.content.decode()

    response = client.get(f"/admin/call-attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    entry = ModelLogEntry.objects.get(action=privacy.DOWNLOAD_ACTION, user=user)
    assert entry.user_id == user.pk and entry.object_id == str(submission.pk)
    assert entry.label == f"Application #{submission.pk} ({submission.page.title})"
    assert EMAIL not in entry.label and EMAIL not in json.dumps(entry.data)

    assert client.get(f"/admin/forms/submissions/{page.pk}/?export=csv").status_code == 200
    export = PageLogEntry.objects.get(action=privacy.EXPORT_ACTION, page=page, user=user)
    assert export.user_id == user.pk and export.data == {"applications": 1, "format": "csv"}


def test_an_applicant_data_is_exported_as_a_zip(reviewer):
    user, client = reviewer
    first = apply()
    second = apply(email="Sportello.PRIVACY@example.org ", document=False)
    apply(email="someone-else@example.org", document=False)

    page = client.get("/admin/applications/", {"email": EMAIL})
    html = page.content.decode()
    assert page.status_code == 200
    assert f"<td>{first.pk}</td>" in html and f"<td>{second.pk}</td>" in html
    # The call's title is in its own language inside the reviewer's English admin.
    assert f'<td lang="fr">{first.page.title}</td>' in html
    assert "someone-else" not in html

    response = client.get("/admin/applications/", {"email": EMAIL, "export": "zip"})
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    records = json.loads(archive.read("applications.json"))
    assert [r["application"] for r in records] == [first.pk, second.pk]
    assert records[0]["answers"]["titre"] == "Sportello digitale itinerante"
    document = records[0]["documents"][0]
    assert document["name"] == "budget.pdf" and archive.read(document["file"]) == PDF
    logged = ModelLogEntry.objects.filter(action=privacy.EXPORT_ACTION, user=user)
    assert sorted(logged.values_list("object_id", flat=True)) == sorted(
        [str(first.pk), str(second.pk)]
    )


def test_an_unknown_address_finds_nothing_and_a_malformed_one_is_explained(reviewer):
    _user, client = reviewer
    apply()
    html = client.get("/admin/applications/", {"email": "nobody@example.org"}).content
    assert b"No application was sent with this e-mail address." in html
    response = client.get("/admin/applications/", {"email": "<b>not-an-address"})
    assert response.status_code == 200
    assert b"Enter a valid email address." in response.content
    assert b'value="&lt;b&gt;not-an-address"' in response.content  # kept, escaped


def test_erasing_needs_confirmation_then_deletes_applications_and_documents(reviewer, isolated):
    user, client = reviewer
    submission = apply()
    other = apply(email="someone-else@example.org", document=False)
    stored = submission.attachments.get().file.name
    assert isolated.exists(stored)

    unconfirmed = client.post("/admin/applications/", {"email": EMAIL})
    assert unconfirmed.status_code == 200
    assert CallSubmission.objects.filter(pk=submission.pk).exists()

    response = client.post("/admin/applications/", {"email": EMAIL, "confirm": "on"})
    assert response.status_code == 302
    assert not CallSubmission.objects.filter(pk=submission.pk).exists()
    assert not CallAttachment.objects.filter(submission_id=submission.pk).exists()
    assert not isolated.exists(stored)
    assert CallSubmission.objects.filter(pk=other.pk).exists()
    entry = ModelLogEntry.objects.get(action=privacy.ERASE_ACTION, user=user)
    assert entry.user_id == user.pk and entry.object_id == str(submission.pk)
    assert EMAIL not in entry.label
    followed = client.get(response["Location"]).content.decode()
    assert "1 application and its documents erased." in followed


def test_a_reviewer_without_the_delete_permission_cannot_erase(django_user_model):
    user, client = member(django_user_model, privacy.REVIEWERS_GROUP, "reader")
    group = Group.objects.get(name=privacy.REVIEWERS_GROUP)
    group.permissions.remove(group.permissions.get(codename="delete_callsubmission"))
    submission = apply()
    response = client.post("/admin/applications/", {"email": EMAIL, "confirm": "on"})
    assert refused(response)
    assert CallSubmission.objects.filter(pk=submission.pk).exists()
    assert "Erase their data" not in client.get(
        "/admin/applications/", {"email": EMAIL}
    ).content.decode("utf-8")


def test_retention_deletes_only_applications_past_their_period(settings, isolated):
    settings.CALL_APPLICATION_RETENTION_MONTHS = 24
    now = timezone.now()
    open_call = call("fr")
    closed_call = CallPage.objects.get(slug="ami-territoire-pilote-smart-villages")

    def sent(page, when):
        submission = CallSubmission.objects.create(page=page, form_data={"courriel": EMAIL})
        CallSubmission.objects.filter(pk=submission.pk).update(submit_time=when)
        return submission.pk

    # The closed call closed 24 months and a day ago: its applications are past their period.
    CallPage.objects.filter(pk=closed_call.pk).update(
        closes_at=now - relativedelta(months=24) - timedelta(days=1)
    )
    expired = sent(closed_call, now - relativedelta(months=30))
    with_document = apply()  # on the open call: kept, however old, until it closes
    CallSubmission.objects.filter(pk=with_document.pk).update(
        submit_time=now - relativedelta(months=40)
    )
    document = with_document.attachments.get().file.name

    call_command("delete_expired_applications", stdout=io.StringIO())
    assert not CallSubmission.objects.filter(pk=expired).exists()
    assert CallSubmission.objects.filter(pk=with_document.pk).exists()
    assert isolated.exists(document)
    assert ModelLogEntry.objects.filter(
        action=privacy.EXPIRE_ACTION, object_id=str(expired)
    ).exists()

    # A day before the end of its period, an application stays.
    CallPage.objects.filter(pk=closed_call.pk).update(
        closes_at=now - relativedelta(months=24) + timedelta(days=1)
    )
    kept = sent(closed_call, now - relativedelta(months=30))
    # The open call closes: 24 months later, its application and document are deleted.
    CallPage.objects.filter(pk=open_call.pk).update(
        closes_at=now - relativedelta(months=25), opens_at=now - relativedelta(months=26)
    )
    out = io.StringIO()
    call_command("delete_expired_applications", "--dry-run", stdout=out)
    assert out.getvalue().startswith("1 application(s)")
    assert CallSubmission.objects.filter(pk=with_document.pk).exists()
    call_command("delete_expired_applications", stdout=io.StringIO())
    assert CallSubmission.objects.filter(pk=kept).exists()
    assert not CallSubmission.objects.filter(pk=with_document.pk).exists()
    assert not isolated.exists(document)


def test_the_daily_task_deletes_what_the_command_deletes(isolated):
    """The retention clean-up from the task queue (home.tasks) deletes the expired applications,
    as ``manage.py delete_expired_applications`` does, and enqueues the next night's."""
    from home.tasks import delete_expired_applications
    from tests.tasks import database_tasks, run_worker, waiting

    now = timezone.now()
    closed_call = CallPage.objects.get(slug="ami-territoire-pilote-smart-villages")
    CallPage.objects.filter(pk=closed_call.pk).update(closes_at=now - relativedelta(months=30))
    expired = CallSubmission.objects.create(page=closed_call, form_data={"courriel": EMAIL})
    kept = apply()  # on the open call
    with database_tasks():
        delete_expired_applications.enqueue()
        run_worker()
        assert waiting("home.tasks.delete_expired_applications").count() == 1  # tomorrow's
    assert not CallSubmission.objects.filter(pk=expired.pk).exists()
    assert CallSubmission.objects.filter(pk=kept.pk).exists()
