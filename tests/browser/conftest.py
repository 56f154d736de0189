"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

Playwright never downloads a browser here: it launches /usr/bin/chromium. Without Chromium
the tests are skipped on a developer's machine, but fail in CI (CI=true), where a missing
browser means the suite did not test what it claims.
"""

import os
import shutil

import pytest
from django.core.management import call_command

from tests.conftest import IN_CI

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM} (install it: scripts/system-deps.sh --browser)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, which Django's async-safety
    # check mistakes for async code calling the ORM (the test's own queries).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
        )
        yield browser
        browser.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def _site_server(django_db_setup, django_db_blocker):
    """One live server for all browser tests, serving the session's demo site.

    pytest-django's ``live_server`` fixture would make every browser test transactional, and
    flushing the database after each one means rebuilding the demo site (hundreds of pages in
    five locales) before the next. Browser tests run last (see tests/conftest.py), so they can
    share the committed demo site instead; what they create in it (users, submissions) stays
    until the end of the run, so each test names its own data.
    """
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        from home.models import HomePage

        if not HomePage.objects.exists():  # a transactional test emptied the database
            call_command("load_demo", verbosity=0)
        server = LiveServer("localhost:0")
        yield server
        server.stop()


@pytest.fixture
def live_site(_site_server, django_db_blocker):
    """The live server; the test itself may read and write the (committed) database."""
    with django_db_blocker.unblock():
        yield _site_server


@pytest.fixture
def user_model(live_site):
    """The user model, for tests that log in. Not pytest-django's ``django_user_model``: it
    requests ``db``, which wraps the test in a transaction the live server cannot see."""
    from django.contrib.auth import get_user_model

    return get_user_model()


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(locale="en-US"):
        context = browser.new_context(locale=locale)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
