"""A reader on the Slovenian site types three letters in the search box, picks a suggestion,
and lands on the results with facets; the combobox works from the keyboard too."""

import re

from playwright.sync_api import expect


def _add_slovenian_page(title, introduction):
    from wagtail.models import Locale

    from home.models import HomePage, StandardPage

    home = HomePage.objects.get(locale__language_code="sl", depth=2)
    slug = re.sub(r"[^a-z]+", "-", title.lower()).strip("-") or "stran"
    existing = home.get_children().filter(slug=slug).first()
    if existing is not None:  # a database kept from an earlier run (--reuse-db)
        return existing
    page = StandardPage(
        title=title,
        slug=slug,
        introduction=introduction,
        locale=Locale.objects.get(language_code="sl"),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_pick_a_suggestion_and_see_results_with_facets(live_site, new_page):
    _add_slovenian_page("Čebelarska učna pot", "Pot med čebelnjaki v vasi.")
    page = new_page(locale="sl-SI")
    page.goto(live_site.url + "/sl/")

    box = page.get_by_role("combobox")
    box.click()
    box.press_sequentially("ceb", delay=80)  # typed without the háček

    listbox = page.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    option = listbox.get_by_role("option", name=re.compile("Čebelarska učna pot"))
    option.click()

    expect(page).to_have_url(re.compile(r"/sl/search/\?q=%C4%8Cebelarska"))
    results = page.locator(".search-results")
    expect(results.get_by_role("link", name="Čebelarska učna pot")).to_be_visible()
    expect(results.locator("mark").first).to_have_text("Čebelarska")
    facets = page.locator(".search__facets")
    expect(facets).to_be_visible()
    expect(facets.get_by_role("link").first).to_contain_text("(1)")


def test_keyboard_choice_in_the_combobox(live_site, new_page):
    # A word no demo page starts with, so the first suggestion is this page.
    _add_slovenian_page("Kvokavrt skupnostni", "Vrt za vse prebivalce.")
    page = new_page(locale="sl-SI")
    page.goto(live_site.url + "/sl/search/")
    box = page.locator("#search-page-q")
    box.press_sequentially("kvo", delay=80)
    # Wait for the suggestions of the whole word: a list for "kv" may show first, and the
    # one for "kvo" replaces it (and its selection) when it arrives.
    expect(page.get_by_role("option", name=re.compile("Kvokavrt"))).to_be_visible()
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active
    expect(page.locator(f"#{active}")).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/sl/search/\?q=Kvokavrt"))
    expect(page.get_by_role("status").filter(has_text="1")).to_have_count(1)
