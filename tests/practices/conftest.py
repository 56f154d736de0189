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
