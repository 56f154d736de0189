"""The practice library's demo content: every sheet loaded, taxonomy in five languages,
translated practices imported from PO files."""

import pytest
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale

from practices.demo_loader import DEMO_DIR, TRANSLATIONS_DIR
from practices.models import (
    TAXONOMY_MODELS,
    OrganisationPage,
    PracticeIndexPage,
    PracticePage,
    SmartDimension,
)

pytestmark = pytest.mark.django_db
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def test_every_demo_practice_is_loaded():
    files = sorted(path.stem for path in (DEMO_DIR / "practices").glob("*.yaml"))
    # each practice starts in one language (French, or English for the English sheet), under
    # the slug of its file
    for path in (DEMO_DIR / "practices").glob("*.yaml"):
        language = "en" if path.stem == "smart-community-action-training" else "fr"
        assert PracticePage.objects.get(slug=path.stem, locale__language_code=language).live
    # every one in every language (the library may hold others: contributors' practices)
    sources = PracticePage.objects.filter(
        slug__in=files, alias_of__isnull=True, locale__language_code__in=["fr", "en"]
    ).values("translation_key")
    for code in LANGUAGES:
        in_language = PracticePage.objects.live().filter(
            locale__language_code=code, translation_key__in=sources
        )
        assert in_language.count() == len(files)


def test_organisations_are_loaded():
    files = {path.stem for path in (DEMO_DIR / "organisations").glob("*.yaml")}
    slugs = set(
        OrganisationPage.objects.filter(locale__language_code="fr").values_list("slug", flat=True)
    )
    assert slugs == files
    assert {"adrets", "cipra-france", "pnr-vercors", "la-traverse", "les-localos"} <= slugs


def test_libraries_are_in_the_menu_in_every_language():
    for code in LANGUAGES:
        index = PracticeIndexPage.objects.get(locale__language_code=code)
        assert index.show_in_menus and index.live
        if code != "fr":
            assert index.alias_of_id is None  # translated from a PO file


def test_six_dimensions_in_five_languages():
    for code in LANGUAGES:
        names = SmartDimension.objects.filter(locale__language_code=code)
        assert sorted(names.values_list("code", flat=True)) == sorted(
            ["governance", "people", "living", "environment", "economy", "mobility"]
        )
    assert SmartDimension.objects.get(locale__language_code="sl", code="mobility").name == (
        "Pametna mobilnost"
    )


def test_whole_taxonomy_is_translated():
    for model in TAXONOMY_MODELS:
        fr = model.objects.filter(locale__language_code="fr").count()
        for code in LANGUAGES:
            assert model.objects.filter(locale__language_code=code).count() == fr, (model, code)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_practice_is_translated_from_its_po_file(language):
    """Each practice has a real translation (not an alias) in every other language, from
    the PO file the demo delivers, with its own slug: the English sheet is translated into
    French too."""
    locale = Locale.objects.get(language_code=language)
    for path in sorted((DEMO_DIR / "practices").glob("*.yaml")):
        source_language = "en" if path.stem == "smart-community-action-training" else "fr"
        source = PracticePage.objects.get(slug=path.stem, locale__language_code=source_language)
        if source.locale == locale:
            continue
        assert (TRANSLATIONS_DIR / language / f"{path.stem}.po").exists(), path.stem
        page = source.get_translation(locale)
        assert page.alias_of_id is None and page.live, path.stem
        assert page.title != source.title or page.introduction != source.introduction, path.stem


def test_translated_practice_page_in_german(client):
    page = PracticePage.objects.get(slug="smart-villages", locale__language_code="fr")
    page = page.get_translation(Locale.objects.get(language_code="de"))
    html = client.get(page.url).content.decode()
    assert "Smart Villages: für einen gelungenen digitalen und gesellschaftlichen Wandel" in html
    assert "alias-notice" not in html
    with translation.override("de"):
        assert translation.gettext("Key steps") in html
    assert "2.061.999\u00a0€" in html  # amounts formatted the German way
    assert "Interreg Alpenraum" in html  # the programme's German name
    assert "Intelligente Governance" in html
