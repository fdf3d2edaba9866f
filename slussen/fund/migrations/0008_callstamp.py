import django.db.models.deletion
from django.db import migrations, models


def stamp_every_call(apps, schema_editor):
    Call = apps.get_model("fund", "Call")
    CallStamp = apps.get_model("fund", "CallStamp")
    CallStamp.objects.bulk_create(
        [CallStamp(call_id=pk) for pk in Call.objects.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("fund", "0007_form_builder"),
    ]

    operations = [
        migrations.CreateModel(
            name="CallStamp",
            fields=[
                (
                    "call",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="fund.call",
                    ),
                ),
                ("applications", models.PositiveBigIntegerField(default=0)),
                ("details", models.PositiveBigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(stamp_every_call, migrations.RunPython.noop),
    ]
