from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_case_organisation_id"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["organisation", "-registry_year", "-registry_seq"],
                name="case_organisation_order",
            ),
        ),
    ]
