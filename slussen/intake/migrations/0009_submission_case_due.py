from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0008_submission_shared_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(
                fields=["case", "first_response", "due", "id"], name="submission_case_due"
            ),
        ),
    ]
