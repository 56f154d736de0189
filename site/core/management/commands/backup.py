"""Write one archive with the database, the media and the private files (core.backup).

    manage.py backup                       var/backups/smartvillages-<engine>-<date>.tar
    manage.py backup /backups/site.tar     (.tar.gz or .tgz: compressed)

PostgreSQL is dumped by ``pg_dump -Fc`` (the client tools must be of the server's major
version or newer), SQLite copied by its online backup API; the site may keep running.
"""

import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from smartvillages.core import backup


class Command(BaseCommand):
    help = "Back up the database, media and private files into one tar archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="Archive to write (default: VAR_DIR/backups/smartvillages-<engine>-<date>.tar; "
            "a name ending in .tar.gz or .tgz is compressed).",
        )
        parser.add_argument(
            "--database-url",
            help="Back up this database instead of the configured one (postgres://... or "
            "sqlite:////path).",
        )
        parser.add_argument(
            "--pg-bin", help="Folder of pg_dump (default: the server's version, else PATH)."
        )

    def handle(self, *args, archive=None, database_url=None, pg_bin=None, **options):
        started = time.monotonic()
        verbosity = options.get("verbosity", 1)
        database = backup.database_for(backup.target_database(database_url), pg_bin)
        path = Path(archive) if archive else backup.default_archive_path(database.engine)
        if path.exists():
            raise CommandError(f"{path} exists already: choose another name.")
        path.parent.mkdir(parents=True, exist_ok=True)
        folders = backup.storage_folders()

        partial = path.with_name(f".partial-{path.name}")  # same suffix: same compression
        try:
            with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as scratch:
                dump = Path(scratch) / database.dump_name
                counts, versions = database.dump(dump)
                dumped = time.monotonic()
                manifest = {
                    "format": backup.FORMAT,
                    "created": datetime.now(UTC).isoformat(timespec="seconds"),
                    "engine": database.engine,
                    "database": database.dump_name,
                    **versions,
                    "folders": {},
                    "counts": counts,
                }
                with backup.open_archive(partial, "w") as tar:
                    tar.add(dump, arcname=database.dump_name)
                    for name, root in folders.items():
                        if root is None:
                            self.stdout.write(
                                self.style.WARNING(
                                    f"{name}: not on the local file system (S3-compatible "
                                    "storage?), not in the archive: back the bucket up apart."
                                )
                            )
                            continue
                        if not root.is_dir():
                            manifest["folders"][name] = {"files": 0, "bytes": 0}
                            continue
                        stats = backup.add_folder(tar, root, name, skip=partial.resolve())
                        manifest["folders"][name] = {"files": stats.files, "bytes": stats.bytes}
                    # Last: an archive cut short has no manifest, and restore refuses it.
                    backup.add_json(tar, backup.MANIFEST, manifest)
            partial.rename(path)
        finally:
            partial.unlink(missing_ok=True)

        elapsed = time.monotonic() - started
        rows = sum(counts.values())
        if verbosity >= 2:
            for label, count in counts.items():
                self.stdout.write(f"  {label}: {count}")
        files = ", ".join(
            f"{name}: {info['files']} files, {backup.human_size(info['bytes'])}"
            for name, info in manifest["folders"].items()
        )
        self.stdout.write(
            f"{database.label}: {len(counts)} tables, {rows} rows "
            f"(dumped in {dumped - started:.1f} s); {files or 'no files'}."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {path} ({backup.human_size(path.stat().st_size)}) "
                f"in {elapsed:.1f} s."
            )
        )
