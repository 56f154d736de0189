"""The block library every app shares: the blocks of every page body (BaseStreamBlock), figures,
documents and contacts.

No raw HTML block: editors cannot inject markup or scripts. Link logic lives in the
StructValue classes, not in templates.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

PARAGRAPH_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section (h2)")), ("h3", _("Sub-section (h3)"))],
        default="h2",
        help_text=_("Use sections for the main parts of the page, sub-sections inside them."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading.html"
        description = _("A section title, listed in the page outline for screen readers.")
        preview_value = {"text": "Qu'est-ce qu'un smart village ?", "level": "h2"}


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    attribution = blocks.CharBlock(
        label=_("Credit"), required=False, max_length=200, help_text=_("Photographer or source.")
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/figure.html"
        description = _("An image with its alternative text, an optional caption and credit.")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(
        label=_("Said by"), required=False, max_length=200, help_text=_("Name and role, if known.")
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote.html"
        description = _("A short quotation with who said it.")
        preview_value = {
            "text": "Le village intelligent part des besoins de ses habitants.",
            "attribution": "ADRETS",
        }


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "blocks/document.html"
        description = _("A link to download a document, with its format and size.")


class LinkStructValue(blocks.StructValue):
    """Resolves the target of a call to action: an internal page (localised) or a URL."""

    def url(self):
        page = self.get("page")
        if page:
            return page.localized.url
        return self.get("external_url") or ""


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=400)
    button_label = blocks.CharBlock(label=_("Button label"), max_length=60)
    page = blocks.PageChooserBlock(
        label=_("Page"), required=False, help_text=_("A page of this site. Takes precedence.")
    )
    external_url = blocks.URLBlock(label=_("External address"), required=False)

    def clean(self, value):
        result = super().clean(value)
        if not result.get("page") and not result.get("external_url"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": ValidationError(_("Choose a page or enter an external address."))
                }
            )
        return result

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "blocks/call_to_action.html"
        value_class = LinkStructValue
        description = _("A highlighted box with a button leading to a page or an address.")
        preview_value = {
            "title": "Rejoignez le réseau",
            "text": "Partagez vos pratiques avec les territoires alpins.",
            "button_label": "Nous contacter",
            "external_url": "https://example.org/",
        }


class BaseStreamBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=PARAGRAPH_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph.html",
        description=_("Text with bold, italic, lists and links."),
        preview_value="<p>Un village intelligent mobilise ses habitants et le numérique.</p>",
    )
    heading = HeadingBlock()
    image = FigureBlock()
    quote = QuoteBlock()
    document = DocumentLinkBlock()
    embed = EmbedBlock(
        label=_("Embedded media"),
        icon="media",
        template="blocks/embed.html",
        help_text=_("Address of a video (YouTube, Vimeo...) to show in the page."),
        description=_("A video or other media from an external service."),
    )
    call_to_action = CallToActionBlock()


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


#: What a telephone number may hold: digits, spaces, dots, brackets, hyphens, a leading +.
PHONE_REGEX = r"^\+?[0-9 .()-]{6,30}$"


class ContactBlock(blocks.StructBlock):
    """Someone readers can write to or call: a practice's contact, a call's, a presenter's."""

    name = blocks.CharBlock(label=_("Name"), max_length=120, help_text=_("A person or a team."))
    role = blocks.CharBlock(
        label=_("Role"), required=False, max_length=200, help_text=_("Position and organisation.")
    )
    email = blocks.EmailBlock(
        label=_("E-mail"),
        required=False,
        help_text=_("Published protected against address harvesting."),
    )
    # A RegexBlock, not a CharBlock: wagtail-localize copies it to translations instead of
    # asking translators to translate a number.
    phone = blocks.RegexBlock(
        regex=PHONE_REGEX,
        label=_("Phone"),
        required=False,
        help_text=_("As it should be dialled from abroad, e.g. +33 4 92 00 00 00."),
        error_messages={"invalid": _("Enter a telephone number: digits, spaces and +.")},
    )

    class Meta:
        icon = "user"
        label = _("Contact")
        template = "blocks/contact.html"
        value_class = ContactStructValue
        description = _("A person or a service readers can write to or call.")


class ContactsBlock(blocks.StreamBlock):
    contact = ContactBlock()


class DocumentsBlock(blocks.StreamBlock):
    document = DocumentLinkBlock()
