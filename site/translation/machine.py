"""Machine pre-fill for wagtail-localize's editor: DeepL or LibreTranslate.

settings/base.py picks the translator from the environment: DeepL when ``DEEPL_AUTH_KEY`` is
set, LibreTranslate when ``LIBRETRANSLATE_URL`` is set, none otherwise (the editor then shows
no machine-translation button). wagtail-localize's own classes let a timeout, a refused key or
a malformed answer escape as an exception, which its view turns into a server error; these
subclasses turn every failure into a ``MachineTranslationError`` with a sentence the translator
can act on, and ``smartvillages.translation.views.machine_translate`` shows it as an error message.
"""

from __future__ import annotations

import requests
from django.utils.translation import gettext_lazy as _
from wagtail_localize.machine_translators.deepl import DeepLTranslator as BaseDeepLTranslator
from wagtail_localize.machine_translators.libretranslate import (
    LibreTranslator as BaseLibreTranslator,
)
from wagtail_localize.strings import StringValue

DEFAULT_TIMEOUT = 20

#: DeepL's formality per target language. Partners address readers formally in German and
#: Italian ("Sie", "Lei"), French is neutral; DeepL has no formality for English or Slovenian,
#: and "prefer_*" values never fail on a language without it.
DEEPL_FORMALITY = {"de": "prefer_more", "it": "prefer_more", "fr": "default"}

#: DeepL wants a regional variant for English targets: British English, as in the EU.
DEEPL_TARGET_VARIANTS = {"en": "EN-GB"}


class MachineTranslationError(Exception):
    """A machine translation that failed, with a message meant for the translator."""


def _language(code: str) -> str:
    return code.split("-")[0].lower()


class DeepLTranslator(BaseDeepLTranslator):
    """DeepL with British English, formality per language and readable errors.

    Options: AUTH_KEY (required), TIMEOUT (seconds), FORMALITY (a dict language -> DeepL
    formality, overriding DEEPL_FORMALITY), GLOSSARY_IDS (as wagtail-localize's).
    """

    display_name = "DeepL"

    def target_language(self, code: str) -> str:
        language = _language(code)
        return DEEPL_TARGET_VARIANTS.get(language, language.upper())

    def formality(self, code: str) -> str | None:
        table = {**DEEPL_FORMALITY, **self.options.get("FORMALITY", {})}
        return table.get(_language(code))

    def get_parameters(self, source_locale, target_locale, strings):
        parameters = {
            "text": [string.data for string in strings],
            "tag_handling": "xml",
            "source_lang": _language(source_locale.language_code).upper(),
            "target_lang": self.target_language(target_locale.language_code),
        }
        formality = self.formality(target_locale.language_code)
        if formality and formality != "default":
            parameters["formality"] = formality
        glossary_id = self.options.get("GLOSSARY_IDS", {}).get(
            (parameters["source_lang"], parameters["target_lang"])
        )
        if glossary_id:
            parameters["glossary_id"] = glossary_id
        return parameters

    def translate(self, source_locale, target_locale, strings):
        strings = list(strings)
        timeout = int(self.options.get("TIMEOUT", DEFAULT_TIMEOUT))
        try:
            response = requests.post(
                self.get_api_endpoint(),
                self.get_parameters(source_locale, target_locale, strings),
                timeout=timeout,
                headers=self.get_headers(),
            )
        except requests.Timeout as exc:
            raise MachineTranslationError(timeout_message(self.display_name, timeout)) from exc
        except requests.RequestException as exc:
            raise MachineTranslationError(unreachable_message(self.display_name)) from exc
        if response.status_code != 200:
            raise MachineTranslationError(deepl_status_message(response.status_code))
        try:
            translations = response.json()["translations"]
            return {
                string: StringValue(item["text"])
                for string, item in zip(strings, translations, strict=True)
            }
        except (ValueError, KeyError, TypeError) as exc:
            raise MachineTranslationError(bad_answer_message(self.display_name)) from exc

    def can_translate(self, source_locale, target_locale):
        return _language(source_locale.language_code) != _language(target_locale.language_code)


class LibreTranslateTranslator(BaseLibreTranslator):
    """LibreTranslate (self-hosted or a provider) with readable errors.

    Options: LIBRETRANSLATE_URL (required), API_KEY (optional), TIMEOUT (seconds).
    """

    display_name = "LibreTranslate"

    def get_api_endpoint(self):
        return self.options["LIBRETRANSLATE_URL"].rstrip("/")

    def translate(self, source_locale, target_locale, strings):
        strings = list(strings)
        timeout = int(self.options.get("TIMEOUT", DEFAULT_TIMEOUT))
        payload = {
            "q": [string.data for string in strings],
            "source": _language(source_locale.language_code),
            "target": _language(target_locale.language_code),
            "format": "html",
        }
        if self.options.get("API_KEY"):
            payload["api_key"] = self.options["API_KEY"]
        try:
            response = requests.post(
                self.get_api_endpoint() + "/translate", json=payload, timeout=timeout
            )
        except requests.Timeout as exc:
            raise MachineTranslationError(timeout_message(self.display_name, timeout)) from exc
        except requests.RequestException as exc:
            raise MachineTranslationError(unreachable_message(self.display_name)) from exc
        if response.status_code != 200:
            raise MachineTranslationError(
                _("LibreTranslate refused the request (HTTP %(status)s): %(reason)s")
                % {"status": response.status_code, "reason": _libretranslate_reason(response)}
            )
        try:
            translated = response.json()["translatedText"]
            return {
                string: StringValue(text) for string, text in zip(strings, translated, strict=True)
            }
        except (ValueError, KeyError, TypeError) as exc:
            raise MachineTranslationError(bad_answer_message(self.display_name)) from exc


def _libretranslate_reason(response) -> str:
    try:
        return str(response.json().get("error", ""))[:200]
    except ValueError:
        return ""


def timeout_message(name: str, seconds: int) -> str:
    return str(
        _(
            "%(service)s did not answer within %(seconds)s seconds. Nothing was changed: try "
            "again later, or translate by hand."
        )
        % {"service": name, "seconds": seconds}
    )


def unreachable_message(name: str) -> str:
    return str(
        _("%(service)s could not be reached. Nothing was changed: try again later.")
        % {"service": name}
    )


def bad_answer_message(name: str) -> str:
    return str(
        _("%(service)s sent an answer that could not be read. Nothing was changed.")
        % {"service": name}
    )


def deepl_status_message(status: int) -> str:
    if status == 403:
        return str(_("DeepL refused the authentication key. Ask an administrator to check it."))
    if status == 456:
        return str(_("The DeepL quota for this period is used up. Translate by hand for now."))
    if status == 429:
        return str(_("DeepL received too many requests. Wait a minute and try again."))
    return str(_("DeepL answered with an error (HTTP %(status)s).") % {"status": status})
