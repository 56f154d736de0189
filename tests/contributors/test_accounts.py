"""Contributors' accounts (django-allauth) as a visitor meets them: sign-up in Slovenian with
a verified e-mail, the same answer for known and unknown addresses, limits per address, no
door into the admin, and account deletion that erases personal data."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from contributors.models import ContributorProfile, Proposal
from contributors.views import erase_contributor
from smartvillages.core.spam import make_token


def signup_data(email, scope="contributors.signup"):
    return {
        "email": email,
        "password1": "gorska-vas-2026",
        "password2": "gorska-vas-2026",
        "hp_website": "",
        "hp_started": make_token(scope, now=time.time() - 30),
    }


def confirmation_link(message):
    return re.search(r"https?://[^/\s]+(/sl/account/confirm-email/[^\s]+/)", message.body).group(1)


def test_signing_up_in_slovenian_verifies_the_address_in_slovenian(db):
    client = Client()
    page = client.get("/sl/account/signup/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="sl"' in html
    assert 'name="hp_started"' in html and "csrfmiddlewaretoken" in html
    response = client.post("/sl/account/signup/", signup_data("ana@example.si"))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.si"]
    assert "Potrdite" in message.subject or "potrd" in message.body.lower()
    # Not signed in before the address is verified
    assert client.get("/sl/account/").status_code == 302
    link = confirmation_link(message)
    assert client.get(link).status_code == 200  # a page with a button: scanners confirm nothing
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="ana@example.si").verified
    # Signed in: the dashboard asks for a profile first
    dashboard = client.get("/sl/account/")
    assert dashboard.status_code == 302 and dashboard.url == "/sl/account/profile/"


def test_a_robot_filling_the_trap_is_refused_with_what_it_typed_kept(db):
    data = {**signup_data("bot@example.org"), "hp_website": "http://spam.example"}
    response = Client().post("/sl/account/signup/", data)
    assert response.status_code == 200
    assert 'value="bot@example.org"' in response.content.decode()
    assert not mail.outbox


def test_sign_up_and_password_reset_give_the_same_answer_for_a_known_address(db, django_user_model):
    user = django_user_model.objects.create_user("known", "known@example.org", "x-Passw0rd-x")
    EmailAddress.objects.create(user=user, email="known@example.org", verified=True, primary=True)
    known = Client().post("/fr/account/signup/", signup_data("known@example.org"))
    unknown = Client().post("/fr/account/signup/", signup_data("nobody@example.org"))
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    reset_known = Client().post("/fr/account/password/reset/", {"email": "known@example.org"})
    reset_unknown = Client().post("/fr/account/password/reset/", {"email": "nobody@example.org"})
    assert (reset_known.status_code, reset_known.url) == (
        reset_unknown.status_code,
        reset_unknown.url,
    )


def test_twenty_sign_ups_from_one_address_in_a_minute_are_refused_after_the_limit(db):
    client = Client()
    codes = [
        client.post("/en/account/signup/", signup_data(f"person{n}@example.org")).status_code
        for n in range(20)
    ]
    assert codes[0] == 302
    assert codes[-1] == 429
    assert codes.count(302) == 10  # CONTRIBUTOR_SIGNUP_RATE: 10 per hour
    assert django_users_created() == 10


def django_users_created():
    return EmailAddress.objects.filter(email__startswith="person").count()


def test_a_contributor_cannot_open_the_admin(db, django_user_model):
    user = django_user_model.objects.create_user("ana", "ana@example.si", "x-Passw0rd-x")
    client = Client()
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/admin/login/" in response.url


def test_deleting_an_account_erases_personal_data_and_keeps_published_practices(db):
    owner = ContributorProfile.objects.get(handle="la-traverse").user
    published = list(Proposal.objects.filter(owner=owner, status="published"))
    assert published
    page = published[0].page.specific
    owner.set_password("x-Passw0rd-x")  # demo accounts have a password on DEBUG sites only
    owner.save()
    client = Client()
    client.force_login(owner)
    wrong = client.post("/fr/account/delete/", {"password": "not-it"})
    assert wrong.status_code == 200 and owner.__class__.objects.filter(pk=owner.pk).exists()
    response = client.post("/fr/account/delete/", {"password": "x-Passw0rd-x"})
    assert response.status_code == 302
    assert not owner.__class__.objects.filter(pk=owner.pk).exists()
    assert not ContributorProfile.objects.filter(handle="la-traverse").exists()
    assert not EmailAddress.objects.filter(email="la-traverse@demo.invalid").exists()
    assert Client().get("/fr/contributors/la-traverse/").status_code == 404
    practice = Client().get(page.url)
    assert practice.status_code == 200
    html = practice.content.decode()
    assert "Alexia Beaujeux" not in html
    assert "ancien contributeur" in html or "ancienne contributrice" in html


def test_public_profile_lists_practices_and_hides_phone_and_e_mail(db):
    response = Client().get("/sl/contributors/la-traverse/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alexia Beaujeux" in html
    assert '<div lang="fr">' in html  # the biography is in French, said so
    assert "la-traverse@demo.invalid" not in html
    profile = ContributorProfile.objects.get(handle="la-traverse")
    keys = Proposal.objects.filter(owner=profile.user).values_list("page_key", flat=True)
    from practices.models import PracticePage

    for page in PracticePage.objects.filter(translation_key__in=keys, locale__language_code="sl"):
        assert page.title in html


@pytest.mark.parametrize(
    "url", ["/sl/account/", "/sl/account/proposals/1/", "/sl/account/profile/"]
)
def test_account_pages_ask_visitors_to_sign_in(db, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response.url.startswith("/sl/account/login/")


def test_erase_contributor_removes_drafts_and_their_pages(db):
    owner = ContributorProfile.objects.get(handle="adrets-equipe").user
    pages = [p.page_id for p in Proposal.objects.filter(owner=owner)]
    assert pages
    erase_contributor(owner)
    from wagtail.models import Page

    assert not Page.objects.filter(pk__in=pages).exists()
    assert not Proposal.objects.filter(page_id__in=pages).exists()
