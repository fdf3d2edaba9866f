"""On PostgreSQL, a GIN index on the Swedish full-text document of test plans and results.

Dropped by 0003: test records are searched through ``slussen.core.search``. SQLite has no full-text index of this kind and searches without it."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

INDEX_NAME = "testbeds_record_fts"


def _index():
    from django.contrib.postgres.search import SearchVector

    return GinIndex(SearchVector("title", "body", config="swedish"), name=INDEX_NAME)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("testbeds", "Record"), _index())


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("testbeds", "Record"), _index())


class Migration(migrations.Migration):
    dependencies = [("testbeds", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
