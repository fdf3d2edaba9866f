from django.db import migrations


def index_existing(apps, schema_editor):
    """Cases registered before intake existed become findable as similar cases."""
    from slussen.intake.search import index

    Case = apps.get_model("cases", "Case")
    SearchTerm = apps.get_model("intake", "SearchTerm")
    for case in Case.objects.only("pk", "title", "description").iterator(chunk_size=500):
        index(case, SearchTerm)


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial"), ("cases", "0002_more_kinds")]
    operations = [migrations.RunPython(index_existing, migrations.RunPython.noop)]
