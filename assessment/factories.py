"""Factories of the self-assessment (wagtail-factories), for tests."""

import factory
import wagtail_factories

from smartvillages.core.demo import with_block_ids

from .models import SelfAssessmentPage


def questionnaire_data(codes=("governance", "mobility"), questions=2):
    """A small questionnaire: ``questions`` questions of four answers (0-3 points) per
    dimension."""
    return with_block_ids(
        [
            {
                "type": "dimension",
                "value": {
                    "dimension": code,
                    "introduction": f"About {code}.",
                    "questions": [
                        {
                            "text": f"{code} question {number}?",
                            "explanation": "Why it matters.",
                            "weight": 1 + number % 2,
                            "answers": [
                                {"label": f"Answer {points}", "points": points}
                                for points in range(4)
                            ],
                        }
                        for number in range(questions)
                    ],
                },
            }
            for code in codes
        ],
        "factory",
    )


class SelfAssessmentPageFactory(wagtail_factories.PageFactory):
    title = "Self-assessment"
    slug = factory.Sequence(lambda n: f"self-assessment-{n}")
    introduction = "Where does your territory stand?"
    questionnaire = factory.LazyFunction(questionnaire_data)

    class Meta:
        model = SelfAssessmentPage
