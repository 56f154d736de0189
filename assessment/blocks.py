"""The questionnaire of the self-assessment as StreamField blocks: one block per dimension,
each with its questions and their graded answers. Editors change questions, answers, points
and weights in the admin; wagtail-localize translates every text like any page's."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from home.blocks import DIMENSION_CHOICES

#: Points of the best answer of a question; a question's score is its answer's points
#: divided by the most points any of its answers gives.
MAX_POINTS = 3


class AnswerBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Answer"), max_length=200)
    points = blocks.IntegerBlock(
        label=_("Points"),
        min_value=0,
        max_value=MAX_POINTS,
        help_text=_("0 = not at all, 3 = fully."),
    )

    class Meta:
        icon = "radio-full"
        label = _("Answer")


class QuestionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Question"), max_length=300)
    explanation = blocks.TextBlock(
        label=_("Explanation"),
        required=False,
        max_length=400,
        help_text=_("One sentence shown under the question: why it matters."),
    )
    weight = blocks.IntegerBlock(
        label=_("Weight"),
        min_value=1,
        max_value=5,
        default=1,
        help_text=_("How much the question counts in its dimension, from 1 to 5."),
    )
    answers = blocks.ListBlock(
        AnswerBlock(),
        label=_("Answers"),
        min_num=3,
        max_num=5,
        help_text=_("From the weakest to the strongest situation."),
    )

    class Meta:
        icon = "help"
        label = _("Question")

    def clean(self, value):
        value = super().clean(value)
        if not any(answer["points"] for answer in value["answers"]):
            raise StructBlockValidationError(
                block_errors={
                    "answers": ValidationError(_("At least one answer must give points."))
                }
            )
        return value


class DimensionStepBlock(blocks.StructBlock):
    dimension = blocks.ChoiceBlock(label=_("Dimension"), choices=DIMENSION_CHOICES)
    introduction = blocks.TextBlock(
        label=_("Introduction"),
        required=False,
        max_length=400,
        help_text=_("What the dimension covers, shown above its questions."),
    )
    questions = blocks.ListBlock(QuestionBlock(), label=_("Questions"), min_num=1, max_num=8)

    class Meta:
        icon = "list-ul"
        label = _("Dimension")


class QuestionnaireBlock(blocks.StreamBlock):
    dimension = DimensionStepBlock()

    class Meta:
        min_num = 1
        max_num = len(DIMENSION_CHOICES)

    def clean(self, value):
        value = super().clean(value)
        seen = set()
        for child in value:
            code = child.value["dimension"]
            if code in seen:
                raise blocks.StreamBlockValidationError(
                    non_block_errors=ValidationError(
                        _("Each dimension can appear only once in the questionnaire.")
                    )
                )
            seen.add(code)
        return value
