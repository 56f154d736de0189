"""Import practices from project sheets (ADRETS text format), or from the library's own CSV
or JSON exports.

    manage.py import_practices sheets.txt --format sheets --locale fr --draft
    manage.py import_practices practices.csv --format csv --locale fr --live

Each record is created, or updated when a practice of the locale has the same title, in a
transaction of its own: a record that cannot be read or saved is reported with its line
number and leaves nothing behind, and the others are imported.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from practices.importing import PARSERS, RecordError, error_text, practice_index_for, save_practice


class Command(BaseCommand):
    help = "Import practices from a file of project sheets, or a CSV / JSON export."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to read (UTF-8).")
        parser.add_argument("--format", choices=sorted(PARSERS), default="sheets")
        parser.add_argument("--locale", default="fr", help="Language of the file (default fr).")
        status = parser.add_mutually_exclusive_group()
        status.add_argument("--live", dest="live", action="store_true", help="Publish the pages.")
        status.add_argument(
            "--draft", dest="live", action="store_false", help="Save drafts (the default)."
        )
        parser.add_argument(
            "--dimension",
            action="append",
            default=[],
            metavar="CODE",
            help="Smart dimension given to records that name none (repeatable). A live "
            "practice needs at least one; project sheets name none.",
        )
        parser.set_defaults(live=False)

    def handle(self, *args, file, format, locale, live, dimension, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        try:
            locale_obj = Locale.objects.get(language_code=locale)
        except Locale.DoesNotExist as exc:
            raise CommandError(f"Unknown locale {locale!r}") from exc
        try:
            parent = practice_index_for(locale_obj)
        except RecordError as exc:
            raise CommandError(str(exc)) from exc

        records = PARSERS[format](text)
        created = updated = failed = 0
        for record in records:
            label = f"{path.name}:{record.line}"
            for warning in record.warnings:
                self.stderr.write(f"{label}: warning: {warning}")
            if record.error:
                failed += 1
                self.stderr.write(self.style.ERROR(f"{label}: not imported: {record.error}"))
                continue
            data = record.data
            if dimension and not data.get("dimensions"):
                data["dimensions"] = list(dimension)
            try:
                page, is_new = save_practice(data, parent, live=live)
            except (RecordError, ValidationError) as exc:
                failed += 1
                title = data.get("title", "")[:60]
                self.stderr.write(
                    self.style.ERROR(f"{label}: not imported ({title!r}): {error_text(exc)}")
                )
                continue
            if is_new:
                created += 1
            else:
                updated += 1
            if options["verbosity"] >= 2:
                self.stdout.write(f"{label}: {'created' if is_new else 'updated'} {page.title!r}")
        summary = (
            f"{len(records)} records: {created} created, {updated} updated, {failed} not imported."
        )
        self.stdout.write(
            self.style.SUCCESS(summary) if not failed else self.style.WARNING(summary)
        )
