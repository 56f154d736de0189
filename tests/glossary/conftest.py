"""Fixtures of the glossary tests: the demo glossary (loaded once per session by
tests/conftest.py) and helpers to add terms and pages in a test's transaction."""

import pytest
from wagtail.models import Locale

from glossary.models import GlossaryIndexPage, GlossaryTermPage
from tests.conftest import translated


@pytest.fixture
def glossary(db):
    """The glossary index page of each locale, by language code."""
    return {
        index.locale.language_code: index
        for index in GlossaryIndexPage.objects.select_related("locale")
    }


@pytest.fixture
def term(glossary):
    """Get a demo term by slug and language: term("epci", "de")."""

    def get(slug, language="fr"):
        return translated(GlossaryTermPage, slug, language)

    return get


@pytest.fixture
def locale():
    return lambda code: Locale.objects.get(language_code=code)


@pytest.fixture
def publish():
    def do(page):
        page.save_revision().publish()
        return page

    return do
