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


@pytest.fixture
def untranslated_practice(library_fr):
    """A French practice nobody has translated yet: an alias in every other locale. The demo
    translates every practice, so tests of what readers see of an alias make their own."""
    from practices.factories import PracticePageFactory
    from practices.importing import create_aliases

    page = PracticePageFactory(
        parent=library_fr,
        title="Aaa, une pratique en attente de traduction",
        slug="pratique-en-attente",
        introduction="Une pratique française que personne n'a encore traduite.",
        dimensions=["living"],
        countries=["FR"],
    )
    create_aliases(page)
    return page


@pytest.fixture
def untranslated_english_practice(db):
    """A practice written in English, not yet translated: a French alias shows its text."""
    from practices.factories import PracticePageFactory
    from practices.importing import create_aliases
    from practices.models import PracticeIndexPage

    library_en = PracticeIndexPage.objects.get(locale__language_code="en")
    page = PracticePageFactory(
        parent=library_en,
        title="An English practice awaiting translation",
        slug="english-practice-awaiting-translation",
        introduction="A practice written in English that nobody has translated yet.",
        dimensions=["people"],
        countries=["FR"],
    )
    create_aliases(page)
    return page
