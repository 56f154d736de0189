"""Backup and restore (manage.py backup / restore, smartvillages.core.backup).

The demo site is backed up, restored into a separate, fresh database and folders (the session's
test database is shared with the other tests and stays as it is), then the restored copy is
compared with the original: the rows of every model's table, the media and private files, and
the HTML of five pages rendered from each database by the same script. Runs on the engine of
the session: PostgreSQL (pg_dump / pg_restore: their absence fails in CI) or SQLite.
"""

import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from events.models import EventPage
from glossary.models import GlossaryTermPage
from practices.models import PracticePage
from tests.conftest import IN_CI

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# Renders pages with Django's test client against the database of DATABASE_URL and prints
# {url: [status, html]}: run for the original and for the restored copy alike.
RENDER = """
import json, sys
import django
django.setup()
from django.test import Client
client = Client()
pages = {}
for url in sys.argv[1:]:
    response = client.get(url)
    pages[url] = [response.status_code, response.content.decode()]
print(json.dumps(pages))
"""


@pytest.fixture
def pg_tools():
    if connection.vendor == "postgresql":
        missing = [tool for tool in ("pg_dump", "pg_restore") if not shutil.which(tool)]
        if missing:
            message = f"{', '.join(missing)} not installed (postgresql-client)"
            if IN_CI:
                pytest.fail(message)
            pytest.skip(message)


def postgres_admin():
    import psycopg2

    db = connection.settings_dict
    params = {
        "dbname": "postgres",
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
    }
    admin = psycopg2.connect(**{k: v for k, v in params.items() if v is not None})
    admin.autocommit = True
    return admin


def database_url(settings_dict, name):
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{name}"
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    at = "@" if user or password else ""
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{user}{password}{at}{host}{port}/{name}"


@pytest.fixture
def scratch_database(tmp_path):
    """The URL of a fresh, empty database of the session's engine, dropped afterwards."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        yield database_url(db, tmp_path / "restored.sqlite3")
        return
    name = f"{db['NAME']}_restored"
    admin = postgres_admin()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(db, name)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def model_tables():
    return {
        model._meta.label: model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


@contextmanager
def connect(url):
    if url.startswith("sqlite:"):
        db = sqlite3.connect(url.removeprefix("sqlite:///"))
    else:
        import psycopg2

        db = psycopg2.connect(url.replace("postgres://", "postgresql://"))
    try:
        yield db, db.cursor()
    finally:
        db.close()


def counts_in(url):
    """Rows of every model's table in the database at ``url``, by plain SQL."""
    counts = {}
    with connect(url) as (_db, cursor):
        for label, model in model_tables().items():
            cursor.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"')  # noqa: S608
            counts[label] = cursor.fetchone()[0]
    return counts


