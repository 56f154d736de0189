"""Backup and restore of a whole site in one archive (``manage.py backup`` / ``restore``).

The archive is a tar file holding:

- ``manifest.json``: format, date, database engine, tool versions, and the number of rows of
  every model's table, counted in the same snapshot as the dump;
- the database: ``database.dump`` (PostgreSQL, ``pg_dump -Fc``) or ``db.sqlite3`` (SQLite,
  copied by SQLite's online backup API, so the site may keep running);
- ``media/`` and ``private/``: the folders of the file storages ``default`` (MEDIA_ROOT:
  images, documents, avatars) and ``private`` (PRIVATE_MEDIA_ROOT: call attachments and
  proposal files), when they are on the local file system.

A restore refuses an archive without a manifest, of a newer format, or of another engine than
the target database; after restoring it counts the rows again and fails if they differ from the
manifest. Nothing here imports an app: models are found through the app registry.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import dj_database_url
from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import CommandError

FORMAT = 1
MANIFEST = "manifest.json"
# Archive folder -> file storage alias (settings.STORAGES)
FOLDERS = {"media": "default", "private": "private"}
ENGINES = {
    "django.db.backends.postgresql": "postgresql",
    "django.db.backends.sqlite3": "sqlite",
}


def engine_name(database: dict) -> str:
    """``postgresql`` or ``sqlite`` for a Django DATABASES entry; other engines are refused."""
    try:
        return ENGINES[database["ENGINE"]]
    except KeyError:
        raise CommandError(
            f"Backup and restore support PostgreSQL and SQLite, not {database['ENGINE']}."
        ) from None


def engine_title(engine: str | None) -> str:
    return {"postgresql": "PostgreSQL", "sqlite": "SQLite"}.get(engine or "", repr(engine))


def target_database(database_url: str | None) -> dict:
    """The DATABASES entry to work on: ``database_url`` if given, else the default database."""
    if database_url:
        return dj_database_url.parse(database_url)
    return settings.DATABASES["default"]


def model_tables() -> dict[str, str]:
    """``app_label.ModelName`` -> table, for every concrete model with a table of its own
    (many-to-many tables included), sorted by label."""
    tables = {}
    seen = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen:
            continue
        seen.add(meta.db_table)
        tables[meta.label] = meta.db_table
    return dict(sorted(tables.items()))


def count_rows(cursor, existing: set[str], quote) -> dict[str, int]:
    """Rows of every model's table that exists (``existing``), through a DB-API cursor."""
    counts = {}
    for label, table in model_tables().items():
        if table in existing:
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608  # nosec B608  # quoted names of model tables
            counts[label] = cursor.fetchone()[0]
    return counts


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _major(version: str) -> int:
    match = re.search(r"(\d+)(?:\.\d+)*", version)
    if not match:
        raise CommandError(f"Cannot read a PostgreSQL version from {version!r}.")
    return int(match.group(1))


# Databases ------------------------------------------------------------------------------------


