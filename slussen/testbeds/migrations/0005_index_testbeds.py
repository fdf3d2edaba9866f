"""The catalogue's entries are searched through the one search index (``slussen.core.search``);
the test plans and results are indexed again under the search's refined stems."""

from django.db import migrations


def index_testbeds(apps, schema_editor):
    from slussen.core import search

    Testbed = apps.get_model("testbeds", "Testbed")
    SearchEntry = apps.get_model("core", "SearchEntry")
    search.index_many(Testbed.objects.select_related("organisation"), "testbed", model=SearchEntry)
    Record = apps.get_model("testbeds", "Record")
    search.index_many(Record.objects.only("pk", "title", "body"), "testbed_record", model=SearchEntry)


class Migration(migrations.Migration):
    dependencies = [("testbeds", "0004_remove_record_search_text"), ("core", "0007_searchentry")]

    operations = [migrations.RunPython(index_testbeds, migrations.RunPython.noop)]
