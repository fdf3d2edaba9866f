"""Test plans and results recorded in an innovation case are searched through the one search
index (``slussen.core.search``), with the test environments' records."""

from django.db import migrations


def index_tests(apps, schema_editor):
    from slussen.core import search

    TestRecord = apps.get_model("process", "TestRecord")
    SearchEntry = apps.get_model("core", "SearchEntry")
    search.index_many(TestRecord.objects.all(), "case_test", model=SearchEntry)


class Migration(migrations.Migration):
    dependencies = [("process", "0005_rollout_and_maintenance"), ("core", "0007_searchentry")]

    operations = [migrations.RunPython(index_tests, migrations.RunPython.noop)]
