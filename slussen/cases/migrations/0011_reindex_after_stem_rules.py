"""The search's words are stemmed a little further (``slussen.core.search.stem``: what Snowball
leaves of an inflected word is stemmed once more, and a word's beginning is also kept tidied):
the cases' index entries are written again under those rules."""

from django.db import migrations


def reindex_cases(apps, schema_editor):
    from slussen.core import search

    Case = apps.get_model("cases", "Case")
    SearchEntry = apps.get_model("core", "SearchEntry")
    batch = []
    for case in Case.objects.only("pk", "title", "description").iterator(chunk_size=500):
        batch.append(case)
        if len(batch) == 500:
            search.index_many(batch, "case", model=SearchEntry)
            batch = []
    search.index_many(batch, "case", model=SearchEntry)


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_drop_register_fulltext"), ("core", "0007_searchentry")]

    operations = [migrations.RunPython(reindex_cases, migrations.RunPython.noop)]
