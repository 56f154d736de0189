"""The demo glossary: 40+ terms in each language, real translations with the acronyms each
language uses, imported as PO files built at load time from the reviewable YAML (the only
copy of the translations)."""

import html

import pytest
from django.utils.text import slugify
from wagtail.models import Locale

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
def test_po_files_are_built_from_the_yaml(language):
    """Each page's PO file is built in memory, every string translated; none is committed."""
    assert not (demo_loader.DEMO_DIR / "translations").exists()
    files = [demo_po.index_po(demo_loader.load_index(), language)]
    files += [demo_po.term_po(record, language) for record in demo_loader.load_terms()]
    for po in files:
        assert po.metadata["Language"] == language
        assert {"title", "slug"} <= {entry.msgctxt for entry in po}
        assert all(entry.msgstr for entry in po), po


def _stored(page, fields: dict) -> dict:
    # Rich text comes back from wagtail-localize with its own escaping of quotes.
    return {name: html.unescape(getattr(page, name)) for name in fields}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_loaded_translations_equal_the_yaml(language):
    locale = Locale.objects.get(language_code=language)
    index_data = demo_loader.load_index()
    index = GlossaryIndexPage.objects.get(slug=index_data["slug"], locale__language_code="fr")
    index = index.get_translation(locale)
    expected = demo_loader.index_fields(index_data, language)
    assert _stored(index, expected) == expected
    assert index.slug == index_data[language]["slug"]
    for record in demo_loader.load_terms():
        source = GlossaryTermPage.objects.get(slug=record["slug"], locale__language_code="fr")
        term = source.get_translation(locale)
        expected = {
            name: html.unescape(value)
            for name, value in demo_loader.term_fields(record, language).items()
        }
        assert _stored(term, expected) == expected, record["slug"]
        values = record[language]
        slug = record["slug"] if language == "fr" else values.get("slug") or slugify(values["term"])
        assert term.slug == slug
        assert term.live and term.alias_of_id is None


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


@pytest.mark.django_db
def test_export_po_writes_nothing_for_the_glossary():
    """``load_demo --export-po``: the YAML is the source, there is no PO file to write."""

    class Command:
        export_po = True

        def __init__(self):
            self.messages = []

        def log(self, message, level=1):
            self.messages.append(message)

    home = HomePage.objects.get(locale__language_code="fr")
    command = Command()
    demo_loader.load(command, home)
    assert len(command.messages) == 1 and "YAML" in command.messages[0]
    assert not (demo_loader.DEMO_DIR / "translations").exists()
