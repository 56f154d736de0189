"""Write the PO files of the demo glossary from its YAML files.

The YAML files hold every language. This command exports each French page's PO file the way a
translator receives it (home.demo_content.export_translation) and fills every msgstr with the
same field of the other language, paragraph by paragraph for the explanation. Run it after
``load_demo`` whenever a term's YAML changes; ``--check`` only reports files that differ.
"""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from glossary import demo_loader, demo_po
from glossary.models import GlossaryIndexPage, GlossaryTermPage
from smartvillages.core import demo


class Command(BaseCommand):
    help = "Write glossary/demo/translations/<lang>/<slug>.po from the YAML of the demo terms."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; fail if a PO file is missing or differs from the YAML.",
        )

    def handle(self, *args, check=False, **options):
        source = Locale.objects.get(language_code=demo_loader.SOURCE_LANGUAGE)
        index_data = demo_loader.load_index()
        index = GlossaryIndexPage.objects.filter(locale=source, slug=index_data["slug"]).first()
        if index is None:
            raise CommandError("Load the demo site first: manage.py load_demo")
        terms = {page.slug: page for page in GlossaryTermPage.objects.child_of(index)}
        jobs = [(index, demo_po.index_translations, index_data)]
        for record in demo_loader.load_terms():
            if record["slug"] not in terms:
                raise CommandError(f"Term {record['slug']!r} is not loaded: run load_demo.")
            jobs.append((terms[record["slug"]], demo_po.term_translations, record))
        problems = []
        for locale in demo.target_locales(source):
            code = locale.language_code
            for page, translations, data in jobs:
                path = demo_loader.po_path(code, page.slug)
                expected = translations(data, code)
                if check:
                    problems.extend(demo_po.compare(path, expected))
                else:
                    demo.export_translation(page, locale, path)
                    missing = demo_po.fill(path, expected)
                    problems.extend(f"{path}: no translation for {key!r}" for key in missing)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problems in the glossary's PO files.")
        self.stdout.write(self.style.SUCCESS("Glossary PO files up to date."))
