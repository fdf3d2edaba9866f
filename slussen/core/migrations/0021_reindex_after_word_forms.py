"""Strong verbs and word families of the body and of care are read as their base word
("äter" as "äta", "stack" as "sticka", "somnade" as "sömn"; "läker" as "läkning", never as
"läkare"; ``search_data/forms_sv.txt``): every document of the search is written again under
that rule (``search.reindex_in_migration``), so that an existing register and similar cases meet
it too, as a fresh one does."""

from django.db import migrations


def reindex(apps, schema_editor):
    from slussen.core import search

    search.reindex_in_migration(apps)


class Migration(migrations.Migration):
    dependencies = [("core", "0020_search_document_scoped")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
