"""Sessions move to ``accounts.Session``, which names the person logged in beside her signed
data (read with her and her roles in one query). The sessions in Django's table are copied over
with the person their data names: nobody is logged out. At a region's scale (tens of thousands
of sessions at most, of which most expired) this reads and writes each row once, in batches; the
expired ones are left behind. Django's table is left as it is (empty of new sessions from then
on). Servers still running the code from before while this runs write their log-ins to the old
table: those few are logged out once."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations, models
from django.utils import timezone

BATCH = 2000


def copy_sessions(apps, schema_editor):
    Old = apps.get_model("sessions", "Session")
    New = apps.get_model("accounts", "Session")
    User = apps.get_model("accounts", "User")
    decoder = SessionStore()  # its class's name is in the data's signature: any SessionStore
    alive = Old.objects.filter(expire_date__gt=timezone.now()).order_by("pk")
    batch = []
    for old in alive.iterator(chunk_size=BATCH):
        try:
            user_id = User._meta.pk.to_python(decoder.decode(old.session_data).get(SESSION_KEY))
        except Exception:  # noqa: BLE001 – a session we cannot read names nobody
            user_id = None
        batch.append(
            New(
                session_key=old.session_key,
                session_data=old.session_data,
                expire_date=old.expire_date,
                user_id=user_id,
            )
        )
        if len(batch) >= BATCH:
            New.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    New.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_organisation_units"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Session",
            fields=[
                (
                    "session_key",
                    models.CharField(
                        max_length=40, primary_key=True, serialize=False, verbose_name="session key"
                    ),
                ),
                ("session_data", models.TextField(verbose_name="session data")),
                ("expire_date", models.DateTimeField(db_index=True, verbose_name="expire date")),
                (
                    "user",
                    models.ForeignKey(
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="person",
                    ),
                ),
            ],
            options={
                "verbose_name": "session",
                "verbose_name_plural": "sessions",
                "abstract": False,
            },
        ),
        migrations.RunPython(copy_sessions, migrations.RunPython.noop, elidable=True),
    ]
