from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_organisation_order_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["kind", "state", "id"], name="case_kind_state"),
        ),
    ]
