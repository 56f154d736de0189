"""A reader clicks through the site in their language and never meets a French sentence:
home → practice library → a practice → its organisation → an event it organised → the
event's report → the glossary, in English, Italian, German and Slovenian. Each page's text,
as Chromium shows it, goes through the same language identification as check_languages."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect
from wagtail.models import Locale

from smartvillages.translation.languages import LocaleReport, check_html


def _(message, code):
    with translation.override(code):
        return translation.gettext(message)


def assert_in_language(page, code):
    report = LocaleReport(language_code=code)
    check_html(code, page.url, page.content(), report)
    assert report.paragraphs > 0, page.url
    assert [(leak.language, leak.text[:60]) for leak in report.leaks] == [], page.url
    expect(page.locator("html")).to_have_attribute("lang", code)


@pytest.mark.parametrize("code", ["en", "it", "de", "sl"])
def test_click_through_the_site_in_one_language(live_site, new_page, code):
    from events.models import EventPage
    from glossary.models import GlossaryIndexPage
    from practices.models import PracticeIndexPage, PracticePage

    locale = Locale.objects.get(language_code=code)
    library = PracticeIndexPage.objects.get(locale=locale)
    glossary = GlossaryIndexPage.objects.get(locale=locale)
    practice = PracticePage.objects.get(slug="smart-villages", locale__language_code="fr")
    practice = practice.get_translation(locale)
    event = EventPage.objects.get(slug="grenoble-2020-smart-villages", locale__language_code="fr")
    event = event.get_translation(locale)

    page = new_page(locale=code)
    page.goto(f"{live_site.url}/{code}/")
    assert_in_language(page, code)

    navigation = page.get_by_role("navigation", name=_("Main navigation", code))
    navigation.locator(f'a[href="{library.url}"]').click()
    expect(page).to_have_url(re.compile(re.escape(library.url) + "$"))
    assert_in_language(page, code)

    page.goto(live_site.url + practice.url)
    expect(page.locator("h1")).to_have_text(practice.title)
    assert_in_language(page, code)

    page.locator(".practice__facts dd a[href*='/']").filter(has_text="ADRETS").first.click()
    expect(page.locator("h1")).to_contain_text("ADRETS")
    assert_in_language(page, code)

    page.locator(f'#organised-events-heading + ul a[href="{event.url}"]').click()
    expect(page.locator("#report-heading")).to_be_visible()
    assert_in_language(page, code)
    page.get_by_role("link", name=_("Report", code), exact=True).click()
    expect(page).to_have_url(re.compile("#report$"))

    navigation = page.get_by_role("navigation", name=_("Main navigation", code))
    navigation.locator(f'a[href="{glossary.url}"]').click()
    expect(page).to_have_url(re.compile(re.escape(glossary.url) + "$"))
    assert_in_language(page, code)
