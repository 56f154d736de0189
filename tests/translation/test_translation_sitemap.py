"""sitemap.xml lists real translations only, each with its xhtml:link alternates."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Locale
from wagtail_localize.operations import translate_object

from home.models import StandardPage
from smartvillages.core.demo import sync_aliases

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
HOST = "http://testserver"


def read_sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    entries = {}
    for url in root.findall("s:url", NS):
        loc = url.find("s:loc", NS).text.removeprefix(HOST)
        entries[loc] = {
            link.get("hreflang"): link.get("href").removeprefix(HOST)
            for link in url.findall("x:link", NS)
        }
    return entries


@pytest.mark.django_db
def test_translated_pages_carry_their_alternates(client):
    entries = read_sitemap(client)
    slugs = {"fr": "a-propos", "en": "about", "it": "chi-siamo", "de": "ueber-uns", "sl": "o-nas"}
    expected = {code: f"/{code}/{slug}/" for code, slug in slugs.items()}
    expected["x-default"] = "/fr/a-propos/"
    for url in expected.values():
        assert entries[url] == expected
    assert "/sl/" in entries


@pytest.mark.django_db
def test_aliases_and_unpublished_translations_are_left_out(
    client, home_fr, django_capture_on_commit_callbacks
):
    page = StandardPage(title="Habitat partagé", slug="habitat", introduction="Vivre ensemble.")
    home_fr.add_child(instance=page)
    page.save_revision().publish()
    sync_aliases()
    sl = Locale.objects.get(language_code="sl")
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(page, [sl])  # requested, not yet published: still the French text

    entries = read_sitemap(client)
    assert entries["/fr/habitat/"] == {}  # no real translation yet: no alternates
    for code in ("en", "it", "de", "sl"):
        assert f"/{code}/habitat/" not in entries

    # Once the translator publishes, the Slovenian page and the alternates appear.
    target = page.get_translation(sl)
    target.title = "Skupno bivanje"
    with django_capture_on_commit_callbacks(execute=True):
        target.save_revision().publish()
    entries = read_sitemap(client)
    assert entries["/sl/habitat/"] == {
        "fr": "/fr/habitat/",
        "sl": "/sl/habitat/",
        "x-default": "/fr/habitat/",
    }
    assert entries["/fr/habitat/"] == entries["/sl/habitat/"]


@pytest.mark.django_db
def test_query_count_does_not_grow_with_pages(client, home_fr, max_queries):
    before = max_queries.get(client, "/sitemap.xml")
    for index in range(5):
        page = StandardPage(title=f"Page {index}", slug=f"page-{index}")
        home_fr.add_child(instance=page)
        page.save_revision().publish()
    assert "/fr/page-4/" in read_sitemap(client)
    assert max_queries.get(client, "/sitemap.xml", before) == before
