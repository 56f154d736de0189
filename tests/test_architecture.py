"""The arrows of docs/architecture.md, read from the code's own imports: a module that imports
against them fails here with its file and line, before the house loses its shape."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("home", "practices", "events", "glossary")
PACKAGES = {
    "smartvillages.core": ROOT / "site" / "core",
    "smartvillages.translation": ROOT / "site" / "translation",
    "smartvillages.search": ROOT / "site" / "search",
}


def python_files(folder: Path):
    for path in sorted(folder.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imports(path: Path):
    """(line, module) of every import of the file, relative ones left out (same package)."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def offending(folder: Path, forbidden, root: Path = ROOT) -> list[str]:
    found = []
    for path in python_files(folder):
        for line, module in imports(path):
            if forbidden(module):
                found.append(f"{path.relative_to(root)}:{line} imports {module}")
    return found


def is_app(module: str, *apps: str) -> bool:
    return module.split(".")[0] in apps


@pytest.mark.parametrize("package", ["smartvillages.core", "smartvillages.translation"])
def test_shared_packages_import_no_app(package):
    assert offending(PACKAGES[package], lambda module: is_app(module, *APPS)) == []


def test_core_imports_neither_translation_nor_search():
    assert (
        offending(
            PACKAGES["smartvillages.core"],
            lambda m: m.startswith(("smartvillages.translation", "smartvillages.search")),
        )
        == []
    )


def test_no_app_imports_home_glossary_or_search():
    for app in APPS:
        others = tuple(name for name in ("home", "glossary") if name != app)
        assert (
            offending(
                ROOT / app,
                lambda m, others=others: is_app(m, *others) or m.startswith("smartvillages.search"),
            )
            == []
        ), app


def test_events_imports_practices_for_its_models_only():
    assert (
        offending(ROOT / "events", lambda m: is_app(m, "practices") and m != "practices.models")
        == []
    )


def test_practices_does_not_import_events():
    assert offending(ROOT / "practices", lambda m: is_app(m, "events")) == []


def test_the_check_sees_an_import_against_the_arrows(tmp_path):
    """The reader of imports is not blind: a module importing an app is reported."""
    (tmp_path / "bad.py").write_text("import os\nfrom practices.models import PracticePage\n")
    found = offending(tmp_path, lambda m: is_app(m, *APPS), root=tmp_path)
    assert found == ["bad.py:2 imports practices.models"]


#: Apps on top of the others (DESIGN §2): they may import every app, nothing imports them.
ON_TOP = tuple(name for name in ("contributors", "assessment") if (ROOT / name).is_dir())


@pytest.mark.parametrize(
    "folder",
    [ROOT / app for app in APPS] + list(PACKAGES.values()),
    ids=lambda folder: folder.name,
)
def test_nothing_imports_the_apps_on_top(folder):
    assert ON_TOP, "the self-assessment app is missing"
    assert offending(folder, lambda m: is_app(m, *ON_TOP)) == []


@pytest.mark.parametrize("app", ON_TOP)
def test_apps_on_top_do_not_import_search(app):
    assert offending(ROOT / app, lambda m: m.startswith("smartvillages.search")) == []
