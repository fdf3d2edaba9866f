from django.db import migrations


def set_zones(apps, schema_editor):
    """Templates seeded before mandates were data get the zones of the seed."""
    from slussen.process.templates_data import ENTRY_ZONES

    TemplatePhase = apps.get_model("process", "TemplatePhase")
    for itype, phases in ENTRY_ZONES.items():
        for code, (zone, body) in phases.items():
            TemplatePhase.objects.filter(
                template__innovation_type=itype, code=code, entry_zone="green"
            ).update(entry_zone=zone, decision_body=body)


class Migration(migrations.Migration):
    dependencies = [("process", "0003_gate_mandate")]

    operations = [migrations.RunPython(set_zones, migrations.RunPython.noop)]