class Postgres:
    """A PostgreSQL database, dumped and restored by the client tools of its major version."""

    engine = "postgresql"
    dump_name = "database.dump"

    def __init__(self, database: dict, pg_bin: str | None = None):
        self.database = database
        self.pg_bin = pg_bin

    @property
    def label(self) -> str:
        db = self.database
        return f"PostgreSQL database {db['NAME']} on {db.get('HOST') or 'localhost'}"

    def connect(self):
        import psycopg2

        db = self.database
        params = {
            "dbname": db["NAME"],
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
            **{k: v for k, v in (db.get("OPTIONS") or {}).items() if k in {"sslmode"}},
        }
        try:
            return psycopg2.connect(**{k: v for k, v in params.items() if v is not None})
        except psycopg2.OperationalError as error:
            raise CommandError(
                f"Cannot connect to the {self.label}: {str(error).strip()}\n"
                "A restore needs the database to exist (createdb)."
            ) from error

    def _environ(self) -> dict:
        db = self.database
        environ = dict(os.environ)
        for key, name in (("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST"), ("PORT", "PGPORT")):
            if db.get(key):
                environ[name] = str(db[key])
        if db.get("USER"):
            environ["PGUSER"] = db["USER"]
        sslmode = (db.get("OPTIONS") or {}).get("sslmode")
        if sslmode:
            environ["PGSSLMODE"] = sslmode
        return environ

    def server_version(self) -> str:
        connection = self.connect()
        try:
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                return cursor.fetchone()[0].split()[0]
        finally:
            connection.close()

    def tool(self, name: str, server_major: int) -> tuple[str, str]:
        """The path and version of ``pg_dump`` or ``pg_restore``: from --pg-bin, else the
        Debian/Ubuntu folder of the server's major version, else the PATH."""
        candidates = []
        if self.pg_bin:
            candidates.append(Path(self.pg_bin) / name)
        else:
            candidates.append(Path(f"/usr/lib/postgresql/{server_major}/bin") / name)
            found = shutil.which(name)
            if found:
                candidates.append(Path(found))
        for path in candidates:
            if path.is_file() and os.access(path, os.X_OK):
                output = subprocess.run(  # noqa: S603
                    [str(path), "--version"], capture_output=True, text=True, check=True
                ).stdout
                return str(path), output.split(")")[-1].strip() or output.strip()
        raise CommandError(
            f"{name} not found. Install the PostgreSQL client tools of the server's major "
            f"version {server_major} (Debian/Ubuntu: apt-get install postgresql-client-"
            f"{server_major}, or postgresql-client if the distribution's version is "
            f"{server_major}), or name their folder with --pg-bin."
        )

    def dump(self, path: Path) -> tuple[dict[str, int], dict]:
        """``pg_dump -Fc`` into ``path``; the rows are counted in the dump's own snapshot."""
        server = self.server_version()
        pg_dump, version = self.tool("pg_dump", _major(server))
        if _major(version) < _major(server):
            raise CommandError(
                f"{pg_dump} is version {version}, older than the server ({server}): pg_dump "
                f"cannot dump a newer server. Install postgresql-client-{_major(server)}, or "
                "name the folder of a recent pg_dump with --pg-bin."
            )
        import psycopg2.extensions

        connection = self.connect()
        try:
            connection.set_session(
                isolation_level=psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ, readonly=True
            )
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                counts = count_rows(cursor, self._tables(cursor), _quote)
                self._run(
                    [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={path}"]
                    + [self.database["NAME"]]
                )
        finally:
            connection.rollback()
            connection.close()
        return counts, {"server_version": server, "pg_dump_version": version}

    def restore(self, path: Path, manifest: dict) -> None:
        """``pg_restore --clean --if-exists --no-owner`` in one transaction: if anything
        fails, the database is left as it was."""
        server = self.server_version()
        pg_restore, version = self.tool("pg_restore", _major(server))
        written_by = manifest.get("pg_dump_version", "")
        if written_by and _major(version) < _major(written_by):
            raise CommandError(
                f"The archive was written by pg_dump {written_by}; {pg_restore} is version "
                f"{version} and cannot read it. Install postgresql-client-{_major(written_by)} "
                "or name its folder with --pg-bin."
            )
        self._run(
            [
                pg_restore,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                f"--dbname={self.database['NAME']}",
                str(path),
            ]
        )

    def count(self) -> dict[str, int]:
        connection = self.connect()
        try:
            with connection.cursor() as cursor:
                return count_rows(cursor, self._tables(cursor), _quote)
        finally:
            connection.close()

    @staticmethod
    def _tables(cursor) -> set[str]:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = ANY(current_schemas(false))"
        )
        return {row[0] for row in cursor.fetchall()}

    def _run(self, command: list[str]) -> None:
        result = subprocess.run(  # noqa: S603
            command, env=self._environ(), capture_output=True, text=True, check=False
        )
        if result.returncode:
            raise CommandError(
                f"{Path(command[0]).name} failed (exit {result.returncode}):\n"
                f"{result.stderr.strip()}"
            )


