from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0007_submission_shared"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(
                condition=models.Q(("shared", True)), fields=["case"], name="submission_shared"
            ),
        ),
    ]
