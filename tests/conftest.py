"""Shared fixtures: one demo site per test session, built by the real demo command.

Tests that only read use it as it is; tests that write run in a transaction (the ``db``
fixture) and are rolled back. Browser tests need a live server, hence committed data and a
flush afterwards: they are moved to the end of the run (pytest_collection_modifyitems).
"""

import os
import sys

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


@pytest.fixture
def editor_client(db, django_user_model):
    """A test client signed in to Wagtail's admin as a superuser, in the test's transaction.

    A client of its own, so that a test's ``client`` stays anonymous. Tests of what a group
    may do (editors, translators) sign in their own members; browser tests, which share a
    committed database with a live server, create their own users too.
    """
    from django.test import Client

    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client = Client()
    client.force_login(user)
    return client


class QueryBudget:
    """The ``max_queries`` fixture, on pytest-django's ``django_assert_max_num_queries``: a
    block that runs more queries than its budget fails the test (``-v`` lists the queries)."""

    def __init__(self, assert_max_num_queries):
        self._assert_max = assert_max_num_queries

    def __call__(self, num=None, *, info=None):
        """``with max_queries(20) as queries:`` the block runs at most 20 queries;
        ``len(queries)`` is how many it ran. Without a budget the block is only measured."""
        return self._assert_max(sys.maxsize if num is None else num, info=info)

    def get(self, client, url, num=None, *, data=None):
        """The number of queries of a GET of ``url`` that answers 200, at most ``num``.

        The URL is requested once before: a running site has its caches (site root paths,
        content types, menus, taxonomy labels) warm, and counts are compared warm.
        """
        client.get(url, data)
        with self(num, info=url) as queries:
            response = client.get(url, data)
        assert response.status_code == 200, (url, response.status_code)
        return len(queries)


@pytest.fixture
def max_queries(django_assert_max_num_queries):
    """Query budgets and counts (see QueryBudget). A count that must not grow with the data is
    measured before, then after with the first count as its budget:

        before = max_queries.get(client, url, 15)
        ...  # more pages
        assert max_queries.get(client, url, before) == before
    """
    return QueryBudget(django_assert_max_num_queries)


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
