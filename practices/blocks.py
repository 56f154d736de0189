"""StreamField blocks of practice pages: dated key steps, links, a gallery.

Contacts, documents and images are the shared blocks of smartvillages.core.blocks, so they
look the same everywhere on the site.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from smartvillages.core.blocks import FigureBlock


class KeyStepBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("Date"), help_text=_("When the step started or took place."))
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=1000)

    class Meta:
        icon = "date"
        label = _("Key step")
        template = "practices/blocks/key_step.html"
        description = _("A dated step of the practice: a launch, a meeting, a delivery.")
        preview_value = {
            "date": "2023-11-27",
            "title": "Séminaire de lancement",
            "text": "Constitution du groupe et premiers apports.",
        }


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Link text"), max_length=200)
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "link"
        label = _("Link")
        template = "practices/blocks/link.html"
        description = _("A link to a website, a resource or an article about the practice.")


class KeyStepsBlock(blocks.StreamBlock):
    step = KeyStepBlock()


class LinksBlock(blocks.StreamBlock):
    link = LinkBlock()


class GalleryBlock(blocks.StreamBlock):
    image = FigureBlock()
