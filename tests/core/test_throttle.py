"""Rate limits (DESIGN §10): failed admin sign-ins and searches per client address."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from smartvillages.translation.groups import EDITORS_GROUP

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor-login", password="right-password")
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


def sign_in(client, password, address="203.0.113.7"):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": "editor-login", "password": password},
        REMOTE_ADDR=address,
    )


def test_failed_sign_ins_are_limited_per_address(client, settings, editor):
    settings.ADMIN_LOGIN_RATE = "3/15m"
    for _attempt in range(3):
        response = sign_in(client, "wrong")
        assert response.status_code == 200  # the form again, with Wagtail's own error

    # Past the limit, even the right password is not checked: a 429 and a message.
    response = sign_in(client, "right-password")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        message = translation.gettext(
            "Too many failed sign-in attempts from your connection. Wait a few minutes, then "
            "try again, or ask an administrator to reset your password."
        )
    html = response.content.decode()
    assert message in html
    assert 'value="editor-login"' in html  # what they typed is kept

    # Another address is not affected, and a success does not count as a failure.
    response = sign_in(client, "right-password", address="198.51.100.2")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_one_mistake_then_success(client, settings, editor):
    settings.ADMIN_LOGIN_RATE = "3/15m"
    assert sign_in(client, "wrong").status_code == 200
    assert sign_in(client, "right-password").status_code == 302


def test_django_admin_signs_in_through_the_limited_form(client):
    response = client.get("/django-admin/login/?next=/django-admin/")
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_login") + "?next=/django-admin/"


def test_search_rate_limit_answers_a_normal_page_with_429(client, settings):
    settings.SEARCH_RATE = "2/m"
    for _ in range(2):
        assert client.get("/sl/search/?q=voda").status_code == 200
    response = client.get("/sl/search/?q=voda")
    assert response.status_code == 429
    html = response.content.decode()
    with translation.override("sl"):
        message = translation.gettext(
            "Too many searches were sent from your connection in a short time. Please wait a "
            "minute, then search again."
        )
    assert message in html
    assert '<html lang="sl"' in html
    assert 'name="q" value="voda"' in html  # the query is kept in the search box
    assert "search__summary" not in html  # and not run


def test_suggestions_rate_limit(client, settings):
    settings.SUGGEST_RATE = "1/m"
    assert client.get("/sl/search/suggest/?q=vo").status_code == 200
    response = client.get("/sl/search/suggest/?q=vo")
    assert response.status_code == 429
    assert response.json() == {"suggestions": []}
