"""Each document's place in its list's order (``core.search.register``'s ``position``: the
register's newest first is the highest), so that a search's matches come in the list's order
from their own rows, without each one's object being read again to sort them. Written from the
documents' objects; the inverted index is set aside while every row is written and built once
after (PostgreSQL), as in 0012."""

from django.db import migrations, models


def place(apps, schema_editor):
    from slussen.core import search

    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:  # every row is written again: the indexes are built once, after
        schema_editor.execute("DROP INDEX IF EXISTS search_document_terms")
        schema_editor.execute("DROP INDEX IF EXISTS search_document_heading")
    search.mark_documents(documents=apps.get_model("core", "SearchDocument"))
    if postgres:
        schema_editor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for sql in search.document_index_sql():
            schema_editor.execute(sql)
        schema_editor.execute("ANALYZE core_searchdocument")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0012_search_document_marks"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="position",
            field=models.BigIntegerField(default=0),
        ),
        migrations.RunPython(place, migrations.RunPython.noop),
    ]
