from django.db import migrations


def publish(apps, schema_editor):
    """Templates seeded before the screening for a medical purpose, MDR classification in the
    first phase and SoL get a new published version with them; running cases keep theirs."""
    from slussen.process.templates_data import publish_new_items

    publish_new_items(
        apps.get_model("process", "ProcessTemplate"),
        apps.get_model("process", "TemplatePhase"),
        apps.get_model("process", "ChecklistItem"),
    )


class Migration(migrations.Migration):
    dependencies = [("process", "0007_showcase")]

    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