class Sqlite:
    """A SQLite file, copied page by page with SQLite's online backup API: writers elsewhere
    wait for a moment, readers go on."""

    engine = "sqlite"
    dump_name = "db.sqlite3"

    def __init__(self, database: dict, pg_bin: str | None = None):
        self.database = database
        self.path = Path(database["NAME"])

    @property
    def label(self) -> str:
        return f"SQLite database {self.path}"

    def dump(self, path: Path) -> tuple[dict[str, int], dict]:
        if not self.path.is_file():
            raise CommandError(f"No SQLite database at {self.path}.")
        source = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        copy = sqlite3.connect(path)
        try:
            source.backup(copy)
            counts = self._count(copy)
        finally:
            copy.close()
            source.close()
        return counts, {"sqlite_version": sqlite3.sqlite_version}

    def restore(self, path: Path, manifest: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        target = sqlite3.connect(self.path, timeout=30)
        try:
            source.backup(target)  # replaces the whole content, in one step for its readers
        finally:
            target.close()
            source.close()

    def count(self) -> dict[str, int]:
        connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            return self._count(connection)
        finally:
            connection.close()

    @staticmethod
    def _count(connection) -> dict[str, int]:
        cursor = connection.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return count_rows(cursor, {row[0] for row in cursor.fetchall()}, _quote)


def database_for(database: dict, pg_bin: str | None = None) -> Postgres | Sqlite:
    return {"postgresql": Postgres, "sqlite": Sqlite}[engine_name(database)](database, pg_bin)


# Files ------------------------------------------------------------------------------------------


def storage_folders() -> dict[str, Path | None]:
    """Archive folder -> local folder of its storage, or None when the storage is not on the
    local file system (S3-compatible: back the bucket up with the provider's tools)."""
    folders = {}
    for name, alias in FOLDERS.items():
        try:
            storage = storages[alias]
        except Exception:  # noqa: BLE001 (storage not configured)
            folders[name] = None
            continue
        folders[name] = Path(storage.location) if isinstance(storage, FileSystemStorage) else None
    return folders


@dataclass
class FolderStats:
    files: int = 0
    bytes: int = 0


def add_folder(tar: tarfile.TarFile, root: Path, arcname: str, skip: Path) -> FolderStats:
    """Add ``root``'s files under ``arcname/`` (the archive being written excepted)."""
    stats = FolderStats()
    tar.add(root, arcname=arcname, recursive=False)
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        relative = Path(directory).relative_to(root)
        for dirname in dirnames:
            tar.add(
                Path(directory) / dirname,
                arcname=f"{arcname}/{relative / dirname}",
                recursive=False,
            )
        for filename in sorted(filenames):
            path = Path(directory) / filename
            if path.resolve() == skip:
                continue
            try:
                info = tar.gettarinfo(path, arcname=f"{arcname}/{relative / filename}")
                if info.isreg():
                    with path.open("rb") as handle:
                        tar.addfile(info, handle)
            except FileNotFoundError:  # deleted by the running site meanwhile
                continue
            if info.isreg():
                stats.files += 1
                stats.bytes += info.size
            elif info.issym():
                tar.addfile(info)
    return stats


def restore_folder(tar: tarfile.TarFile, arcname: str, target: Path) -> int:
    """Replace the content of ``target`` by the archive's ``arcname/`` folder.

    The files are first extracted into a hidden folder inside ``target`` (same file system,
    works when ``target`` is a mounted volume), then the old content is removed and the new
    one moved in. Returns the number of files.
    """
    members = [m for m in tar.getmembers() if m.name.startswith(f"{arcname}/")]
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restoring-", dir=target))
    try:
        for member in members:
            member.name = member.name[len(arcname) + 1 :]
        tar.extractall(staging, members=members, filter="data")
        for entry in target.iterdir():
            if entry == staging:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        for entry in staging.iterdir():
            entry.rename(target / entry.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        for member in members:
            member.name = f"{arcname}/{member.name}"
    return sum(1 for m in members if m.isreg())


# Archive ----------------------------------------------------------------------------------------


def open_archive(path: Path, mode: str) -> tarfile.TarFile:
    compressed = path.name.endswith((".tar.gz", ".tgz"))
    if mode == "w":
        return tarfile.open(path, "w:gz" if compressed else "w", format=tarfile.PAX_FORMAT)
    try:
        return tarfile.open(path, "r:*")
    except (tarfile.TarError, OSError) as error:
        raise CommandError(f"{path} is not a readable tar archive: {error}") from error


def add_json(tar: tarfile.TarFile, name: str, data: dict) -> None:
    payload = json.dumps(data, indent=2, sort_keys=True).encode()
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(payload))


def read_manifest(tar: tarfile.TarFile, path: Path) -> dict:
    try:
        member = tar.getmember(MANIFEST)
    except KeyError:
        raise CommandError(
            f"{path} has no {MANIFEST}: it is not an archive written by manage.py backup."
        ) from None
    try:
        manifest = json.loads(tar.extractfile(member).read())
    except (ValueError, AttributeError) as error:
        raise CommandError(f"{path}: {MANIFEST} is unreadable ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") is None:
        raise CommandError(f"{path}: {MANIFEST} has no format: not written by manage.py backup.")
    if manifest["format"] > FORMAT:
        raise CommandError(
            f"{path} is of format {manifest['format']}; this version of the site reads format "
            f"{FORMAT} and older. Restore with the version of the site that wrote it."
        )
    return manifest


def default_archive_path(engine: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"smartvillages-{engine}-{stamp}.tar"


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"
