"""Machine pre-fill: the translator is chosen from the environment, fills the strings with
wagtail-localize's dummy translator in tests, and a failure is a message, never a 500."""

import html
import importlib
import json
from unittest import mock

import pytest
import requests
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.machine_translators.base import BaseMachineTranslator
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import translate_object
from wagtail_localize.strings import StringValue

from home.models import StandardPage
from smartvillages.core.demo import sync_aliases
from smartvillages.translation.groups import translators_group_name
from smartvillages.translation.machine import (
    DeepLTranslator,
    LibreTranslateTranslator,
    MachineTranslationError,
)

DUMMY = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}
RAISING = {"CLASS": "tests.translation.test_translation_machine.RaisingTranslator"}
FAILING = {"CLASS": "tests.translation.test_translation_machine.FailingTranslator"}


class RaisingTranslator(BaseMachineTranslator):
    """A translator with a bug: any exception must end as a message, not a server error."""

    display_name = "Broken"

    def translate(self, source_locale, target_locale, strings):
        raise RuntimeError("boom")

    def can_translate(self, source_locale, target_locale):
        return True


class FailingTranslator(RaisingTranslator):
    display_name = "Slow"

    def translate(self, source_locale, target_locale, strings):
        raise MachineTranslationError("Slow did not answer within 20 seconds.")


@pytest.fixture(autouse=True)
def english_errors():
    """Error texts are checked in the source language; requests set their own language."""
    with translation.override("en"):
        yield


@pytest.fixture
def requested_translation(home_fr, django_capture_on_commit_callbacks):
    """A French page whose Slovenian translation an editor has requested: nothing translated."""
    page = StandardPage(
        title="Tiers-lieux ruraux",
        slug="tiers-lieux",
        introduction="Des lieux partagés pour travailler au village.",
    )
    home_fr.add_child(instance=page)
    page.save_revision().publish()
    sync_aliases()
    sl = Locale.objects.get(language_code="sl")
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(page, [sl])
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=sl)


@pytest.fixture
def slovenian_client(client, django_user_model):
    user = django_user_model.objects.create_user("tr-sl", password="pw")
    user.groups.add(Group.objects.get(name=translators_group_name("sl")))
    client.force_login(user)
    return client


def prefill(client, translation):
    target = translation.get_target_instance()
    edit_url = reverse("wagtailadmin_pages:edit", args=[target.pk])
    response = client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk]) + f"?next={edit_url}"
    )
    return response, edit_url


def machine_strings(translation):
    return StringTranslation.objects.filter(
        locale=translation.target_locale,
        context__object_id=translation.source.object_id,
    )


@pytest.mark.django_db
def test_dummy_translator_prefills_every_string(settings, requested_translation, slovenian_client):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = DUMMY
    response, edit_url = prefill(slovenian_client, requested_translation)
    assert response.status_code == 302
    assert response.url == edit_url
    segments = StringSegment.objects.filter(source=requested_translation.source)
    filled = machine_strings(requested_translation)
    assert filled.count() == segments.count() > 0
    assert {s.translation_type for s in filled} == {StringTranslation.TRANSLATION_TYPE_MACHINE}
    # The dummy translator reverses the words.
    assert filled.filter(data="ruraux Tiers-lieux").exists()
    # The editor offers the pre-fill button.
    page = slovenian_client.get(edit_url)
    props = json.loads(page.context["props"])
    assert props["machineTranslator"]["url"] == reverse(
        "wagtail_localize:machine_translate", args=[requested_translation.pk]
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (
            RAISING,
            "The machine translation with %(service)s failed. Nothing was changed: "
            "translate by hand, or try again later.",
        ),
        (FAILING, "Slow did not answer within 20 seconds."),
    ],
)
def test_a_failing_translator_gives_a_message_not_a_500(
    settings, requested_translation, slovenian_client, config, expected
):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = config
    response, edit_url = prefill(slovenian_client, requested_translation)
    assert response.status_code == 302
    assert response.url == edit_url
    # The message is in the translator's admin language (French by default here).
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        expected = translation.gettext(expected) % {"service": "Broken"}
    messages = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    assert messages == [("error", expected)]
    assert not machine_strings(requested_translation).exists()
    # The editor still opens, and shows the message.
    page = slovenian_client.get(edit_url, follow=True)
    assert page.status_code == 200


