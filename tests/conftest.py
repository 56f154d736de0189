"""Shared fixtures: one demo site per test session, built by the real demo command.

Tests that only read use it as it is; tests that write run in a transaction (the ``db``
fixture) and are rolled back. Browser tests need a live server, hence committed data and a
flush afterwards: they are moved to the end of the run (pytest_collection_modifyitems).
"""

import os

import pytest
from django.core.management import call_command

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """The test database with the demo site, built once per session (per xdist worker).

    Replaces pytest-django's fixture, which creates only the databases that the collected
    tests ask for through ``db`` or a ``django_db`` mark: the browser tests ask for neither
    (they share a committed demo site with a live server), so run alone they met an empty
    database. Here the default database is always set up; ``--reuse-db`` and
    ``--create-db`` keep their meaning, and xdist workers get their own database through
    ``django_db_modify_db_settings``.
    """
    from django.test.utils import setup_databases, teardown_databases

    keepdb = django_db_keepdb and not django_db_createdb
    with django_db_blocker.unblock():
        config = setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            keepdb=keepdb,
            aliases={"default"},
        )
        call_command("load_demo", verbosity=0)
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            try:
                teardown_databases(config, verbosity=request.config.option.verbose)
            except Exception as error:  # as pytest-django does: a warning, not a failure
                request.node.warn(
                    pytest.PytestWarning(f"Could not drop the test database: {error!r}")
                )


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture
def home_fr(db):
    from home.models import HomePage

    return HomePage.objects.get(locale__language_code="fr", depth=2)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: cached frames and matchers built inside a
    rolled-back test must not leak into the next one."""
    from django.core.cache import cache

    cache.clear()
    yield


def translated(model, slug, language):
    """The ``language`` version of the demo page whose slug in its source language (French,
    English for the English practice sheet) is ``slug``. Slugs are translated, so tests find
    a page through its source, as wagtail-localize links the versions."""
    from wagtail.models import Locale

    source = (
        model.objects.filter(slug=slug, alias_of__isnull=True, locale__language_code="fr").first()
        or model.objects.filter(slug=slug, alias_of__isnull=True).order_by("pk").first()
    )
    if source is None:
        raise model.DoesNotExist(f"no {model.__name__} with the source slug {slug!r}")
    if source.locale.language_code == language:
        return source
    return source.get_translation(Locale.objects.get(language_code=language))
