"""The practice library in a real browser: filter by a dimension and a country, then open a
practice and read it in German."""

import re

from practices.models import PracticePage


def test_filter_by_dimension_and_country_then_read_in_german(live_site, new_page):
    page = new_page(locale="fr-FR")
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    # No network in tests: the map tiles are answered with an empty image.
    page.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(status=204))
    page.goto(f"{live_site.url}/fr/pratiques/")
    page.select_option("#filter-dimension", "living")
    page.select_option("#filter-country", "FR")
    page.locator(".library-filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"dimension=living"), wait_until="domcontentloaded")
    assert "country=FR" in page.url
    heading = page.locator("#results-heading").inner_text()
    count = int(re.match(r"\d+", heading).group())
    assert 0 < count < PracticePage.objects.live().filter(locale__language_code="fr").count()
    # the counts shown next to the options follow the chosen filters
    option = page.locator("#filter-dimension option[value=living]").inner_text()
    assert option.endswith(f"({count})")

    # the translated practice "Smart Villages" is among them: open it, then switch to German
    page.goto(f"{live_site.url}/fr/pratiques/?dimension=living&country=FR&sort=title")
    link = page.get_by_role("link", name=re.compile("^Smart Villages : pour une transformation"))
    if link.count() == 0:
        page.goto(f"{live_site.url}/fr/pratiques/?dimension=living&country=FR&sort=title&page=2")
    page.get_by_role("link", name=re.compile("^Smart Villages : pour une transformation")).click()
    page.wait_for_url(re.compile(r"/fr/pratiques/smart-villages/$"), wait_until="domcontentloaded")
    page.get_by_role("link", name="Deutsch").click()
    page.wait_for_url(re.compile(r"/de/praktiken/smart-villages/$"), wait_until="domcontentloaded")
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").inner_text() == (
        "Smart Villages: für einen gelungenen digitalen und gesellschaftlichen Wandel"
    )
    assert page.locator(".alias-notice").count() == 0
    assert "2.061.999" in page.locator(".funding-table").inner_text()
    # the dimension links lead back to the German listing, filtered
    page.get_by_role("link", name="Intelligente Governance").first.click()
    page.wait_for_url(
        re.compile(r"/de/praktiken/\?dimension=governance"), wait_until="domcontentloaded"
    )
    assert errors == []
