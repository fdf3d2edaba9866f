"""A singular in -or is stemmed once, as its plural is ("sensor" and "sensorer" both "sensor"),
and the everyday words that say nothing are stop words: every document of the search is
written again under those rules (``search.reindex_in_migration``), so that "sensor" finds what
"sensorer" finds in an existing register too."""

from django.db import migrations


def reindex(apps, schema_editor):
    from slussen.core import search

    search.reindex_in_migration(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0013_search_document_position"),
        ("cases", "0014_register_filters_in_index"),
        ("testbeds", "0007_record_files"),
        ("process", "0009_measurement_unit"),
        ("navigator", "0002_index_actors"),
    ]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
