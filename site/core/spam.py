"""The site's one defence against form spam, without third-party services: the call form,
contributors' sign-up and their proposals use it the same way.

A text field people never see (hidden by CSS, out of the tab order) that robots fill, and a
signed timestamp of when the form was shown: sent too fast is a robot, sent days later is a
person asked to send again. The signature binds the timestamp to one form (``scope``), so it
can be neither forged, moved back in time nor reused on another form. Rate limits per
address (site/core/throttle.py) come on top.

wagtail-honeypot was considered: its 1.3 release declares Wagtail 6 and 7 only, accepts an
unsigned timestamp (a robot can send any time, even a future one), and adds a model field per
page; this mechanism is as small and signs its timestamp.
"""

from __future__ import annotations

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

#: A text field people never see: robots fill it.
TRAP_FIELD = "hp_website"
#: When the form was shown, signed.
TOKEN_FIELD = "hp_started"  # noqa: S105 (a field name)
TOKEN_SALT = "smartvillages.forms"  # noqa: S105 (a namespace, not a secret)

VERDICT_HUMAN = "human"
VERDICT_EXPIRED = "expired"


def make_token(scope: str, now: float | None = None) -> str:
    return signing.dumps([scope, int(now or time.time())], salt=TOKEN_SALT)


def inspect(scope: str, data, now: float | None = None) -> str:
    """VERDICT_HUMAN, VERDICT_EXPIRED (a form left open for days: asked to send it again), or
    the reason the submission is a robot's (dropped, or refused with a neutral message)."""
    if data.get(TRAP_FIELD):
        return "trap filled"
    raw = data.get(TOKEN_FIELD)
    if not raw:
        return "no token"
    try:
        key, shown_at = signing.loads(raw, salt=TOKEN_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return "bad token"
    if key != scope or not isinstance(shown_at, int):
        return "token of another form"
    age = (now or time.time()) - shown_at
    if age < settings.CALL_FORM_MIN_SECONDS:
        return "sent too fast"
    if age > settings.CALL_FORM_MAX_AGE:
        return VERDICT_EXPIRED
    return VERDICT_HUMAN


class SpamProtectedForm(forms.Form):
    """A Django form checked by the trap and the signed timestamp. Its template adds the two
    hidden inputs with ``{% include "includes/spam_fields.html" with token=form.spam_token %}``.
    A refusal has the same message for a robot and for a person who waited too long, and
    tells what to do; the form comes back with what was typed and a fresh timestamp.

    Subclasses set ``spam_scope``.
    """

    spam_scope = "form"

    @property
    def spam_token(self) -> str:
        return make_token(self.spam_scope)

    def clean(self):
        cleaned = super().clean()
        if self.is_bound and inspect(self.spam_scope, self.data) != VERDICT_HUMAN:
            raise forms.ValidationError(
                _(
                    "The form could not be accepted. Check your entries and send it again in "
                    "a few seconds."
                ),
                code="spam",
            )
        return cleaned
