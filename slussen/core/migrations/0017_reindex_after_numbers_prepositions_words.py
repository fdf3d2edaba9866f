"""Numbers written in letters ("tre veckor") and prepositions ("inför", "före", "hos") say
nothing about a subject, "brukare" is no longer "bruk", "fastighet" no longer "fast", and "mobilen" (the phone) is no longer
the adjective "mobil" (movable): every document of the search is written again under those
rules (``search.reindex_in_migration``), so that an existing register and similar cases meet
them too."""

from django.db import migrations


def reindex(apps, schema_editor):
    from slussen.core import search

    search.reindex_in_migration(apps)


class Migration(migrations.Migration):
    dependencies = [("core", "0016_reindex_after_names_abbreviations_irregular")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
