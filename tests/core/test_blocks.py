"""Editors' rules on the shared StreamField blocks."""

import pytest
from wagtail.blocks import StructBlockValidationError

from smartvillages.core.blocks import BaseStreamBlock, CallToActionBlock


def test_call_to_action_needs_a_target():
    block = CallToActionBlock()
    value = block.to_python({"title": "Rejoindre", "button_label": "Go"})
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_call_to_action_with_url_is_valid():
    block = CallToActionBlock()
    value = block.to_python(
        {"title": "Rejoindre", "button_label": "Go", "external_url": "https://example.org/"}
    )
    assert block.clean(value).url() == "https://example.org/"


def test_no_raw_html_block():
    names = set(BaseStreamBlock().child_blocks)
    assert names == {
        "paragraph",
        "heading",
        "image",
        "quote",
        "document",
        "embed",
        "call_to_action",
    }
    assert "html" not in names and "raw_html" not in names
