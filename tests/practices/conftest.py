import pytest


@pytest.fixture
def library_fr(db):
    from practices.models import PracticeIndexPage

    return PracticeIndexPage.objects.get(locale__language_code="fr", alias_of__isnull=True)


@pytest.fixture
def empty_library(home_fr):
    """A practice library of its own, so that counts do not depend on the demo content."""
    from practices.factories import PracticeIndexPageFactory

    return PracticeIndexPageFactory(parent=home_fr, slug="bibliotheque-test", per_page=12)


def _untranslated(parent, **fields):
    """A live practice under ``parent`` with an alias in every other locale, as a page nobody
    has translated yet. The demo translates every practice, so tests of what readers see of
    an alias make their own."""
    from practices.factories import PracticePageFactory
    from practices.importing import create_aliases

    page = PracticePageFactory(parent=parent, countries=["FR"], **fields)
    create_aliases(page)
    return page


@pytest.fixture
def untranslated_practice(library_fr):
    """A French practice, not yet translated."""
    return _untranslated(
        library_fr,
        title="Aaa, une pratique en attente de traduction",
        slug="pratique-en-attente",
        introduction="Une pratique française que personne n'a encore traduite.",
        dimensions=["living"],
    )


@pytest.fixture
def untranslated_english_practice(db):
    """A practice written in English, not yet translated: a French alias shows its text."""
    from practices.models import PracticeIndexPage

    return _untranslated(
        PracticeIndexPage.objects.get(locale__language_code="en"),
        title="An English practice awaiting translation",
        slug="english-practice-awaiting-translation",
        introduction="A practice written in English that nobody has translated yet.",
        dimensions=["people"],
    )
