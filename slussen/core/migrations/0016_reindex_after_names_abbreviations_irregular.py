"""A number that is a name ("1177") is a word, an abbreviation of care work is the word it
stands for ("ssk": "sjuksköterska"), irregular forms meet their base form ("tänder"/"tand",
"egna"/"egen", "doktorn"/"doktor", "digitalt"/"digital"), a verb in "-era" meets its forms and
its noun ("prioriterar"/"prioritering"), "pappa" is no longer "papper" and a few more
everyday words say nothing ("dom", "behöver"): every document of the search is written again
under those rules (``search.reindex_in_migration``), so that an existing register finds them
too."""

from django.db import migrations


def reindex(apps, schema_editor):
    from slussen.core import search

    search.reindex_in_migration(apps)


class Migration(migrations.Migration):
    dependencies = [("core", "0015_search_document_place")]

    operations = [migrations.RunPython(reindex, migrations.RunPython.noop)]
