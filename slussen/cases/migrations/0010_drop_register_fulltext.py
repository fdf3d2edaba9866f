"""The register's words are searched through the one search index (``slussen.core.search``,
the same on SQLite and PostgreSQL): the PostgreSQL-only generated ``search_text`` column and
its index go. The trigram index on the registry number and title (0006) stays."""

from django.db import migrations

TEXT = "to_tsvector('swedish'::regconfig, COALESCE(title, '') || ' ' || COALESCE(description, ''))"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE cases_case DROP COLUMN IF EXISTS search_text")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE cases_case ADD COLUMN search_text tsvector "
            f"GENERATED ALWAYS AS ({TEXT}) STORED"
        )
        schema_editor.execute("CREATE INDEX case_search_text ON cases_case USING gin (search_text)")


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_alter_caseevent_type")]

    operations = [migrations.RunPython(forwards, backwards)]
