"""Restore an archive written by ``manage.py backup``: database, media and private files.

    manage.py restore /backups/site.tar              asks before replacing anything
    manage.py restore /backups/site.tar --noinput    (scripts)

The archive's engine must be the target database's. PostgreSQL is restored by
``pg_restore --clean --if-exists --no-owner`` in a single transaction into the configured
database (or --database-url's), which must exist; SQLite through its online backup API. The
media and private folders are replaced by the archive's. The rows are counted afterwards and
compared with the archive's manifest. Stop the web processes (and workers) during a restore.
"""

import tempfile
import time
from pathlib import Path

from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from smartvillages.core import backup


class Command(BaseCommand):
    help = "Restore the database, media and private files from an archive of manage.py backup."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Archive written by manage.py backup.")
        parser.add_argument(
            "--database-url",
            help="Restore into this database instead of the configured one (postgres://... "
            "or sqlite:////path); a PostgreSQL database must exist.",
        )
        parser.add_argument(
            "--media-root", help="Restore media into this folder instead of MEDIA_ROOT."
        )
        parser.add_argument(
            "--private-root",
            help="Restore private files into this folder instead of PRIVATE_MEDIA_ROOT.",
        )
        parser.add_argument("--no-files", action="store_true", help="Restore the database only.")
        parser.add_argument(
            "--pg-bin", help="Folder of pg_restore (default: the server's version, else PATH)."
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, archive, database_url=None, pg_bin=None, **options):
        started = time.monotonic()
        verbosity = options.get("verbosity", 1)
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No archive at {path}.")
        database = backup.database_for(backup.target_database(database_url), pg_bin)
        folders = backup.storage_folders()
        for name, option in (("media", "media_root"), ("private", "private_root")):
            if options.get(option):
                folders[name] = Path(options[option])
        if options.get("no_files"):
            folders = {}
        for root in folders.values():
            if root is not None and path.resolve().is_relative_to(root.resolve()):
                raise CommandError(f"{path} is inside {root}, which the restore replaces.")

        with backup.open_archive(path, "r") as tar:
            manifest = backup.read_manifest(tar, path)
            if manifest.get("engine") != database.engine:
                raise CommandError(
                    f"{path} holds a {backup.engine_title(manifest.get('engine'))} database; the "
                    f"target is the {database.label}. Restore into a database "
                    "of the same engine (DATABASE_URL or --database-url)."
                )
            self.stdout.write(
                f"Archive of {manifest.get('created')}: {manifest['engine']}, "
                f"{sum(manifest.get('counts', {}).values())} rows."
            )
            replaced = [database.label] + [
                f"{name} folder {root}"
                for name, root in folders.items()
                if root is not None and name in manifest.get("folders", {})
            ]
            if options["interactive"]:
                try:
                    answer = input(
                        "This replaces the content of:\n  "
                        + "\n  ".join(replaced)
                        + "\nType 'yes' to continue: "
                    )
                except EOFError:
                    raise CommandError("No answer (no terminal?): add --noinput.") from None
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled.")

            with tempfile.TemporaryDirectory(prefix="smartvillages-restore-") as scratch:
                try:
                    member = tar.getmember(database.dump_name)
                except KeyError:
                    raise CommandError(
                        f"{path} has no {database.dump_name}: the archive is incomplete."
                    ) from None
                tar.extractall(scratch, members=[member], filter="data")
                if not database_url:
                    # Our own connections would hold locks on the tables pg_restore drops.
                    connections.close_all()
                database.restore(Path(scratch) / member.name, manifest)
            restored_db = time.monotonic()

            restored_files = {}
            for name, root in folders.items():
                if name not in manifest.get("folders", {}):
                    continue
                if root is None:
                    self.stdout.write(
                        self.style.WARNING(
                            f"{name}: the storage is not on the local file system; the "
                            "archive's files are not restored (restore the bucket apart)."
                        )
                    )
                    continue
                restored_files[name] = backup.restore_folder(tar, name, root)

        counts = database.count()
        # Models of the archive that this version of the code still has (an older archive
        # lacks the newer ones: `manage.py migrate` creates them after the restore).
        known = backup.model_tables()
        expected = {k: v for k, v in manifest.get("counts", {}).items() if k in known}
        differences = {
            label: (count, counts.get(label))
            for label, count in expected.items()
            if counts.get(label) != count
        }
        if verbosity >= 2:
            for label, count in counts.items():
                self.stdout.write(f"  {label}: {count}")
        if differences:
            lines = "\n".join(
                f"  {label}: {before} in the archive, {after} restored"
                for label, (before, after) in differences.items()
            )
            raise CommandError(f"The restored database differs from the archive:\n{lines}")
        if not database_url:
            caches["default"].clear()  # cached pages and menus of the old content
        files = ", ".join(f"{name}: {n} files" for name, n in restored_files.items())
        self.stdout.write(
            f"{database.label}: {len(counts)} tables, {sum(counts.values())} rows, as in the "
            f"archive (restored in {restored_db - started:.1f} s); {files or 'no files'}."
        )
        self.stdout.write(
            self.style.SUCCESS(f"Restore done in {time.monotonic() - started:.1f} s.")
        )
        if not database_url:
            self.stdout.write(
                "With Elasticsearch or OpenSearch, rebuild the indexes: manage.py update_index"
            )
