"""The genitive of a plural or a definite form ("patienters", "sjuksköterskors", "läkares",
"sårets") is stemmed as the form itself is, so that it meets "patient", "sjuksköterska",
"läkare" and "sår": every document of the search is written again under that rule
(``search.reindex_in_migration``), so that an existing register and similar cases meet it too."""

from django.db import migrations


def reindex(apps, schema_editor):
    from slussen.core import search

    search.reindex_in_migration(apps)


class Migration(migrations.Migration):
    dependencies = [("core", "0018_notification_texts")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
