"""The forms of the self-assessment: the context step and one step per dimension. Plain
server-side forms: the questionnaire works without JavaScript."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from practices.models import Scale
from smartvillages.core.countries import ALPINE_COUNTRIES

from .scoring import Step


class ContextForm(forms.Form):
    scale = forms.ChoiceField(
        label=_("Scale of your territory"),
        choices=[("", _("Not stated"))] + list(Scale.choices),
        required=False,
    )
    country = forms.ChoiceField(
        label=_("Country"),
        choices=[("", _("Not stated"))] + list(ALPINE_COUNTRIES),
        required=False,
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes of interest"),
        help_text=_("Choose as many as you like, or none."),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, theme_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = list(theme_choices)


def field_name(question_id: str) -> str:
    return f"q-{question_id}"


class StepForm(forms.Form):
    """One radio group per question of a dimension; each answer's value is its position."""

    def __init__(self, *args, step: Step, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        for question in step.questions:
            self.fields[field_name(question.id)] = forms.TypedChoiceField(
                label=question.text,
                help_text=question.explanation,
                choices=[(str(i), label) for i, (label, _p) in enumerate(question.answers)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one answer to this question.")},
            )

    def answers(self) -> dict[str, int]:
        return {
            question.id: self.cleaned_data[field_name(question.id)]
            for question in self.step.questions
        }
