"""StreamField blocks of the home page: the six dimensions, on top of the shared page body."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from smartvillages.core.blocks import BaseStreamBlock

#: The six dimensions of a smart village by their stable codes (the SmartDimension snippets
#: of the practice library carry the same codes), for blocks that name one of them.
DIMENSION_CHOICES = [
    ("governance", _("Smart governance")),
    ("people", _("Smart people")),
    ("living", _("Smart living")),
    ("environment", _("Smart environment")),
    ("economy", _("Smart economy")),
    ("mobility", _("Smart mobility")),
]


class DimensionBlock(blocks.StructBlock):
    code = blocks.ChoiceBlock(
        label=_("Dimension"),
        choices=DIMENSION_CHOICES,
        help_text=_("Sets the dimension's icon and colour."),
    )
    title = blocks.CharBlock(label=_("Title"), max_length=80)
    text = blocks.TextBlock(label=_("Text"), max_length=400)

    class Meta:
        icon = "tag"
        label = _("Dimension")


class DimensionsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), max_length=120)
    introduction = blocks.TextBlock(label=_("Introduction"), required=False, max_length=600)
    dimensions = blocks.ListBlock(DimensionBlock(), label=_("Dimensions"), min_num=1, max_num=6)

    class Meta:
        icon = "table"
        label = _("Smart dimensions")
        template = "home/blocks/dimensions.html"
        description = _("The six dimensions of a smart village, as a grid of cards.")


class HomeStreamBlock(BaseStreamBlock):
    dimensions = DimensionsBlock()
