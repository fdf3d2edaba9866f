"""On PostgreSQL, a GIN index on the Swedish full-text document of test plans and results.

Built from ``slussen.testbeds.search.document()`` so that it is the very expression the search
filters on. SQLite has no full-text index of this kind and searches without it."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

INDEX_NAME = "testbeds_record_fts"


def _index():
    from slussen.testbeds.search import document

    return GinIndex(document(), name=INDEX_NAME)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("testbeds", "Record"), _index())


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("testbeds", "Record"), _index())


class Migration(migrations.Migration):
    dependencies = [("testbeds", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
