"""Each document's marks (its organisation, its handler, its submitter: what a person's scope is
made of) beside its words in the inverted index (``core.search.register``), so that a search in
a person's scope intersects the words' lists with the scope's inside the index. The index is
made again over both (PostgreSQL); the marks are written from the documents' objects."""

from django.db import migrations, models

OLD = (
    "CREATE INDEX IF NOT EXISTS search_document_terms ON core_searchdocument USING gin "
    "((string_to_array(doc_type || ':' || replace(terms, ' ', ' ' || doc_type || ':'), ' ')))"
)


def mark(apps, schema_editor):
    from slussen.core import search

    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:  # every row is written again: the index is built once, after
        schema_editor.execute("DROP INDEX IF EXISTS search_document_terms")
    search.mark_documents(documents=apps.get_model("core", "SearchDocument"))
    if postgres:
        # An inverted index over a million documents is built in minutes with room to sort
        # its lists in memory, in hours without (the server's default is 64 MB): for this
        # transaction only.
        schema_editor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for sql in search.document_index_sql():
            schema_editor.execute(sql)
        schema_editor.execute("ANALYZE core_searchdocument")


def unmark(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_document_terms")
        schema_editor.execute(OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_search_entry_ranking_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="marks",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(mark, unmark),
    ]