@pytest.mark.django_db
def test_no_translator_configured(settings, requested_translation, slovenian_client):
    assert not hasattr(settings, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR")
    response, edit_url = prefill(slovenian_client, requested_translation)
    # The view answers 404; admin URLs carry no language prefix, so Django's LocaleMiddleware
    # first redirects a 404 to the same address under the default language's prefix, where
    # Wagtail's page catch-all finds no page either.
    request = response.wsgi_request
    assert response.status_code == 302
    assert response.url == f"/{django_settings.LANGUAGE_CODE}{request.get_full_path()}"
    assert slovenian_client.get(response.url).status_code == 404
    props = json.loads(slovenian_client.get(edit_url).context["props"])
    assert props["machineTranslator"] is None


@pytest.mark.django_db
def test_prefill_into_another_locale_is_refused(
    settings, requested_translation, client, django_user_model
):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = DUMMY
    user = django_user_model.objects.create_user("tr-it", password="pw")
    user.groups.add(Group.objects.get(name=translators_group_name("it")))
    client.force_login(user)
    response, _ = prefill(client, requested_translation)
    # PermissionDenied, which Wagtail's admin answers with its dashboard and an error message.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        refusal = translation.gettext("Sorry, you do not have permission to access this area.")
    # Wagtail's admin renders this message as HTML.
    messages = [
        (m.level_tag, html.unescape(str(m)).strip()) for m in get_messages(response.wsgi_request)
    ]
    assert messages == [("error", refusal)]
    assert not machine_strings(requested_translation).exists()


# The translator classes ----------------------------------------------------------------------


def locales(source, target):
    return Locale(language_code=source), Locale(language_code=target)


def response(status, payload):
    answer = mock.Mock(status_code=status)
    answer.json.return_value = payload
    return answer


STRINGS = [StringValue("Bonjour"), StringValue("<b>Village</b>")]


def test_deepl_uses_british_english_and_formality_per_language():
    deepl = DeepLTranslator({"AUTH_KEY": "key:fx"})
    params = deepl.get_parameters(*locales("fr", "en"), STRINGS)
    assert params["target_lang"] == "EN-GB"
    assert params["source_lang"] == "FR"
    assert "formality" not in params
    assert deepl.get_parameters(*locales("fr", "de"), STRINGS)["formality"] == "prefer_more"
    assert deepl.get_parameters(*locales("fr", "it"), STRINGS)["formality"] == "prefer_more"
    assert "formality" not in deepl.get_parameters(*locales("fr", "sl"), STRINGS)
    custom = DeepLTranslator({"AUTH_KEY": "k", "FORMALITY": {"de": "prefer_less"}})
    assert custom.get_parameters(*locales("fr", "de"), STRINGS)["formality"] == "prefer_less"
    assert deepl.get_api_endpoint() == "https://api-free.deepl.com/v2/translate"


def test_deepl_translates():
    deepl = DeepLTranslator({"AUTH_KEY": "k"})
    answer = response(200, {"translations": [{"text": "Hello"}, {"text": "<b>Village</b>"}]})
    with mock.patch("smartvillages.translation.machine.requests.post", return_value=answer) as post:
        result = deepl.translate(*locales("fr", "en"), STRINGS)
    assert result[STRINGS[0]].data == "Hello"
    assert post.call_args.kwargs["timeout"] == 20
    assert post.call_args.kwargs["headers"] == {"Authorization": "DeepL-Auth-Key k"}


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (requests.Timeout(), "did not answer within 5 seconds"),
        (requests.ConnectionError(), "could not be reached"),
        (response(403, {}), "refused the authentication key"),
        (response(456, {}), "quota"),
        (response(200, {"unexpected": True}), "could not be read"),
    ],
)
def test_deepl_failures_become_readable_errors(failure, message):
    deepl = DeepLTranslator({"AUTH_KEY": "k", "TIMEOUT": 5})
    patch = (
        {"side_effect": failure} if isinstance(failure, Exception) else {"return_value": failure}
    )
    with (
        mock.patch("smartvillages.translation.machine.requests.post", **patch),
        pytest.raises(MachineTranslationError, match=message),
    ):
        deepl.translate(*locales("fr", "sl"), STRINGS)


