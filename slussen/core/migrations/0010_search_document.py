"""Each indexed document's stems in one row, with an inverted index (GIN) over them on
PostgreSQL (``slussen.core.search``): a search for several words intersects the words' lists
inside the index. Filled from the index's rows."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from slussen.core import search

    search.build_documents(
        entries=apps.get_model("core", "SearchEntry"),
        documents=apps.get_model("core", "SearchDocument"),
    )


# The index as this migration made it (``core.0012`` adds the documents' marks to it).
TOKENS = "string_to_array(doc_type || ':' || replace({column}, ' ', ' ' || doc_type || ':'), ' ')"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for column in ("terms", "heading"):
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS search_document_{column} ON core_searchdocument "
                f"USING gin (({TOKENS.format(column=column)}))"
            )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in ("search_document_terms", "search_document_heading"):
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0009_search_vocabulary"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("doc_type", models.CharField(max_length=32)),
                ("doc_id", models.BigIntegerField()),
                ("terms", models.TextField(blank=True, default="")),
                ("heading", models.TextField(blank=True, default="")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("doc_type", "doc_id"), name="search_document_unique")],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
