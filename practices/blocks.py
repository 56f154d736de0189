"""StreamField blocks of practice pages: dated key steps, contacts, links.

Documents and images reuse the shared blocks of home.blocks, so they look the same
everywhere on the site.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from home.blocks import DocumentLinkBlock, FigureBlock


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


class ContactStructValue(blocks.StructValue):
    """Obfuscates the e-mail address so that it is not harvestable as plain text: the page
    shows it with its characters reversed in the HTML source and a static script restores a
    mailto link; without JavaScript it reads "name [at] domain"."""

    def email_parts(self):
        email = self.get("email") or ""
        if "@" not in email:
            return None
        user, domain = email.split("@", 1)
        return {"user": user, "domain": domain, "reversed": email[::-1]}


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"), max_length=120, help_text=_("A person or a team."))
    role = blocks.CharBlock(
        label=_("Role"), required=False, max_length=200, help_text=_("Position and organisation.")
    )
    email = blocks.EmailBlock(
        label=_("E-mail"),
        required=False,
        help_text=_("Published protected against address harvesting."),
    )
    phone = blocks.CharBlock(label=_("Phone"), required=False, max_length=40)

    class Meta:
        icon = "user"
        label = _("Contact")
        template = "practices/blocks/contact.html"
        value_class = ContactStructValue
        description = _("Someone to contact about the practice, as published by its organisation.")


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


class ContactsBlock(blocks.StreamBlock):
    contact = ContactBlock()


class LinksBlock(blocks.StreamBlock):
    link = LinkBlock()


class DocumentsBlock(blocks.StreamBlock):
    document = DocumentLinkBlock()


class GalleryBlock(blocks.StreamBlock):
    image = FigureBlock()
