"""Open-data exports (CSV, JSON), the Atom feed and the Wagtail API."""

import csv
import io

import feedparser
import pytest

from practices.models import OrganisationPage, PracticePage

pytestmark = pytest.mark.django_db


def test_csv_export_of_the_french_library(client, untranslated_english_practice):
    response = client.get("/fr/pratiques/export/csv/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="pratiques-fr.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == PracticePage.objects.live().filter(locale__language_code="fr").count()
    row = next(r for r in rows if r["slug"] == "smartcommunity")
    assert row["language"] == "fr" and row["source_language"] == "fr"
    assert row["dimensions"].split("|") == ["governance", "people"]
    assert row["countries"] == "FR"
    assert row["lead_organisation"] == "adrets"
    assert row["url"] == "http://testserver/fr/pratiques/smartcommunity/"
    english = next(r for r in rows if r["slug"] == untranslated_english_practice.slug)
    assert english["language"] == "fr" and english["source_language"] == "en"  # an alias


def test_exports_apply_the_listing_filters(client):
    data = client.get("/fr/pratiques/export/json/?dimension=mobility&country=FR").json()
    assert data["language"] == "fr"
    assert data["count"] == len(data["practices"]) > 0
    assert all("mobility" in p["dimensions"] and "FR" in p["countries"] for p in data["practices"])
    everything = client.get("/fr/pratiques/export/json/").json()
    assert everything["count"] > data["count"]


def test_json_export_per_language(client):
    data = client.get("/de/praktiken/export/json/").json()
    assert data["language"] == "de"
    by_slug = {p["slug"]: p for p in data["practices"]}
    translated = by_slug["smart-villages"]
    assert translated["source_language"] == "de"
    assert (
        translated["title"]
        != PracticePage.objects.get(slug="smart-villages", locale__language_code="fr").title
    )
    funding = by_slug["smartcommunity"]["funding"]
    assert funding == [
        {"programme": "interreg-alpine-space", "amount": "1884101.06", "share": None}
    ]
    # no contact details in bulk exports
    assert "contacts" not in translated


def test_atom_feed_parses(client):
    response = client.get("/it/pratiche/feed/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.language == "it"
    assert len(feed.entries) == 20
    assert all(entry.link.startswith("http://testserver/it/pratiche/") for entry in feed.entries)


def test_listing_announces_its_feed(client):
    html = client.get("/fr/pratiques/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/fr/pratiques/feed/"' in html


def test_api_lists_practices_by_type_and_locale(client):
    response = client.get(
        "/api/v2/pages/",
        {
            "type": "practices.PracticePage",
            "locale": "de",
            "fields": "dimensions,countries,summary",
        },
    )
    assert response.status_code == 200
    data = response.json()
    assert (
        data["meta"]["total_count"]
        == PracticePage.objects.live().filter(locale__language_code="de").count()
    )
    assert {item["meta"]["locale"] for item in data["items"]} == {"de"}
    assert all(item["dimensions"] and item["summary"] for item in data["items"])
    pages = PracticePage.objects.filter(pk__in=[item["id"] for item in data["items"]])
    pages = {page.pk: page for page in pages.prefetch_related("dimensions", "countries")}
    for item in data["items"]:  # terms as their codes, the introduction as the summary
        page = pages[item["id"]]
        assert sorted(item["dimensions"]) == sorted(term.code for term in page.dimensions.all())
        assert sorted(item["countries"]) == sorted(country.code for country in page.countries.all())
        assert item["summary"] == page.introduction


def test_api_detail_has_the_public_fields(client):
    page = PracticePage.objects.get(slug="smartcommunity", locale__language_code="fr")
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert data["action_type"] == "territorial-strategy"
    assert data["lead_organisation"]["title"].startswith("Association de Développement")
    assert data["funding"][0]["programme"] == "interreg-alpine-space"
    assert data["end_date"] is None
    assert data["status"] == "ongoing"  # no end date
    assert "contacts" not in data


def test_api_type_filter_excludes_other_pages(client):
    data = client.get(
        "/api/v2/pages/", {"type": "practices.OrganisationPage", "locale": "fr"}
    ).json()
    organisations = OrganisationPage.objects.live().filter(locale__language_code="fr")
    assert data["meta"]["total_count"] == organisations.count() > 5
    assert {item["meta"]["type"] for item in data["items"]} == {"practices.OrganisationPage"}