def files_in(root):
    root = Path(root)
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def render(url, var_dir, pages):
    environ = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "smartvillages.settings.test",
        "DATABASE_URL": url,
        "VAR_DIR": str(var_dir),  # the test settings' media: VAR_DIR/test-media
    }
    environ.pop("MEDIA_ROOT", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", RENDER, *pages],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def without_request_tokens(html):
    """The page without what differs from one request to the next (CSP nonces, CSRF tokens)."""
    html = re.sub(r'nonce="[^"]*"', 'nonce=""', html)
    return re.sub(r'(name="csrfmiddlewaretoken" value=)"[^"]*"', r'\1""', html)


def five_pages():
    def url_of(model):
        page = model.objects.live().filter(locale__language_code="fr").order_by("path").first()
        assert page is not None, model
        return page.get_url()

    return ["/fr/", url_of(PracticePage), url_of(EventPage), url_of(GlossaryTermPage), "/sl/"]


def test_backup_then_restore_into_a_fresh_database_gives_the_same_site(
    pg_tools, scratch_database, tmp_path
):
    media_root = Path(settings.MEDIA_ROOT)
    private_root = Path(settings.PRIVATE_MEDIA_ROOT)
    # Files of this test beside the demo's: an upload, and a private call attachment.
    name = f"backup-test/{uuid.uuid4().hex}.txt"
    markers = {media_root / name: b"uploaded document", private_root / name: b"attachment"}
    for path, content in markers.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    try:
        media_before = files_in(media_root)
        private_before = files_in(private_root)
        original_counts = {
            label: model._base_manager.count() for label, model in model_tables().items()
        }
        archive = tmp_path / "site.tar"
        out = io.StringIO()
        call_command("backup", str(archive), stdout=out)
    finally:
        for path in markers:
            path.unlink()
    assert f"Backup written to {archive}" in out.getvalue()
    assert original_counts["practices.PracticePage"] > 0

    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["engine"] == connection.vendor  # "postgresql" or "sqlite"
    assert manifest["counts"] == original_counts

    # Restore into another database and folders, which hold something else already: the
    # restore replaces it.
    table = PracticePage._meta.db_table
    with connect(scratch_database) as (db, cursor):
        cursor.execute(f'CREATE TABLE "{table}" (stale integer)')
        cursor.execute(f'INSERT INTO "{table}" VALUES (1), (2)')  # noqa: S608
        db.commit()
    var_dir = tmp_path / "restored"
    restored_media = var_dir / "test-media"
    restored_private = var_dir / "private"
    (restored_media / "images").mkdir(parents=True)
    (restored_media / "images" / "stale.jpg").write_bytes(b"not in the backup")
    out = io.StringIO()
    started = time.monotonic()
    call_command(
        "restore",
        str(archive),
        database_url=scratch_database,
        media_root=str(restored_media),
        private_root=str(restored_private),
        interactive=False,
        stdout=out,
    )
    restore_seconds = time.monotonic() - started
    assert "Restore done in" in out.getvalue()
    print(f"restore of the demo: {restore_seconds:.1f} s, archive {archive.stat().st_size} B")

    assert counts_in(scratch_database) == original_counts
    restored_files = files_in(restored_media)
    assert "images/stale.jpg" not in restored_files
    assert media_before.items() <= restored_files.items()
    restored_private_files = files_in(restored_private)
    assert private_before.items() <= restored_private_files.items()
    assert restored_files[name] == b"uploaded document"
    assert restored_private_files[name] == b"attachment"

    # The same five pages, rendered from each database by the same script.
    pages = five_pages()
    original_url = database_url(connection.settings_dict, connection.settings_dict["NAME"])
    original = render(original_url, settings.VAR_DIR, pages)
    restored = render(scratch_database, var_dir, pages)
    for url in pages:
        assert original[url][0] == 200, url
        assert restored[url][0] == 200, url
        assert without_request_tokens(restored[url][1]) == without_request_tokens(
            original[url][1]
        ), url


def test_restore_refuses_an_archive_without_manifest(tmp_path):
    archive = tmp_path / "not-a-backup.tar"
    with tarfile.open(archive, "w") as tar:
        data = b"SQLite format 3\x00"
        info = tarfile.TarInfo("db.sqlite3")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    target = tmp_path / "target.sqlite3"
    with pytest.raises(CommandError, match="has no manifest.json"):
        call_command("restore", str(archive), database_url=f"sqlite:///{target}", interactive=False)
    assert not target.exists()


def test_restore_refuses_an_archive_of_another_engine(tmp_path):
    archive = tmp_path / "postgres-backup.tar"
    with tarfile.open(archive, "w") as tar:
        data = json.dumps({"format": 1, "engine": "postgresql", "counts": {}}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    target = tmp_path / "target.sqlite3"
    with pytest.raises(CommandError, match="holds a PostgreSQL database; the target is"):
        call_command(
            "restore",
            str(archive),
            database_url=f"sqlite:///{target}",
            media_root=str(tmp_path / "media"),
            interactive=False,
        )
    assert not target.exists()
    assert not (tmp_path / "media").exists()
