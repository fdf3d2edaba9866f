"""The cases one handles with their organisation, in an index of their own: the cases an
advisor handles outside her organisations are read from it alone, to list them to the search
by id (``rules.visible_reach``). Built concurrently on PostgreSQL (a region's register keeps
taking writes while it is built; seconds at a million cases)."""

from django.db import migrations, models

INDEX = models.Index(
    fields=["handler", "organisation"], include=["id"], name="case_handler_organisation"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS case_handler_organisation"
            " ON cases_case (handler_id, organisation_id) INCLUDE (id)"
        )
    else:
        schema_editor.add_index(apps.get_model("cases", "Case"), INDEX)


def drop(apps, schema_editor):
    schema_editor.remove_index(apps.get_model("cases", "Case"), INDEX)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY runs outside a transaction

    dependencies = [
        ("cases", "0014_register_filters_in_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="case", index=INDEX)],
            database_operations=[migrations.RunPython(create, drop)],
        ),
    ]
