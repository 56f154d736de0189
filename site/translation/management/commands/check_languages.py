"""Report text shown in another language than its page, on every live page of every locale.

    manage.py check_languages            all five languages
    manage.py check_languages sl de      only these

Exits with status 1 when a paragraph of a page is in another language (a "leak") or a page
does not render; aliases (pages not yet translated, whose content is marked with the source's
``lang``) are counted, not reported as leaks.
"""

from django.core.management.base import BaseCommand, CommandError

from smartvillages.translation.languages import MIN_LETTERS, check_site


class Command(BaseCommand):
    help = (
        "Identify the language of every paragraph of every live page (lingua) and report the "
        f"paragraphs of {MIN_LETTERS}+ letters that are not in the page's language."
    )

    def add_arguments(self, parser):
        parser.add_argument("languages", nargs="*", help="Language codes (default: all).")

    def handle(self, *args, languages=(), **options):
        total = 0
        for report in check_site(languages or None):
            total += len(report.leaks) + len(report.errors)
            self.stdout.write(
                f"{report.language_code}: {report.pages} pages, {report.paragraphs} paragraphs, "
                f"{report.aliases} aliases, {len(report.leaks)} leaks"
            )
            for leak in report.leaks:
                self.stdout.write(
                    f"  {leak.url} [{leak.language or '?'}] {leak.text[:60]}", self.style.WARNING
                )
            for error in report.errors:
                self.stdout.write(f"  {error}", self.style.ERROR)
        if total:
            raise CommandError(f"{total} paragraphs or pages in the wrong language or broken.")
        self.stdout.write(self.style.SUCCESS("Every paragraph is in its page's language."))
