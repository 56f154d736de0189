from django.db import migrations

CODES = ["FR", "IT", "DE", "AT", "SI", "CH", "LI", "MC"]


def create_countries(apps, schema_editor):
    Country = apps.get_model("practices", "Country")
    for code in CODES:
        Country.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("practices", "0001_initial")]

    operations = [migrations.RunPython(create_countries, migrations.RunPython.noop)]
