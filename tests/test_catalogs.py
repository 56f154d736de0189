"""Every user-facing string has a real translation in all five catalogs."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def catalog(code):
    return polib.pofile(str(ROOT / "locale" / code / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalog_is_complete_and_not_fuzzy(code):
    po = catalog(code)
    assert len(po) > 0
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == [], f"{code}: untranslated {untranslated[:5]}"
    assert fuzzy == [], f"{code}: fuzzy {fuzzy[:5]}"
    assert "fuzzy" not in po.metadata_as_entry().flags


@pytest.mark.parametrize("code", ["fr", "it", "de", "sl"])
def test_catalog_is_really_translated(code):
    """A catalog that copies the English source is not a translation."""
    po = catalog(code)
    translated = [entry for entry in po if entry.msgid != entry.msgstr]
    assert len(translated) >= 0.8 * len(po)


def test_catalogs_cover_every_string_in_the_code(tmp_path):
    """makemessages on a copy of the project finds no string the catalogs lack."""
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "*.mo", "__pycache__")
    shutil.copytree(ROOT, copy, ignore=ignore)
    # Make the copy import its own settings (LOCALE_PATHS inside the copy), not the
    # installed project's: manage.py's folder comes first on sys.path.
    (copy / "smartvillages").symlink_to(copy / "site", target_is_directory=True)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-wrap", "--ignore=tests"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in fresh if not entry.obsolete and not entry.translated()]
    assert missing == [], f"strings missing from the catalogs: {missing[:10]}"
