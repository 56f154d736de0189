"""Valid markup: the W3C Nu HTML Checker (vnu, the jar from the npm registry, pinned in
package.json; `make test` installs it) over one page of every page type and route in the five
languages (tests/site_pages.py finds them from the sitemap and the URL configuration).

vnu needs Java and the jar: without them the test is skipped on a developer's machine and
fails in CI (CI=true). It runs once over all the pages (one JVM start) and reports every error
with its page, line and message.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import IN_CI
from tests.site_pages import LANGUAGES, public_pages

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_command():
    java = shutil.which("java")
    needed = (("java", java), (str(VNU_JAR), VNU_JAR.exists()))
    missing = [name for name, found in needed if not found]
    if missing:
        message = f"vnu needs {', '.join(missing)} (make test installs both)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--errors-only"]


def validate(files: list[Path]) -> list[dict]:
    """The errors vnu finds in ``files`` (HTML documents)."""
    result = subprocess.run(
        [*vnu_command(), *map(str, files)], capture_output=True, text=True, timeout=600
    )
    messages = json.loads(result.stdout or "{}").get("messages", [])
    assert result.returncode in (0, 1) and (messages or result.returncode == 0), result.stderr
    return [message for message in messages if message.get("type") == "error"]


def test_vnu_finds_an_error_in_broken_markup(tmp_path):
    """The check can fail: an image without alt, a duplicate id and a <div> in a list."""
    broken = tmp_path / "broken.html"
    broken.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body>'
        '<p id="a"><img src="x.png"></p><ul id="a"><div>x</div></ul></body></html>'
    )
    errors = validate([broken])
    texts = " | ".join(error["message"] for error in errors)
    assert "alt" in texts and "Duplicate ID" in texts and "not allowed as child" in texts, texts


def test_every_page_type_and_route_is_valid_html_in_five_languages(client, db, tmp_path):
    pages = public_pages()
    files = {}
    for number, page in enumerate(pages):
        response = client.get(page.path)
        path = tmp_path / f"{number:03d}.html"
        path.write_bytes(response.content)
        files[path.as_uri()] = page
    kinds = {page.kind for page in pages}
    assert {page.language for page in pages} == set(LANGUAGES)
    assert {"home.HomePage", "practices.PracticePage", "events.EventPage", "404"} <= kinds

    errors = validate(sorted(tmp_path.glob("*.html")))
    report = [
        f"{files[error['url']]} line {error.get('lastLine')}: {error['message']}"
        f" [{error.get('extract', '').strip()[:80]}]"
        for error in errors
    ]
    print(f"vnu: {len(pages)} pages, {len(kinds)} kinds, {len(errors)} errors")
    assert report == [], "\n".join(report)
