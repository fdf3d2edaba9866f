"""Test plans and results are searched through the one search index (``slussen.core.search``):
the PostgreSQL-only full-text index goes, the records are indexed."""

from django.db import migrations


INDEX_NAME = "testbeds_record_fts"


def index_records(apps, schema_editor):
    from slussen.core import search

    Record = apps.get_model("testbeds", "Record")
    SearchEntry = apps.get_model("core", "SearchEntry")
    search.index_many(Record.objects.only("pk", "title", "body"), "testbed_record", model=SearchEntry)

def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")

class Migration(migrations.Migration):
    dependencies = [("testbeds", "0002_record_fulltext_index"), ("core", "0007_searchentry")]

    operations = [
        migrations.RunPython(drop_index, migrations.RunPython.noop),
        migrations.RunPython(index_records, migrations.RunPython.noop),
    ]
