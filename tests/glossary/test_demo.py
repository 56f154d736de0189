"""The demo glossary: 40+ terms in each language, real translations with the acronyms each
language uses, delivered as PO files that match the reviewable YAML."""

import pytest

from glossary import demo_loader, demo_po
from glossary.models import GlossaryIndexPage, GlossaryTermPage, GlossaryTermUsage
from home.models import HomePage
from tests.conftest import translated

LANGUAGES = ["fr", "en", "it", "de", "sl"]


def test_yaml_holds_every_language_of_every_term():
    records = demo_loader.load_terms()
    assert len(records) >= 40
    slugs = {record["slug"] for record in records}
    for record in records:
        for language in LANGUAGES:
            values = record[language]
            assert values["term"] and values["short_definition"] and values["explanation"]
        assert set(record.get("related") or []) <= slugs, record["slug"]


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_po_files_match_the_yaml(language):
    """Every PO file says what the YAML says (regenerate: manage.py glossary_demo_po)."""
    index = demo_loader.load_index()
    problems = demo_po.compare(
        demo_loader.po_path(language, index["slug"]), demo_po.index_translations(index, language)
    )
    for record in demo_loader.load_terms():
        path = demo_loader.po_path(language, record["slug"])
        problems += demo_po.compare(path, demo_po.term_translations(record, language))
    assert problems == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_forty_real_terms_in_every_language(language):
    terms = GlossaryTermPage.objects.live().filter(locale__language_code=language)
    assert terms.filter(alias_of__isnull=True).count() >= 40
    assert not terms.filter(alias_of__isnull=False).exists()  # all translated


@pytest.mark.django_db
def test_glossary_is_in_the_menu_of_every_language():
    for home in HomePage.objects.all():
        index = GlossaryIndexPage.objects.child_of(home).get()
        assert index.live and index.show_in_menus
        assert index.alias_of_id is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "acronyms"),
    [
        ("feder", {"fr": "FEDER", "en": "ERDF", "it": "FESR", "de": "EFRE", "sl": "ESRR"}),
        ("suera", {"fr": "SUERA", "en": "EUSALP", "it": "EUSALP", "de": "EUSALP", "sl": "EUSALP"}),
    ],
)
def test_each_language_uses_its_own_acronym(slug, acronyms):
    source = GlossaryTermPage.objects.get(slug=slug, locale__language_code="fr")
    found = {
        term.locale.language_code: term.acronym
        for term in GlossaryTermPage.objects.filter(
            translation_key=source.translation_key
        ).select_related("locale")
    }
    assert found == acronyms


@pytest.mark.django_db
def test_the_french_acronym_is_linked_in_other_languages():
    erdf = translated(GlossaryTermPage, "feder", "en")
    assert "FEDER" in erdf.linked_forms()


@pytest.mark.django_db
def test_demo_pages_that_use_terms_are_recorded():
    assert GlossaryTermUsage.objects.filter(term__locale__language_code="fr").exists()


@pytest.mark.django_db
def test_loading_again_changes_nothing():
    class Command:
        def log(self, message, level=1):
            raise AssertionError(f"the second load did something: {message}")

    home = HomePage.objects.get(locale__language_code="fr")
    pages = GlossaryTermPage.objects.count()
    demo_loader.load(Command(), home)
    assert GlossaryTermPage.objects.count() == pages
