"""On PostgreSQL, the register's search (a case-insensitive substring of the registry number,
title or description) uses a trigram index instead of reading every case. ``pg_trgm`` is a
trusted extension: the database owner may create it. SQLite needs nothing."""

from django.db import migrations

COLUMNS = ("registry_number", "title", "description")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # The expressions are what Django's ``icontains`` compares: UPPER(column::text).
    expressions = ", ".join(f'UPPER("{column}"::text) gin_trgm_ops' for column in COLUMNS)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS case_search_trgm ON cases_case USING gin ({expressions})"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_register_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
