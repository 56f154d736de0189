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
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)


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
