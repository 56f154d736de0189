"""Create the five content locales and make every locale follow the French tree.

With a LocaleSynchronization from fr, a page created in French gets an alias in each other
locale (wagtail-localize), so the five trees stay in step until a translator replaces an alias
with a real translation.
"""

from django.conf import settings
from django.db import migrations


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    LocaleSynchronization = apps.get_model("wagtail_localize", "LocaleSynchronization")
    source, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for code, _name in settings.LANGUAGES:
        locale, _ = Locale.objects.get_or_create(language_code=code)
        if locale.pk != source.pk:
            LocaleSynchronization.objects.get_or_create(locale=locale, defaults={"sync_from": source})


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
