"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

Playwright never downloads a browser here: it launches /usr/bin/chromium. Without Chromium
the tests are skipped on a developer's machine, but fail in CI (CI=true), where a missing
browser means the suite did not test what it claims.
"""

import os
import shutil

import pytest

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


@pytest.fixture
def live_site(live_server, transactional_db):
    """The live server with the demo site (the session's data was flushed by earlier
    transactional tests, if any: load it again, idempotently)."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    return live_server


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
