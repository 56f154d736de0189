"""Scoring, table-driven: answers -> scores per dimension -> levels and the weakest first."""

import pytest

from assessment.scoring import (
    Question,
    Step,
    dimension_score,
    level_of,
    missing_step,
    scores,
    weakest_first,
)


def question(qid, weight=1, points=(0, 1, 2, 3)):
    return Question(qid, f"Question {qid}", "", weight, [(f"a{p}", p) for p in points])


GOVERNANCE = Step(1, "governance", "", [question("g1", 2), question("g2", 1)])
MOBILITY = Step(2, "mobility", "", [question("m1", 1), question("m2", 1, points=(0, 2, 4))])
STEPS = [GOVERNANCE, MOBILITY]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # every question at its best answer: 100 everywhere
        ({"g1": 3, "g2": 3, "m1": 3, "m2": 2}, {"governance": 100, "mobility": 100}),
        # every question at its weakest answer: 0 everywhere
        ({"g1": 0, "g2": 0, "m1": 0, "m2": 0}, {"governance": 0, "mobility": 0}),
        # weights: g1 (weight 2) at 3/3, g2 (weight 1) at 0/3 -> 2/3 = 67
        ({"g1": 3, "g2": 0, "m1": 0, "m2": 0}, {"governance": 67, "mobility": 0}),
        # g1 at 1/3 (weight 2), g2 at 3/3 -> (2/3 + 1) / 3 = 56
        ({"g1": 1, "g2": 3, "m1": 0, "m2": 0}, {"governance": 56, "mobility": 0}),
        # m2's best answer gives 4 points: its middle answer (2 of 4) counts half
        ({"g1": 0, "g2": 0, "m1": 3, "m2": 1}, {"governance": 0, "mobility": 75}),
    ],
)
def test_scores_from_answers(answers, expected):
    assert scores(STEPS, answers) == expected


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0, "starting"),
        (24, "starting"),
        (25, "emerging"),
        (49, "emerging"),
        (50, "developing"),
        (74, "developing"),
        (75, "advanced"),
        (100, "advanced"),
    ],
)
def test_levels(score, level):
    assert level_of(score).code == level


@pytest.mark.parametrize(
    ("by_code", "expected"),
    [
        ({"governance": 50, "people": 20, "mobility": 80}, ["people", "governance", "mobility"]),
        # ties keep the questionnaire's order
        ({"governance": 30, "people": 30, "mobility": 10}, ["mobility", "governance", "people"]),
        ({"economy": 60, "living": 60}, ["economy", "living"]),
    ],
)
def test_weakest_first(by_code, expected):
    assert weakest_first(by_code) == expected


def test_missing_step_names_the_first_unanswered_dimension():
    assert missing_step(STEPS, {"g1": 0, "g2": 1, "m1": 0, "m2": 2}) is None
    assert missing_step(STEPS, {"g1": 0, "g2": 1, "m1": 0}) is MOBILITY
    # an answer beyond the question's answers (the questionnaire changed meanwhile)
    assert missing_step(STEPS, {"g1": 7, "g2": 1, "m1": 0, "m2": 2}) is GOVERNANCE


def test_a_dimension_without_questions_scores_zero():
    assert dimension_score(Step(3, "living", "", []), {}) == 0
