"""Accessibility: axe-core (from the npm registry, pinned in package.json; `make test`
installs it) in Chromium, over one page of every page type and route in each of the five
languages, found from the site (tests/site_pages.py: the sitemap, the URL configuration,
routable pages' sub-routes, search with and without results, 404, forms with filters set).

Pages are checked as a reader meets them: maps with their markers, a glossary tooltip open
(keyboard focus on the first linked term) where a page has one, and the call form also after a
submission with errors. The test fails on any serious or critical violation of the WCAG
2.0-2.2 A and AA rules and prints the rule, the page and the elements.
"""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.conftest import IN_CI
from tests.site_pages import public_pages

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
RUN_AXE = """async (tags) => {
    const results = await axe.run(document, {
        runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
    });
    return results.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => n.target.join(" ")),
    }));
}"""


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        message = f"axe-core not found at {AXE} (install it: make install)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text()


@pytest.fixture
def axe_page(browser, axe_source):
    """A Chromium page with axe loaded in every document (an init script: the site's CSP,
    which allows no inline script, does not apply to it)."""
    contexts = []

    def make(code):
        context = browser.new_context(locale=code, viewport={"width": 1280, "height": 900})
        context.add_init_script(axe_source)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def blocking_violations(page, label):
    found = page.evaluate(RUN_AXE, WCAG_TAGS)
    return [
        f"{violation['impact']} {violation['id']} on {label}: {violation['help']}\n    "
        + "\n    ".join(violation["nodes"][:5])
        for violation in found
        if violation["impact"] in BLOCKING
    ]


def check_page(page, url, label):
    response = page.goto(url)
    assert response is not None
    page.wait_for_load_state("load")
    problems = []
    if page.locator("[data-practice-map]").count():
        # the map's markers arrive with its GeoJSON, after the load: check them too
        expect(page.locator(".leaflet-marker-icon").first).to_be_visible()
    term = page.locator("a.glossary-link").first
    if term.count():
        term.focus()
        expect(page.locator(".glossary-ref:focus-within .glossary-tip")).to_be_visible()
        label += " (glossary tooltip open)"
    problems += blocking_violations(page, label)
    form = page.locator("form[method=post]:not([role=search]) button[type=submit]")
    if "CallPage" in label and form.count():
        # An empty application, sent after the delay under which a form counts as a robot's:
        # the form comes back with its errors.
        page.wait_for_timeout((settings.CALL_FORM_MIN_SECONDS + 0.5) * 1000)
        form.first.click()
        page.wait_for_load_state("load")
        expect(page.locator("#form-errors")).to_be_visible()
        problems += blocking_violations(page, label + " (form with errors)")
    return problems


@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_no_serious_accessibility_violation_on_any_page_type(live_site, axe_page, code):
    pages = [page for page in public_pages() if page.language == code]
    assert len(pages) >= 15, [str(page) for page in pages]
    browser_page = axe_page(code)
    problems = []
    for page in pages:
        problems += check_page(browser_page, live_site.url + page.path, str(page))
    print(f"axe {code}: {len(pages)} pages, {len(problems)} serious or critical violations")
    assert problems == [], "\n".join(problems)
