"""The glossary's page types: what editors must fill, what is translated (where they may go:
tests/test_page_types.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from glossary.factories import GlossaryTermPageFactory
from glossary.models import (
    NONE_MARK,
    GlossaryIndexPage,
    GlossaryRelatedTerm,
    GlossaryTermPage,
)

pytestmark = pytest.mark.django_db


def test_every_editor_field_has_help_text():
    for name in ("acronym", "expansion", "short_definition", "explanation", "variants", "country"):
        assert GlossaryTermPage._meta.get_field(name).help_text, name
    assert GlossaryRelatedTerm._meta.get_field("related").help_text


def test_translatable_fields_are_explicit():
    fields = {
        field.field_name: type(field).__name__ for field in GlossaryTermPage.translatable_fields
    }
    assert fields == {
        "title": "TranslatableField",
        "seo_title": "TranslatableField",
        "search_description": "TranslatableField",
        "slug": "TranslatableField",
        "show_in_menus": "SynchronizedField",
        "acronym": "TranslatableField",
        "expansion": "TranslatableField",
        "short_definition": "TranslatableField",
        "explanation": "TranslatableField",
        "variants": "TranslatableField",
        "country": "SynchronizedField",
        "related_links": "SynchronizedField",
        "sources": "SynchronizedField",
    }


def test_search_and_api_fields():
    searched = {field.field_name for field in GlossaryTermPage.search_fields}
    assert {"title", "acronym", "expansion", "variants", "short_definition", "explanation"} <= (
        searched
    )
    api = {field.name for field in GlossaryTermPage.api_fields}
    assert api == {
        "acronym",
        "expansion",
        "short_definition",
        "explanation",
        "variants",
        "country",
        "related_links",
        "sources",
    }
    assert {field.name for field in GlossaryIndexPage.api_fields} == {"introduction"}


def test_variants_are_found_by_search(glossary, publish):
    term = GlossaryTermPageFactory(
        parent=glossary["fr"], title="Zorglub", variants="zorglubien\nquasi-zorglub"
    )
    publish(term)
    found = GlossaryTermPage.objects.live().search("zorglubien")
    assert term.pk in [page.pk for page in found]


def test_values_as_readers_see_them():
    term = GlossaryTermPage(
        title="Communauté de communes",
        acronym=NONE_MARK,
        expansion="communauté de communes",
        variants="communautés de communes\n-\n\n  CC  ",
        short_definition="Une intercommunalité.",
        country="FR",
    )
    assert term.display_acronym == ""
    assert term.display_expansion == ""  # repeats the term
    assert term.variant_list == ["communautés de communes", "CC"]
    assert term.linked_forms() == ["Communauté de communes", "communautés de communes", "CC"]
    with translation.override("en"):
        assert str(term.country_note) == "A French institution or notion."
    assert term.meta_description == "Une intercommunalité."
    assert term.introduction == "Une intercommunalité."
    gloss = GlossaryTermPage(title="France Services", expansion="French one-stop shops")
    assert gloss.display_expansion == "French one-stop shops"


def test_linked_forms_count_a_form_once_whatever_its_case():
    term = GlossaryTermPage(title="Banque des Territoires", variants="Banque des territoires")
    assert term.linked_forms() == ["Banque des Territoires"]


def validate(page):
    page.full_clean(exclude=["path", "depth"])  # tree fields: set when the page is added


def errors_of(page):
    """Validation messages, in English (the source language of the code)."""
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        validate(page)
    return raised.value.message_dict


def test_acronym_without_spaces(glossary):
    page = GlossaryTermPage(
        title="Test", slug="test", acronym="E P", short_definition="x", explanation="<p>x</p>"
    )
    page.locale = glossary["fr"].locale
    assert "acronym" in errors_of(page)


def test_variants_not_too_long(glossary):
    page = GlossaryTermPage(
        title="Test", slug="test", short_definition="x", explanation="<p>x</p>", variants="x" * 121
    )
    page.locale = glossary["fr"].locale
    assert "too long" in errors_of(page)["variants"][0]


def test_short_definition_is_one_paragraph(glossary):
    page = GlossaryTermPage(
        title="Test", slug="test", short_definition="Un.\nDeux.", explanation="<p>x</p>"
    )
    page.locale = glossary["fr"].locale
    assert "short_definition" in errors_of(page)


def test_a_form_belongs_to_one_term_of_a_language(glossary):
    clash = GlossaryTermPage(
        title="Établissement",
        slug="etablissement",
        short_definition="x",
        explanation="<p>x</p>",
        variants="EPCI",
    )
    clash.locale = glossary["fr"].locale
    assert errors_of(clash)["variants"] == ["“EPCI” already belongs to the term “EPCI”."]
    title_clash = GlossaryTermPage(
        title="tiers-lieu", slug="tl", short_definition="x", explanation="<p>x</p>"
    )
    title_clash.locale = glossary["fr"].locale
    assert "title" in errors_of(title_clash)
    # The same form in another language is fine: each language links its own terms.
    other_language = GlossaryTermPage(
        title="Établissement",
        slug="etablissement",
        short_definition="x",
        explanation="<p>x</p>",
        variants="EPCI-X",
    )
    other_language.locale = glossary["de"].locale
    validate(other_language)


def test_acronyms_and_words_do_not_clash(glossary):
    """ "AMI" (an acronym, linked in capitals) and "ami" (a word) can belong to two terms."""
    page = GlossaryTermPage(
        title="Ami", slug="ami-mot", short_definition="x", explanation="<p>x</p>"
    )
    page.locale = glossary["fr"].locale
    validate(page)


def test_a_term_is_not_related_to_itself(term):
    epci = term("epci")
    epci.related_links.add(GlossaryRelatedTerm(related=epci))
    assert "__all__" in errors_of(epci)


def test_editor_creates_a_term_in_the_admin(editor_client, glossary):
    epci = GlossaryTermPage.objects.get(slug="epci", locale__language_code="fr")
    data = nested_form_data(
        {
            "title": "Syndicat mixte",
            "slug": "syndicat-mixte",
            "acronym": "",
            "expansion": "",
            "short_definition": "Établissement public qui associe des collectivités.",
            "explanation": rich_text("<p>Il associe communes, EPCI et départements.</p>"),
            "variants": "syndicats mixtes",
            "country": "FR",
            "related_links": inline_formset([{"related": epci.pk}]),
            "sources": streamfield(
                [("source", {"title": "Légifrance", "url": "https://www.legifrance.gouv.fr/"})]
            ),
            "action-publish": "publish",
        }
    )
    response = editor_client.post(
        f"/admin/pages/add/glossary/glossarytermpage/{glossary['fr'].pk}/", data
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = GlossaryTermPage.objects.get(slug="syndicat-mixte", locale__language_code="fr")
    assert page.live
    assert page.country == "FR"
    assert [link.related_id for link in page.related_links.all()] == [epci.pk]
    assert page.sources[0].value["title"] == "Légifrance"


def test_admin_shows_clear_validation_errors(editor_client, glossary):
    data = nested_form_data(
        {
            "title": "Doublon",
            "slug": "doublon",
            "short_definition": "x",
            "explanation": rich_text("<p>x</p>"),
            "variants": "EPCI",
            "related_links": inline_formset([]),
            "sources": streamfield([]),
        }
    )
    response = editor_client.post(
        f"/admin/pages/add/glossary/glossarytermpage/{glossary['fr'].pk}/", data
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["variants"]
    assert len(errors) == 1 and errors[0].count("EPCI") == 2  # the form, the other term
    assert not GlossaryTermPage.objects.filter(slug="doublon").exists()
