"""Each innovation case's test's search document gets its place in the results search's order
(its day and key, ``search.DAY``), so that a search's matches come out of the index in that
order. Only this type's documents are written (thousands in a region)."""

from django.db import migrations


def place(apps, schema_editor):
    from slussen.core import search

    documents = apps.get_model("core", "SearchDocument")
    search.mark_documents(["case_test"], documents=documents)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0014_reindex_after_or_stems"),
        ("process", "0010_test_day_index"),
    ]

    operations = [migrations.RunPython(place, migrations.RunPython.noop)]
