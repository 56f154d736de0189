"""Project-wide guarantees: configuration documented, packaging complete, migrations and
production checks clean, security headers, health check."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command

from smartvillages.settings.env import VARIABLES

ROOT = Path(__file__).resolve().parent.parent


def test_readme_documents_every_environment_variable():
    readme = (ROOT / "README.md").read_text()
    missing = [var.name for var in VARIABLES if f"`{var.name}`" not in readme]
    assert missing == []


def test_every_python_package_is_packaged():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    mapping = config["tool"]["setuptools"]["package-dir"]
    folders = {folder: name for name, folder in mapping.items()}
    found = set()
    for init in ROOT.glob("*/**/__init__.py"):
        parts = init.parent.relative_to(ROOT).parts
        if parts[0] in {"tests", ".venv", "var", "node_modules"}:
            continue
        top = folders.get(parts[0], parts[0])
        found.add(".".join((top, *parts[1:])))
    assert found - listed == set()


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "smartvillages.settings.production",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-check-" + "y" * 30,
        "DJANGO_ALLOWED_HOSTS": "smartvillages.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_a_missing_secret():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "smartvillages.settings.production"}
    env.pop("DJANGO_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_health_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "search": "ok", "tasks": "ok"},
    }


@pytest.mark.django_db
def test_security_headers_on_public_and_admin_pages(client):
    public = client.get("/fr/")
    csp = public["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert public["X-Content-Type-Options"] == "nosniff"
    assert public["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert public["X-Frame-Options"] == "DENY"
    admin = client.get("/admin/login/")
    assert "'unsafe-inline'" in admin["Content-Security-Policy"]


def test_robots_txt(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
