"""Submitting a call's form: stored, e-mailed and exported; refused when the call is closed,
without CSRF token, from robots, too often, or with a wrong document; and never losing what
the applicant typed."""

import io
import time
import zipfile

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.utils import timezone, translation
from django.utils.html import escape

from home.forms import (
    VERDICT_EXPIRED,
    VERDICT_HUMAN,
    inspect_submission,
    make_form_token,
    sniff_document,
)
from home.models import CallAttachment, CallPage, CallSubmission
from smartvillages.core.http import client_ip
from tests.conftest import translated
from tests.uploads import pdf_bytes

SLUG = "appel-a-pratiques"
CLOSED_SLUG = "ami-territoire-pilote-smart-villages"
URL_IT = "/it/invito-a-proporre-pratiche/"  # the Italian slug of the open call

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_TYPE = "application/vnd.oasis.opendocument.text"


# Helpers --------------------------------------------------------------------------------


def call(language="fr", slug=SLUG):
    return translated(CallPage, slug, language)


def answers(page, age=60, **overrides):
    """A complete application to the open demo call, in Italian, shown ``age`` s ago."""
    data = {
        "structure": "Comunità montana di prova",
        "nom": "Ufficio tecnico",
        "courriel": "ufficio@example.org",
        "pays": "Italia",
        "titre": "Sportello digitale itinerante",
        "description": "Un furgone attrezzato porta i servizi online nei villaggi.",
        "dimensions": ["Ambiente", "Mobilità"],
        "accord": "on",
        "hp_website": "",
        "hp_started": make_form_token(page, now=time.time() - age),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def zip_bytes(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


PDF = pdf_bytes()  # a real one-page PDF: documents are parsed, not only sniffed
POLYGLOT = b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script></body></html>"
ODT = zip_bytes([("mimetype", ODT_TYPE), ("content.xml", "<office:document-content/>")])
DOCX = zip_bytes(
    [
        (
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"'
            "/></Types>",
        ),
        ("word/document.xml", "<w:document/>"),
    ]
)
DOCM = zip_bytes(
    [
        (
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="'
            'application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
        ),
        ("word/document.xml", "<w:document/>"),
        ("word/vbaProject.bin", "macro"),
    ]
)


def upload(name, content, content_type):
    return SimpleUploadedFile(name, content, content_type=content_type)


def export_csv(client, page):
    response = client.get(f"/admin/forms/submissions/{page.pk}/?export=csv")
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path, monkeypatch):
    """A fresh rate-limit counter and a private storage of the test's own."""
    cache.clear()
    settings.CALL_SUBMISSION_RATE = "3/h"
    storage = FileSystemStorage(location=tmp_path / "private")
    monkeypatch.setattr(CallAttachment._meta.get_field("file"), "storage", storage)
    yield storage
    cache.clear()


# Plain logic (no database) --------------------------------------------------------------


def test_robot_checks():
    page = CallPage()
    now = time.time()
    good = {"hp_website": "", "hp_started": make_form_token(page, now=now - 30)}
    assert inspect_submission(page, good, now=now) == VERDICT_HUMAN
    assert inspect_submission(page, {**good, "hp_website": "x"}, now=now) == "trap filled"
    assert inspect_submission(page, {"hp_website": ""}, now=now) == "no token"
    assert inspect_submission(page, {**good, "hp_started": "1:2:3"}, now=now) == "bad token"
    fast = {**good, "hp_started": make_form_token(page, now=now - 1)}
    assert inspect_submission(page, fast, now=now) == "sent too fast"
    other = {**good, "hp_started": make_form_token(CallPage(), now=now - 30)}
    assert inspect_submission(page, other, now=now) == "token of another form"
    old = {**good, "hp_started": make_form_token(page, now=now - 4 * 24 * 3600)}
    assert inspect_submission(page, old, now=now) == VERDICT_EXPIRED
    # A token is signed: changing its time invalidates it.
    forged = good["hp_started"].replace(good["hp_started"][5], "x", 1)
    assert inspect_submission(page, {**good, "hp_started": forged}, now=now) != VERDICT_HUMAN


def test_documents_are_recognised_by_their_content():
    assert sniff_document(io.BytesIO(PDF)) == "application/pdf"
    assert sniff_document(io.BytesIO(ODT)) == ODT_TYPE
    assert sniff_document(io.BytesIO(DOCX)) == DOCX_TYPE
    assert sniff_document(io.BytesIO(DOCM)) is None
    assert sniff_document(io.BytesIO(b"MZ\x90\x00 not a document")) is None
    assert sniff_document(io.BytesIO(b"PK\x03\x04 broken zip")) is None


def test_client_address_from_the_proxy_header(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    settings.CLIENT_IP_HEADER = ""
    assert client_ip(request) == "10.0.0.2"
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    assert client_ip(request) == "198.51.100.7"  # the entry our proxy added, not the forged one
    request = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="garbage")
    assert client_ip(request) == "10.0.0.2"


# Stored, e-mailed, exported -------------------------------------------------------------


@pytest.mark.django_db
def test_italian_submission_is_stored_on_the_call_emailed_and_exported(
    editor_client, django_capture_on_commit_callbacks
):
    italian, french = call("it"), call("fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(URL_IT, answers(italian))
    assert response.status_code == 200
    html = response.content.decode()
    assert str(italian.thank_you_text) in html
    assert 'class="call-form"' not in html

    submission = CallSubmission.objects.get()
    assert submission.page_id == french.pk
    assert submission.language == "it"
    assert submission.form_data["titre"] == "Sportello digitale itinerante"
    # Choices are stored in the call's source language, so the CSV has one vocabulary.
    assert submission.form_data["pays"] == "Italie"
    assert submission.form_data["dimensions"] == ["Environnement", "Mobilité"]
    assert submission.form_data["accord"] is True

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["appels@example.org"]
    assert message.subject == "Nouvelle pratique proposée"
    assert message.reply_to == ["ufficio@example.org"]
    assert "Titre de la pratique: Sportello digitale itinerante" in message.body
    assert f"/admin/forms/submissions/{french.pk}/" in message.body

    csv = export_csv(editor_client, french)
    header, row = csv.strip().splitlines()[:2]
    assert "Titre de la pratique" in header
    assert "Sportello digitale itinerante" in row
    assert "Italiano" in row
    assert "Italie" in row


@pytest.mark.django_db
def test_submission_listing_shows_the_submission(editor_client):
    french = call("fr")
    Client().post(URL_IT, answers(call("it")))
    response = editor_client.get(f"/admin/forms/submissions/{french.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sportello digitale itinerante" in html
    assert "Italiano" in html


@pytest.mark.django_db
def test_a_mail_server_failure_loses_nothing(monkeypatch, django_capture_on_commit_callbacks):
    """The notification goes through the task queue (smartvillages.core.queue.send_email): a
    mail server that is down fails the task (logged; retried later on the database queue, see
    tests/core/test_queue.py), never the application."""

    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(URL_IT, answers(call("it")))
    assert response.status_code == 200
    assert CallSubmission.objects.count() == 1
    assert mail.outbox == []


# Refused: dates, CSRF, robots, rate limit -----------------------------------------------


@pytest.mark.django_db
def test_closed_call_refuses_submissions_and_stores_nothing():
    closed = call("en", CLOSED_SLUG)
    response = Client().post(
        closed.url,
        {"territoire": "Test", "hp_started": make_form_token(closed, now=time.time() - 60)},
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "This call is closed" in html
    assert 'class="call-form"' not in html
    assert CallSubmission.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_call_not_yet_open_refuses_submissions():
    italian = call("it")
    CallPage.objects.filter(translation_key=italian.translation_key).update(
        opens_at=timezone.now() + timezone.timedelta(days=1)
    )
    response = Client().post(URL_IT, answers(italian))
    assert response.status_code == 403
    assert CallSubmission.objects.count() == 0


@pytest.mark.django_db
def test_closing_takes_effect_for_a_form_already_open():
    italian = call("it")
    data = answers(italian)
    CallPage.objects.filter(translation_key=italian.translation_key).update(
        closes_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    assert Client().post(URL_IT, data).status_code == 403
    assert CallSubmission.objects.count() == 0


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused():
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.get(URL_IT)  # sets the cookie, but the form's token is not sent
    response = csrf_client.post(URL_IT, answers(call("it")))
    assert response.status_code == 403
    assert CallSubmission.objects.count() == 0


@pytest.mark.django_db
def test_post_with_csrf_token_from_the_page_is_accepted():
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.get(URL_IT)
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post(URL_IT, answers(call("it"), csrfmiddlewaretoken=token))
    assert response.status_code == 200
    assert CallSubmission.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "robot",
    [
        {"hp_website": "http://spam.example"},
        {"hp_started": None},
        {"age": 1},
        {"hp_started": "forged"},
    ],
    ids=["honeypot-filled", "no-timestamp", "too-fast", "forged-timestamp"],
)
def test_robots_get_a_normal_thank_you_and_nothing_is_stored(
    robot, django_capture_on_commit_callbacks
):
    italian = call("it")
    age = robot.pop("age", 60)
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(URL_IT, answers(italian, age=age, **robot))
    assert response.status_code == 200
    assert str(italian.thank_you_text) in response.content.decode()
    assert CallSubmission.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_rate_limit_refuses_the_submission_after_the_limit(settings):
    italian = call("it")
    for _ in range(3):
        assert Client().post(URL_IT, answers(italian)).status_code == 200
    response = Client().post(URL_IT, answers(italian, titre="Quarta proposta"))
    assert response.status_code == 429
    html = response.content.decode()
    with translation.override("it"):
        from home.views import rate_limit_message

        assert escape(rate_limit_message()) in html
    assert 'value="Quarta proposta"' in html  # the answers are kept to be sent later
    assert CallSubmission.objects.count() == 3
    # Another address is not affected.
    other = Client(REMOTE_ADDR="192.0.2.50")
    assert other.post(URL_IT, answers(italian)).status_code == 200
    assert CallSubmission.objects.count() == 4


@pytest.mark.django_db
def test_rate_limit_behind_a_proxy_uses_the_configured_header(settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    italian = call("it")
    for index in range(3):
        # The client forges the first entry each time; the proxy's entry stays the same.
        response = Client().post(
            URL_IT, answers(italian), HTTP_X_FORWARDED_FOR=f"10.9.9.{index}, 203.0.113.5"
        )
        assert response.status_code == 200
    blocked = Client().post(URL_IT, answers(italian), HTTP_X_FORWARDED_FOR="10.9.9.77, 203.0.113.5")
    assert blocked.status_code == 429
    other = Client().post(URL_IT, answers(italian), HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert other.status_code == 200


@pytest.mark.django_db
def test_mistakes_do_not_count_against_the_rate_limit():
    italian = call("it")
    for _ in range(5):
        assert Client().post(URL_IT, answers(italian, courriel="wrong")).status_code == 200
    assert Client().post(URL_IT, answers(italian)).status_code == 200
    assert CallSubmission.objects.count() == 1


# Errors keep every value, in the reader's language --------------------------------------


@pytest.mark.django_db
def test_errors_keep_every_value_and_speak_the_reader_language():
    italian = call("it")
    data = answers(italian, courriel="non-un-indirizzo", titre=None)
    response = Client().post(URL_IT, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert CallSubmission.objects.count() == 0
    with translation.override("it"):
        assert escape(translation.gettext("This field is required.")) in html
        assert escape(translation.gettext("Enter a valid email address.")) in html
    assert 'value="non-un-indirizzo"' in html
    assert 'value="Comunità montana di prova"' in html
    assert "Un furgone attrezzato porta i servizi online nei villaggi." in html
    assert '<option value="Italia" selected>' in html
    assert 'value="Ambiente" id="id_dimensions_3" checked' in html
    assert 'aria-invalid="true"' in html
    # The timestamp shown first is kept: the next send is not taken for a robot's.
    assert f'value="{data["hp_started"]}"' in html


@pytest.mark.django_db
def test_long_answers_accepted_up_to_the_stated_limit():
    italian = call("it")
    html = Client().get(URL_IT).content.decode()
    assert "5.000" in html  # the limit is stated, formatted for Italian readers
    assert 'maxlength="5000"' in html
    exact = "a" * 5000
    assert Client().post(URL_IT, answers(italian, description=exact)).status_code == 200
    assert CallSubmission.objects.get().form_data["description"] == exact
    # Line breaks count once, as the browser counts them, though sent as CRLF.
    cache.clear()
    crlf = ("b" * 98 + "\r\n") * 50  # 5,000 characters with LF, 5,050 with CRLF
    assert Client().post(URL_IT, answers(italian, description=crlf)).status_code == 200
    assert CallSubmission.objects.count() == 2
    too_long = "c" * 5001
    response = Client().post(URL_IT, answers(italian, description=too_long))
    assert CallSubmission.objects.count() == 2
    html = response.content.decode()
    assert "5001" in html and too_long in html


@pytest.mark.django_db
def test_an_expired_form_is_sent_back_with_its_answers():
    italian = call("it")
    data = answers(italian, age=4 * 24 * 3600)
    response = Client().post(URL_IT, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sportello digitale itinerante" in html
    assert f'value="{data["hp_started"]}"' not in html  # a fresh timestamp
    assert CallSubmission.objects.count() == 0


# Documents ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "content_type", "detected"),
    [
        ("progetto.pdf", PDF, "application/pdf", "application/pdf"),
        ("progetto.odt", ODT, ODT_TYPE, ODT_TYPE),
        ("progetto.docx", DOCX, DOCX_TYPE, DOCX_TYPE),
        ("progetto.docx", DOCX, "application/octet-stream", DOCX_TYPE),
    ],
)
def test_valid_documents_are_stored_privately(isolated, name, content, content_type, detected):
    response = Client().post(
        URL_IT, answers(call("it"), document=upload(name, content, content_type))
    )
    assert response.status_code == 200
    attachment = CallAttachment.objects.get()
    assert attachment.original_name == name
    assert attachment.content_type == detected
    assert attachment.size == len(content)
    assert attachment.submission.form_data["document"] == name
    # Stored under a random name in the private storage, not under the applicant's name.
    assert name not in attachment.file.name
    assert isolated.exists(attachment.file.name)
    with isolated.open(attachment.file.name) as handle:
        assert handle.read() == content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("programma.exe", b"MZ\x90\x00", "application/octet-stream"),
        ("finto.pdf", b"<html>not a pdf</html>", "application/pdf"),
        ("pagina.pdf", PDF, "text/html"),
        ("macro.docx", DOCM, DOCX_TYPE),
        ("immagine.odt", b"\x89PNG\r\n\x1a\n", ODT_TYPE),
        ("pagina.pdf", POLYGLOT, "application/pdf"),
        ("script.pdf", pdf_bytes(javascript="app.alert(1)"), "application/pdf"),
    ],
    ids=[
        "executable",
        "fake-pdf",
        "declared-html",
        "macro-document",
        "image-as-odt",
        "polyglot-html",
        "pdf-with-javascript",
    ],
)
def test_invalid_documents_are_refused_with_a_message(name, content, content_type):
    italian = call("it")
    response = Client().post(URL_IT, answers(italian, document=upload(name, content, content_type)))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_document_error"' in html
    assert "Sportello digitale itinerante" in html
    assert CallSubmission.objects.count() == 0
    assert CallAttachment.objects.count() == 0


@pytest.mark.django_db
def test_documents_over_the_size_limit_are_refused(settings):
    settings.CALL_ATTACHMENT_MAX_SIZE = 1024
    big = PDF + b"0" * 2048
    response = Client().post(
        URL_IT, answers(call("it"), document=upload("grande.pdf", big, "application/pdf"))
    )
    html = response.content.decode()
    assert "1,0\xa0KB" in html  # the limit is told, formatted for Italian readers
    assert CallSubmission.objects.count() == 0


def test_private_storage_is_outside_the_public_media():
    from django.conf import settings
    from django.core.files.storage import storages

    location = storages["private"].location
    assert not str(location).startswith(str(settings.MEDIA_ROOT))
    field = CallAttachment._meta.get_field("file")
    assert field._storage_callable.__name__ == "private_storage"


@pytest.mark.django_db
def test_documents_only_reach_call_reviewers(isolated, editor_client, django_user_model):
    Client().post(URL_IT, answers(call("it"), document=upload("p.pdf", PDF, "application/pdf")))
    attachment = CallAttachment.objects.get()
    url = f"/admin/call-attachments/{attachment.pk}/"

    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]
    # No public address serves the stored file.
    assert Client().get(f"/media/{attachment.file.name}").status_code == 404
    assert Client().get(f"/media/private/{attachment.file.name}").status_code == 404

    someone = django_user_model.objects.create_user("reader", "r@example.org", "pw")
    reader = Client()
    reader.force_login(someone)
    assert reader.get(url).status_code in {302, 403}

    response = editor_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith('attachment; filename="p.pdf"')
    # The view's "private, no-store", with the never_cache directives of every admin URL.
    directives = {directive.strip() for directive in response["Cache-Control"].split(",")}
    assert directives == {"private", "no-store", "no-cache", "must-revalidate", "max-age=0"}

    listing = editor_client.get(f"/admin/forms/submissions/{call('fr').pk}/").content.decode()
    assert f'href="{url}"' in listing
    csv = export_csv(editor_client, call("fr"))
    assert f"p.pdf <http://testserver{url}>" in csv


@pytest.mark.django_db
def test_deleting_a_submission_deletes_its_document(isolated):
    Client().post(URL_IT, answers(call("it"), document=upload("p.pdf", PDF, "application/pdf")))
    attachment = CallAttachment.objects.get()
    assert isolated.exists(attachment.file.name)
    attachment.submission.delete()
    assert not isolated.exists(attachment.file.name)


@pytest.mark.django_db
def test_a_document_must_be_chosen_again_after_an_error():
    response = Client().post(
        URL_IT,
        answers(call("it"), titre=None, document=upload("p.pdf", PDF, "application/pdf")),
    )
    with translation.override("it"):
        expected = translation.gettext(
            "For your security, documents are not kept when the form has errors: please "
            "choose them again."
        )
    assert escape(expected) in response.content.decode()
    assert CallAttachment.objects.count() == 0
