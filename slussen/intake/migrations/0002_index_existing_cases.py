from django.db import migrations


def index_existing(apps, schema_editor):
    """Once indexed cases for similarity here; the one search index (``core.SearchEntry``) is
    filled by migration 0004 and ``manage.py reindex``."""


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial"), ("cases", "0002_more_kinds")]
    operations = [migrations.RunPython(index_existing, migrations.RunPython.noop)]
