"""The Smart Village self-assessment: a questionnaire page (one step per dimension, after a
short context step), anonymous results with an unguessable address, and what they recommend.

The questionnaire is the page's content, translated with wagtail-localize like any page.
A result stores no personal data: the language it was taken in, the month, the stated scale,
country and themes, the score of each dimension, and the practices it recommended (for the
editors' aggregate report). It is shown in the language of whoever opens its address.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.db import models, transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail_localize.fields import TranslatableField

from practices.models import PracticeIndexPage, Scale
from practices.queries import taxonomy_terms
from smartvillages.core.countries import ALPINE_COUNTRIES
from smartvillages.core.models import PAGE_TRANSLATABLE_FIELDS, BasePage

from . import chart, recommend, scoring
from .blocks import QuestionnaireBlock
from .forms import ContextForm, StepForm, field_name


def new_token() -> str:
    return secrets.token_urlsafe(18)  # 24 characters, 144 random bits


class SelfAssessmentPage(RoutablePageMixin, BasePage):
    context_text = models.TextField(
        _("context step text"),
        blank=True,
        max_length=600,
        help_text=_("Shown above the first step (scale, country and themes of the territory)."),
    )
    result_text = models.TextField(
        _("result text"),
        blank=True,
        max_length=600,
        help_text=_("Shown on every result page: how to read the scores."),
    )
    questionnaire = StreamField(
        QuestionnaireBlock(),
        verbose_name=_("questionnaire"),
        help_text=_(
            "One block per dimension, each a step of the questionnaire: its questions, their "
            "answers with points, and the weight of each question."
        ),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("context_text"),
        FieldPanel("questionnaire"),
        FieldPanel("result_text"),
    ]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("introduction"),
        TranslatableField("context_text"),
        TranslatableField("result_text"),
        TranslatableField("questionnaire"),
    ]
    api_fields = BasePage.api_fields + [APIField("questionnaire")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")

    # The visitor's progress, kept in the session ---------------------------------------

    @property
    def session_key(self) -> str:
        # The same in every language: a visitor may switch language half-way.
        return f"assessment:{self.translation_key}"

    def progress(self, request) -> dict:
        return request.session.get(self.session_key) or {"context": {}, "answers": {}}

    def save_progress(self, request, progress: dict):
        request.session[self.session_key] = progress

    def steps(self) -> list[scoring.Step]:
        if not hasattr(self, "_steps"):
            self._steps = scoring.steps_of(self.questionnaire)
        return self._steps

    def step_url(self, number: int) -> str:
        if number == 0:
            return self.url
        return self.url + self.reverse_subpage("step", args=[number])

    def theme_choices(self):
        return [(code, term.name) for code, term in taxonomy_terms()["theme"].items()]

    def page_context(self, request, current: int, form) -> dict:
        steps = self.steps()
        progress = self.progress(request)
        answered = progress["answers"]
        done = {
            step.number
            for step in steps
            if all(question.id in answered for question in step.questions)
        }
        if progress["context"]:
            done.add(0)
        labels = dimension_labels()
        return {
            "form": form,
            "current": current,
            "step_count": len(steps) + 1,
            "step_position": current + 1,
            "steps": [
                {
                    "number": step.number,
                    "label": labels.get(step.code, step.code),
                    "url": self.step_url(step.number),
                    "done": step.number in done,
                }
                for step in steps
            ],
            "context_done": 0 in done,
            "started": bool(progress["context"] or answered),
            "previous_url": self.step_url(current - 1) if current > 0 else None,
            "is_last": current == len(steps),
        }

    # Routes ------------------------------------------------------------------------------

    @path("")
    def context_step(self, request):
        progress = self.progress(request)
        if request.method == "POST":
            form = ContextForm(request.POST, theme_choices=self.theme_choices())
            if form.is_valid():
                progress["context"] = form.cleaned_data | {"stated": True}
                self.save_progress(request, progress)
                return HttpResponseRedirect(self.step_url(1))
        else:
            form = ContextForm(initial=progress["context"], theme_choices=self.theme_choices())
        return self.render(request, context_overrides=self.page_context(request, 0, form))

    @path("step/<int:number>/", name="step")
    def dimension_step(self, request, number):
        refusal = None
        steps = self.steps()
        if not 1 <= number <= len(steps):
            raise Http404
        step = steps[number - 1]
        progress = self.progress(request)
        if request.method == "POST":
            form = StepForm(request.POST, step=step)
            if form.is_valid():
                progress["answers"] = progress["answers"] | form.answers()
                self.save_progress(request, progress)
                if number < len(steps):
                    return HttpResponseRedirect(self.step_url(number + 1))
                from smartvillages.core.throttle import assessment_result_rate_exceeded

                if not assessment_result_rate_exceeded(request):
                    return self.finish(request, progress)
                refusal = gettext(
                    "Too many self-assessments from your connection: your answers are kept, "
                    "try again in a while."
                )
        else:
            initial = {
                field_name(q.id): progress["answers"][q.id]
                for q in step.questions
                if q.id in progress["answers"]
            }
            form = StepForm(initial=initial, step=step)
        context = self.page_context(request, number, form)
        context.update(
            {
                "step": step,
                "dimension_label": dimension_labels().get(step.code, step.code),
                "questions": [
                    {"question": q, "field": form[field_name(q.id)]} for q in step.questions
                ],
                "refusal": refusal,
            }
        )
        response = self.render(request, template="assessment/step.html", context_overrides=context)
        if refusal:
            response.status_code = 429
        return response

    def finish(self, request, progress):
        steps = self.steps()
        missing = scoring.missing_step(steps, progress["answers"])
        if missing is not None:
            messages.warning(
                request, gettext("A few questions are still unanswered: here they are.")
            )
            return HttpResponseRedirect(self.step_url(missing.number))
        context = progress["context"]
        scores = scoring.scores(steps, progress["answers"])
        with transaction.atomic():
            result = AssessmentResult.objects.create(
                questionnaire_key=self.translation_key,
                language=self.locale.language_code,
                scale=context.get("scale", ""),
                country=context.get("country", ""),
                themes=list(context.get("themes", [])),
                scores=scores,
            )
            recommendations = result.recommendations_for(self.locale)
            AssessmentRecommendation.objects.bulk_create(
                AssessmentRecommendation(
                    result=result, practice_key=item.practice.translation_key, rank=rank
                )
                for rank, item in enumerate(recommendations, start=1)
            )
        del request.session[self.session_key]
        return HttpResponseRedirect(self.result_url(result))

    def result_url(self, result) -> str:
        return self.url + self.reverse_subpage("result", args=[result.token])

    def get_result(self, token):
        result = AssessmentResult.objects.filter(
            token=token, questionnaire_key=self.translation_key
        ).first()
        if result is None:
            raise Http404
        return result

    def result_context(self, request, result) -> dict:
        labels = dimension_labels()
        scores = result.ordered_scores([step.code for step in self.steps()])
        rows = {
            code: {
                "code": code,
                "label": labels.get(code, code),
                "score": score,
                "level": scoring.level_of(score),
            }
            for code, score in scores.items()
        }
        recommendations = result.recommendations_for(self.locale)
        library = _practice_library(self.locale)
        return {
            "result": result,
            "rows": list(rows.values()),
            "chart": chart.radar([(r["code"], r["label"], r["score"]) for r in rows.values()]),
            "weakest": [rows[code] for code in scoring.weakest_first(scores)[:2]],
            "recommendations": recommendations,
            "organisations": recommend.organisations(recommendations),
            "glossary_terms": recommend.glossary_terms(recommendations),
            "library": library,
            "context_labels": result.context_labels(),
            "share_url": request.build_absolute_uri(self.result_url(result)),
            "pdf_url": self.result_url(result) + "pdf/",
        }

    @path("result/<str:token>/", name="result")
    def result(self, request, token):
        result = self.get_result(token)
        context = self.result_context(request, result)
        response = self.render(
            request, template="assessment/result.html", context_overrides=context
        )
        response["X-Robots-Tag"] = "noindex"
        return response

    @path("result/<str:token>/pdf/", name="result_pdf")
    def result_pdf(self, request, token):
        from smartvillages.core.throttle import pdf_rate_exceeded  # imports Wagtail's admin

        result = self.get_result(token)
        if pdf_rate_exceeded(request):
            response = HttpResponse(
                gettext("Too many PDF downloads from your connection: try again in a minute."),
                content_type="text/plain; charset=utf-8",
                status=429,
            )
            return response
        context = self.result_context(request, result) | {
            "page": self,
            "LANGUAGE_CODE": translation.get_language(),
        }
        html = render_to_string("assessment/result_pdf.html", context, request=request)
        from .pdf import html_to_pdf

        response = HttpResponse(
            html_to_pdf(html, request.build_absolute_uri("/")), content_type="application/pdf"
        )
        name = slug_filename(self.title)
        response["Content-Disposition"] = f'attachment; filename="{name}-{result.token[:8]}.pdf"'
        response["X-Robots-Tag"] = "noindex"
        return response


def slug_filename(title: str) -> str:
    return slugify(title) or "self-assessment"


def dimension_labels() -> dict[str, str]:
    """Names of the six dimensions in the active language (cached taxonomy labels), by code."""
    return {code: term.name for code, term in taxonomy_terms()["dimension"].items()}


def _practice_library(locale):
    return PracticeIndexPage.objects.live().filter(locale=locale).first()


class AssessmentResult(models.Model):
    """One completed self-assessment, without personal data."""

    token = models.CharField(_("token"), max_length=32, unique=True, default=new_token)
    questionnaire_key = models.UUIDField(
        _("questionnaire"),
        db_index=True,
        help_text=_("Translation key of the self-assessment page: the same in every language."),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    created_at = models.DateTimeField(_("taken on"), auto_now_add=True, db_index=True)
    scale = models.CharField(_("scale"), max_length=20, blank=True, choices=Scale.choices)
    country = models.CharField(_("country"), max_length=2, blank=True, choices=ALPINE_COUNTRIES)
    themes = models.JSONField(_("themes"), default=list, blank=True)
    scores = models.JSONField(_("scores"), help_text=_("Score 0-100 of each dimension, by code."))

    class Meta:
        verbose_name = _("self-assessment result")
        verbose_name_plural = _("self-assessment results")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_language_display()} {self.created_at:%Y-%m}"

    def ordered_scores(self, order: list[str]) -> dict[str, int]:
        """The scores in the questionnaire's order (``order``: dimension codes), then any
        dimension since removed from it. PostgreSQL's jsonb does not keep the keys' order."""
        codes = [code for code in order if code in self.scores]
        codes += [code for code in self.scores if code not in codes]
        return {code: self.scores[code] for code in codes}

    def recommendations_for(self, locale):
        return recommend.recommend(
            locale, self.scores, scale=self.scale, country=self.country, themes=self.themes
        )

    def context_labels(self) -> list[tuple[str, str]]:
        labels = []
        if self.scale:
            labels.append((gettext("Scale"), self.get_scale_display()))
        if self.country:
            labels.append((gettext("Country"), self.get_country_display()))
        if self.themes:
            names = taxonomy_terms()["theme"]
            labels.append(
                (
                    gettext("Themes"),
                    ", ".join(names[code].name for code in self.themes if code in names),
                )
            )
        return labels


class AssessmentRecommendation(models.Model):
    """A practice a result recommended when it was taken, by the practice's translation key
    (the same in every language): the report counts the most recommended practices."""

    result = models.ForeignKey(
        AssessmentResult, on_delete=models.CASCADE, related_name="recommended"
    )
    practice_key = models.UUIDField(_("practice"), db_index=True)
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["result", "rank"]

    def __str__(self):
        return f"{self.result_id} #{self.rank}: {self.practice_key}"
