"""The actors are searched through the one search index (``slussen.core.search``)."""

from django.db import migrations


def index_actors(apps, schema_editor):
    from slussen.core import search

    Actor = apps.get_model("navigator", "Actor")
    SearchEntry = apps.get_model("core", "SearchEntry")
    search.index_many(Actor.objects.all(), "actor", model=SearchEntry)


class Migration(migrations.Migration):
    dependencies = [("navigator", "0001_initial"), ("core", "0007_searchentry")]

    operations = [migrations.RunPython(index_actors, migrations.RunPython.noop)]
