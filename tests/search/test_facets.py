"""Facets beyond the content type: resolved at run time, counted in the database over the
pages the backend matched, working with whatever page models exist."""

import pytest
from wagtail.models import Locale

from smartvillages.search import facets
from smartvillages.search.facets import Facet, FacetDefinition, available_facets

from .conftest import add_page, home

pytestmark = pytest.mark.django_db


def test_missing_models_or_fields_are_left_out(monkeypatch):
    monkeypatch.setattr(
        facets,
        "FACETS",
        [
            FacetDefinition("x", "X", "nosuchapp.NoSuchPage", "dimensions"),
            FacetDefinition("y", "Y", "home.StandardPage", "no_such_field"),
            FacetDefinition("language", "Language", "home.StandardPage", "locale"),
        ],
    )
    assert [facet.param for facet in available_facets()] == ["language"]


def test_a_relation_facet_counts_and_labels_any_page_model():
    from home.models import StandardPage

    facet = Facet(
        FacetDefinition("language", "Language", "home.StandardPage", "locale"),
        StandardPage,
        StandardPage._meta.get_field("locale"),
    )
    de = add_page("de", "Seite eins")
    sl = add_page("sl", "Stran ena")
    values = facet.values_for([de.pk, sl.pk])
    de_locale = str(Locale.objects.get(language_code="de").pk)
    assert values[de.pk] == {de_locale}
    assert facet.labels([de_locale])[de_locale] == str(Locale.objects.get(language_code="de"))


def test_practice_facets_dimension_theme_country(client):
    from practices.factories import (
        PracticeIndexPageFactory,
        PracticePageFactory,
        SmartDimensionFactory,
        ThemeFactory,
    )
    from practices.models import Country

    en = Locale.objects.get(language_code="en")
    index = PracticeIndexPageFactory(parent=home("en"), locale=en, slug="sv-search-practices")
    mobility = SmartDimensionFactory(code="sv-search-mobility", name="Smart mobility", locale=en)
    economy = SmartDimensionFactory(code="sv-search-economy", name="Smart economy", locale=en)
    housing = ThemeFactory(code="sv-search-housing", name="Housing", locale=en)
    country = Country.objects.order_by("code").first()
    first = PracticePageFactory(parent=index, locale=en, title="Ropeway commuting", dimensions=[])
    second = PracticePageFactory(parent=index, locale=en, title="Ropeway and jobs", dimensions=[])
    first.dimensions.set([mobility])
    first.themes.set([housing])
    first.countries.set([country])
    first.save_revision().publish()
    second.dimensions.set([mobility, economy])
    second.save_revision().publish()

    response = client.get("/en/search/", {"q": "ropeway"})
    groups = {group.param: group for group in response.context["search"].facets}
    dimension = {value.value: value for value in groups["dimension"].values}
    assert dimension["sv-search-mobility"].count == 2
    assert dimension["sv-search-economy"].count == 1
    assert dimension["sv-search-mobility"].label == "Smart mobility"
    assert [(v.value, v.count) for v in groups["theme"].values] == [("sv-search-housing", 1)]
    assert [(v.value, v.label) for v in groups["country"].values] == [(country.code, str(country))]

    narrowed = client.get("/en/search/", {"q": "ropeway", "dimension": "sv-search-economy"})
    assert [r.page.pk for r in narrowed.context["search"].results] == [second.pk]
    groups = {group.param: group for group in narrowed.context["search"].facets}
    # The dimension facet still offers the other values (it ignores its own filter).
    assert {v.value for v in groups["dimension"].values} == {
        "sv-search-mobility",
        "sv-search-economy",
    }
    both = client.get(
        "/en/search/",
        {"q": "ropeway", "dimension": ["sv-search-economy", "sv-search-mobility"], "theme": "x"},
    )
    assert both.context["search"].total == 0  # unknown theme value: nothing has it
