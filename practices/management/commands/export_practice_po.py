"""Write the PO files of the practice library's demo translations (index pages and the
practices chosen for translation), keeping the translations already in them.

    manage.py load_demo && manage.py export_practice_po

Translators fill the msgstr of practices/demo/translations/<lang>/<key>.po; the demo command
imports them through wagtail-localize.
"""

from django.core.management.base import BaseCommand
from wagtail.models import Locale

from home.models import HomePage
from practices.demo_loader import export_po_files


class Command(BaseCommand):
    help = "Write the PO files of the practice library's demo translations."

    def handle(self, *args, **options):
        home = HomePage.objects.get(locale=Locale.get_default(), depth=2)
        paths = export_po_files(home, stdout=self.stdout if options["verbosity"] > 1 else None)
        self.stdout.write(f"Wrote {len(paths)} PO files.")
