"""A German reader meets glossary terms in a practice: reads a definition from the keyboard
and with the mouse, follows the term to the glossary, then filters the glossary as they type.

One journey in one test: each browser test reloads the demo site. The page is the German
translation of the "Smart Villages" practice from the demo content (imported from its PO
file), whose texts name EUSALP and Interreg Alpine Space; the links come from the glossary's
rich-text processor that practice and event templates run (home's enhance_richtext)."""

import re

from playwright.sync_api import expect

from glossary.models import GlossaryTermPage
from practices.models import PracticePage
from tests.conftest import translated


def test_reader_reads_a_definition_follows_the_term_and_filters_the_glossary(live_site, new_page):
    practice = PracticePage.objects.get(
        slug="smart-villages", locale__language_code="de", alias_of__isnull=True
    )
    eusalp = translated(GlossaryTermPage, "suera", "de")
    page = new_page(locale="de-DE")
    page.goto(live_site.url + practice.url)
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text(practice.title)

    # With the mouse: the definition shows on hover, and stays while the pointer moves onto it.
    other = page.locator(".glossary-ref", has=page.locator("a", has_text="Interreg Alpenraum"))
    other.locator("a").hover()
    expect(other.locator(".glossary-tip")).to_be_visible()
    other.locator(".glossary-tip").hover()
    expect(other.locator(".glossary-tip")).to_be_visible()
    page.mouse.move(0, 0)
    expect(other.locator(".glossary-tip")).to_be_hidden()

    # With the keyboard: Tab through the page until the term has the focus.
    link = page.locator("a.glossary-link", has_text="EUSALP")
    tooltip = page.locator(".glossary-tip", has_text=eusalp.short_definition)
    expect(link).to_have_count(1)
    expect(tooltip).to_be_hidden()
    for _ in range(200):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    expect(link).to_be_focused()
    # Shown on focus, and announced: it is the link's accessible description.
    expect(tooltip).to_be_visible()
    expect(link).to_have_accessible_description(eusalp.short_definition)
    # Escape closes it and leaves the focus where it was (WCAG 1.4.13).
    page.keyboard.press("Escape")
    expect(tooltip).to_be_hidden()
    expect(link).to_be_focused()

    # Follow it to the glossary entry.
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(eusalp.url) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("EUSALP")
    expect(page.locator("html")).to_have_attribute("lang", "de")

    # Back to the glossary, and filter it as one types (accents optional).
    page.locator(".glossary-term__back a").click()
    entries = page.locator(".glossary-entry:visible")
    total = entries.count()
    assert total >= 40
    page.locator("#glossary-filter-input").fill("okologisch")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("Ökologischer Wandel")
    expect(page.locator("#glossary-count")).to_contain_text(re.compile(r"\b1\b"))
    expect(page).to_have_url(re.compile(r"\?q=okologisch$"))
    page.locator("#glossary-filter-input").fill("")
    expect(entries).to_have_count(total)
