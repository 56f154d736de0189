"""Practice library models: validation, page type rules, admin creation, formatting."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from practices.factories import PracticePageFactory
from practices.formatting import format_money
from practices.models import (
    FundingProgramme,
    OrganisationPage,
    PracticeFunding,
    PracticePage,
    SmartDimension,
    status_for,
)
from practices.templatetags.practices_tags import practice_period


@pytest.mark.django_db
def test_end_date_cannot_be_before_start(empty_library):
    page = PracticePageFactory(parent=empty_library)
    page.start_date = datetime.date(2024, 5, 1)
    page.end_date = datetime.date(2023, 1, 1)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "end_date" in error.value.message_dict


@pytest.mark.django_db
def test_latitude_needs_longitude(empty_library):
    page = PracticePageFactory(parent=empty_library)
    page.latitude = 45.0
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "longitude" in error.value.message_dict


@pytest.mark.django_db
def test_coordinates_are_bounded(empty_library):
    page = PracticePageFactory(parent=empty_library)
    page.latitude, page.longitude = 95.0, 6.0
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "latitude" in error.value.message_dict


@pytest.mark.django_db
def test_funding_amount_cannot_be_negative(empty_library):
    page = PracticePageFactory(parent=empty_library)
    programme = FundingProgramme.objects.filter(locale__language_code="fr").first()
    funding = PracticeFunding(page=page, programme=programme, amount=Decimal("-1"))
    with pytest.raises(ValidationError) as error:
        funding.full_clean()
    assert "amount" in error.value.message_dict
    funding = PracticeFunding(page=page, programme=programme, amount=10, share=Decimal("120"))
    with pytest.raises(ValidationError) as error:
        funding.full_clean()
    assert "share" in error.value.message_dict


def test_status_is_ongoing_without_end_date():
    today = datetime.date(2025, 1, 10)
    assert status_for(None, today) == "ongoing"
    assert status_for(datetime.date(2025, 1, 10), today) == "ongoing"
    assert status_for(datetime.date(2024, 12, 31), today) == "finished"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "1\u00a0884\u00a0101,06\u00a0€"),
        ("en", "€1,884,101.06"),
        ("it", "1.884.101,06\u00a0€"),
        ("de", "1.884.101,06\u00a0€"),
        ("sl", "1.884.101,06\u00a0€"),
    ],
)
def test_money_is_formatted_per_language(language, expected):
    assert format_money(Decimal("1884101.06"), language) == expected


def test_whole_amounts_have_no_decimals():
    assert format_money(3000, "fr") == "3\u00a0000\u00a0€"
    assert format_money(None, "fr") == ""


def test_period_says_ongoing_without_end():
    practice = PracticePage(start_date=datetime.date(2021, 3, 1))
    with translation.override("en"):
        assert practice_period(practice) == "Since March 2021 (ongoing)"
    practice.end_date = datetime.date(2022, 9, 30)
    with translation.override("en"):
        assert practice_period(practice) == "March 2021 – September 2022"


def practice_form_data(**overrides):
    programme = FundingProgramme.objects.get(locale__language_code="fr", code="leader")
    dimension = SmartDimension.objects.get(locale__language_code="fr", code="mobility")
    data = {
        "title": "Autopartage villageois",
        "slug": "autopartage-villageois",
        "introduction": "Des voitures partagées entre voisins.",
        "scale": "village",
        "start_date": "2022-01-01",
        "description": rich_text("<p>Deux voitures électriques.</p>"),
        "key_steps": streamfield(
            [("step", {"date": "2022-01-15", "title": "Lancement", "text": "Réunion publique."})]
        ),
        "contacts": streamfield([]),
        "links": streamfield([]),
        "documents": streamfield([]),
        "images": streamfield([]),
        "funding": inline_formset([{"programme": programme.pk, "amount": "1500", "share": ""}]),
    }
    dimensions = overrides.pop("dimensions", [dimension.pk])
    data.update(overrides)
    form_data = nested_form_data(data)
    form_data["dimensions"] = dimensions
    form_data["countries"] = ["FR", "IT"]
    return form_data


@pytest.mark.django_db
def test_practice_can_be_created_in_the_admin(editor_client, library_fr):
    url = f"/admin/pages/add/practices/practicepage/{library_fr.pk}/"
    response = editor_client.post(url, practice_form_data())
    assert response.status_code == 302, response.context["form"].errors
    page = PracticePage.objects.get(slug="autopartage-villageois", locale=library_fr.locale)
    assert [d.code for d in page.dimensions.all()] == ["mobility"]
    assert sorted(c.code for c in page.countries.all()) == ["FR", "IT"]
    assert page.funding.get().amount == Decimal("1500")
    assert [block.value["title"] for block in page.key_steps] == ["Lancement"]
    # wagtail-localize gave it an alias in every other locale, with the same links
    aliases = page.get_translations().filter(alias_of=page)
    assert aliases.count() == 4
    assert [d.code for d in aliases.first().specific.dimensions.all()] == ["mobility"]


@pytest.mark.django_db
def test_admin_refuses_a_practice_without_dimension(editor_client, library_fr):
    url = f"/admin/pages/add/practices/practicepage/{library_fr.pk}/"
    response = editor_client.post(url, practice_form_data(dimensions=[]))
    assert response.status_code == 200
    assert "dimensions" in response.context["form"].errors
    assert not PracticePage.objects.filter(slug="autopartage-villageois").exists()


@pytest.mark.django_db
def test_admin_refuses_an_end_before_the_start(editor_client, library_fr):
    url = f"/admin/pages/add/practices/practicepage/{library_fr.pk}/"
    data = practice_form_data(start_date="2023-01-01", end_date="2022-01-01")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors


class DemoPages(WagtailPageTestCase):
    """Where each page type may go: tests/test_page_types.py."""

    def test_demo_pages_render(self):
        fr = PracticePage.objects.live().filter(locale__language_code="fr")[:5]
        for page in [*fr, *OrganisationPage.objects.live()[:3]]:
            self.assertPageIsRenderable(page)