def test_libretranslate_translates_and_reports_errors():
    libre = LibreTranslateTranslator({"LIBRETRANSLATE_URL": "http://mt.example/", "TIMEOUT": 3})
    ok = response(200, {"translatedText": ["Dober dan", "<b>Vas</b>"]})
    with mock.patch("smartvillages.translation.machine.requests.post", return_value=ok) as post:
        result = libre.translate(*locales("fr", "sl"), STRINGS)
    assert result[STRINGS[0]].data == "Dober dan"
    assert post.call_args.args[0] == "http://mt.example/translate"
    assert "api_key" not in post.call_args.kwargs["json"]
    refused = response(400, {"error": "sl is not supported"})
    with (
        mock.patch("smartvillages.translation.machine.requests.post", return_value=refused),
        pytest.raises(MachineTranslationError, match="sl is not supported"),
    ):
        libre.translate(*locales("fr", "sl"), STRINGS)
    with (
        mock.patch(
            "smartvillages.translation.machine.requests.post", side_effect=requests.Timeout()
        ),
        pytest.raises(MachineTranslationError, match="3 seconds"),
    ):
        libre.translate(*locales("fr", "sl"), STRINGS)


# Choice from the environment -------------------------------------------------------------


@pytest.fixture
def reload_base(monkeypatch):
    from smartvillages.settings import base

    for name in ("DEEPL_AUTH_KEY", "LIBRETRANSLATE_URL", "LIBRETRANSLATE_API_KEY"):
        monkeypatch.delenv(name, raising=False)

    def reload(**environ):
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        # A reload runs the module again in the same namespace: forget the previous choice.
        vars(base).pop("WAGTAILLOCALIZE_MACHINE_TRANSLATOR", None)
        return importlib.reload(base)

    yield reload
    monkeypatch.undo()
    vars(base).pop("WAGTAILLOCALIZE_MACHINE_TRANSLATOR", None)
    importlib.reload(base)


def test_machine_translator_chosen_from_environment(reload_base):
    assert not hasattr(reload_base(), "WAGTAILLOCALIZE_MACHINE_TRANSLATOR")

    libre = reload_base(LIBRETRANSLATE_URL="http://mt.example").WAGTAILLOCALIZE_MACHINE_TRANSLATOR
    assert libre["CLASS"] == "smartvillages.translation.machine.LibreTranslateTranslator"
    assert libre["OPTIONS"]["LIBRETRANSLATE_URL"] == "http://mt.example"

    deepl = reload_base(
        DEEPL_AUTH_KEY="secret:fx", LIBRETRANSLATE_URL="http://mt.example"
    ).WAGTAILLOCALIZE_MACHINE_TRANSLATOR
    assert deepl["CLASS"] == "smartvillages.translation.machine.DeepLTranslator"
    assert deepl["OPTIONS"] == {"AUTH_KEY": "secret:fx", "TIMEOUT": 20}


@pytest.mark.django_db
def test_sync_with_a_failing_machine_translation_changes_nothing(
    settings, requested_translation, client, django_user_model
):
    """An editor syncs translated pages and ticks "Use machine translation": when the service
    fails, the form comes back with the reason and the editor's choices; nothing is synced."""
    from smartvillages.translation.groups import EDITORS_GROUP

    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = FAILING
    editor = django_user_model.objects.create_user("editor-sync", password="pw")
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client.force_login(editor)
    source = requested_translation.source
    page = source.get_source_instance()
    page.title = "Tiers-lieux ruraux et coworking"
    page.save_revision().publish()
    url = reverse("wagtail_localize:update_translations", args=[source.pk])

    response = client.post(url, {"use_machine_translation": "on", "publish_translations": ""})

    assert response.status_code == 200
    messages = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    assert ("error", "Slow did not answer within 20 seconds.") in messages
    assert response.context["form"]["use_machine_translation"].value() is True
    source.refresh_from_db()
    assert "coworking" not in source.content_json
    assert not StringSegment.objects.filter(source=source, string__data__contains="coworking")
    assert not machine_strings(requested_translation).exists()
