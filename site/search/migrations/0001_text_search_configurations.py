"""PostgreSQL text search configurations per language, accent-insensitive (backends/postgres.py).

Nothing happens on SQLite. ``unaccent`` is a trusted extension (PostgreSQL 13+): the database
owner can create it. If it cannot be created, the configurations are still created, without
accent folding, and a warning says so.
"""

import logging

from django.db import migrations

logger = logging.getLogger("smartvillages.search")

CONFIGS = {
    "sv_french": ("french", "french_stem"),
    "sv_english": ("english", "english_stem"),
    "sv_italian": ("italian", "italian_stem"),
    "sv_german": ("german", "german_stem"),
    "sv_simple": ("simple", "simple"),
}
TOKEN_TYPES = "asciiword, asciihword, hword_asciipart, word, hword, hword_part"


def create_configurations(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        try:
            cursor.execute("SAVEPOINT sv_unaccent")
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            cursor.execute("RELEASE SAVEPOINT sv_unaccent")
            unaccent = True
        except Exception:
            cursor.execute("ROLLBACK TO SAVEPOINT sv_unaccent")
            unaccent = False
            logger.warning(
                "Search: could not create the unaccent extension; PostgreSQL search will be "
                "accent-sensitive (ask the DBA: CREATE EXTENSION unaccent; then migrate again)"
            )
        for name, (source, dictionary) in CONFIGS.items():
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
            cursor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{source})")
            if unaccent:
                cursor.execute(
                    f"ALTER TEXT SEARCH CONFIGURATION {name} "
                    f"ALTER MAPPING FOR {TOKEN_TYPES} WITH unaccent, {dictionary}"
                )


def drop_configurations(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name in CONFIGS:
            cursor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [migrations.RunPython(create_configurations, drop_configurations)]
