"""Each document's words qualified by its scope (its first mark: a case's organisation) in an
inverted index of their own (``core.search.SCOPED_TOKENS``): a search in a person's
organisations reads their lists of each word, not the region's. An index over the documents'
rows as they are: no row is written again, nothing is reindexed. Built concurrently on
PostgreSQL, so that the region keeps writing meanwhile (some 20–30 minutes at a million cases;
``maintenance_work_mem`` is raised for it); SQLite reads the term rows and has no such index."""

from django.db import migrations


def create(apps, schema_editor):
    from slussen.core import search

    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("SET maintenance_work_mem = '1GB'")
    schema_editor.execute(search.scoped_index_sql(concurrently=True))
    schema_editor.execute("RESET maintenance_work_mem")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS search_document_scoped")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY runs outside a transaction

    dependencies = [
        ("core", "0019_reindex_after_genitives"),
    ]

    operations = [migrations.RunPython(create, drop)]
