"""From answers to scores: pure functions over the questionnaire's blocks, tested by tables
(tests/assessment/test_scoring.py).

A question is keyed by its block id (kept by wagtail-localize in every translation), an
answer by its position in the question. A dimension's score is the weighted mean of its
questions' points, each divided by the best points of that question, from 0 to 100.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

#: Levels by lower bound of the score, from the highest.
LEVELS = [
    (75, "advanced", _("Advanced")),
    (50, "developing", _("Developing")),
    (25, "emerging", _("Emerging")),
    (0, "starting", _("Starting out")),
]


@dataclass(frozen=True)
class Level:
    code: str
    label: str


def level_of(score: int) -> Level:
    for bound, code, label in LEVELS:
        if score >= bound:
            return Level(code, str(label))
    raise ValueError(score)


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    explanation: str
    weight: int
    answers: list[tuple[str, int]]  # (label, points)

    @property
    def best(self) -> int:
        return max(points for _label, points in self.answers)


@dataclass(frozen=True)
class Step:
    number: int  # 1-based; 0 is the context step
    code: str
    introduction: str
    questions: list[Question]


def steps_of(stream) -> list[Step]:
    """The questionnaire of a page's StreamField as plain steps."""
    steps = []
    for number, child in enumerate(stream, start=1):
        value = child.value
        questions = [
            Question(
                id=str(item.id),
                text=item.value["text"],
                explanation=item.value["explanation"],
                weight=item.value["weight"],
                answers=[(a["label"], a["points"]) for a in item.value["answers"]],
            )
            for item in value["questions"].bound_blocks
        ]
        steps.append(Step(number, value["dimension"], value["introduction"], questions))
    return steps


def dimension_score(step: Step, answers: dict[str, int]) -> int:
    """Score 0-100 of one dimension from {question id: answer position}."""
    total = weights = 0.0
    for question in step.questions:
        position = answers[question.id]
        _label, points = question.answers[position]
        total += question.weight * points / question.best
        weights += question.weight
    return round(100 * total / weights) if weights else 0


def scores(steps: list[Step], answers: dict[str, int]) -> dict[str, int]:
    """{dimension code: score}, in questionnaire order."""
    return {step.code: dimension_score(step, answers) for step in steps}


def missing_step(steps: list[Step], answers: dict[str, int]) -> Step | None:
    """The first step with an unanswered question (the questionnaire may have changed since
    the visitor began), or None."""
    for step in steps:
        for question in step.questions:
            position = answers.get(question.id)
            if position is None or not 0 <= position < len(question.answers):
                return step
    return None


def weakest_first(scores_by_code: dict[str, int]) -> list[str]:
    """Dimension codes from the weakest score; ties keep questionnaire order."""
    order = list(scores_by_code)
    return sorted(order, key=lambda code: (scores_by_code[code], order.index(code)))
