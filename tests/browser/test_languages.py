"""A reader lands in their browser's language and switches to Slovenian."""

import re

from django.utils import translation
from playwright.sync_api import expect


def test_land_in_browser_language_then_switch_to_slovenian(live_site, new_page):
    page = new_page(locale="de-DE")
    page.goto(live_site.url + "/")
    expect(page).to_have_url(re.compile(r"/de/$"))
    expect(page.locator("html")).to_have_attribute("lang", "de")

    page.get_by_role("navigation", name=_("Choose a language", "de")).get_by_role(
        "link", name="Slovenščina"
    ).click()

    expect(page).to_have_url(re.compile(r"/sl/$"))
    expect(page.locator("html")).to_have_attribute("lang", "sl")
    navigation = page.get_by_role("navigation", name=_("Main navigation", "sl"))
    expect(navigation).to_be_visible()
    about_sl = navigation.get_by_role("link").first
    expect(about_sl).to_have_attribute("href", "/sl/o-nas/")
    expect(about_sl).not_to_have_text("À propos")
    expect(page.get_by_role("link", name=_("Skip to content", "sl"))).to_have_count(1)


def test_keyboard_user_reaches_content_first(live_site, new_page):
    page = new_page(locale="sl-SI")
    page.goto(live_site.url + "/sl/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=_("Skip to content", "sl"))
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()


def _(message, code):
    with translation.override(code):
        return translation.gettext(message)
