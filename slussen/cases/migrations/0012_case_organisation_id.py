from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_reindex_after_stem_rules"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["organisation", "id"], name="case_organisation_id"),
        ),
    ]
