"""The hand-written authenticator and recovery-code models give way to django-otp's devices.

Confirmed authenticators move with their secret (base32 -> hex) and last used step, so nobody
sets up the app again; unused recovery codes move too: the stored keyed hash, cut to the 16
characters of a static token, is what ``twofactor._recovery_digest`` computes for the code.
Unconfirmed set-ups in progress are dropped (the person starts again).
"""

import base64

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def forwards(apps, schema_editor):
    OldDevice = apps.get_model("accounts", "TOTPDevice")
    RecoveryCode = apps.get_model("accounts", "RecoveryCode")
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    StaticToken = apps.get_model("otp_static", "StaticToken")
    for old in OldDevice.objects.filter(confirmed__isnull=False).iterator():
        secret = old.secret.strip().upper()
        key = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
        device = TOTPDevice.objects.create(
            user_id=old.user_id,
            name="authenticator",
            confirmed=True,
            key=key,
            last_t=old.last_step if old.last_step else -1,
        )
        TOTPDevice.objects.filter(pk=device.pk).update(created_at=old.confirmed)
    users = RecoveryCode.objects.filter(used__isnull=True).values_list("user_id", flat=True)
    for user_id in set(users):
        device = StaticDevice.objects.create(user_id=user_id, name="recovery")
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=code.code_hash[:16])
            for code in RecoveryCode.objects.filter(user_id=user_id, used__isnull=True)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_membership_role_index"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [
        migrations.CreateModel(
            name="EnrolmentLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("digest", models.CharField(max_length=64, unique=True)),
                ("created", models.DateTimeField(default=django.utils.timezone.now)),
                ("used", models.DateTimeField(blank=True, null=True)),
                ("user", models.ForeignKey(on_delete=models.deletion.CASCADE, related_name="enrolment_links", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "link to set up two-factor authentication",
                "verbose_name_plural": "links to set up two-factor authentication",
            },
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.DeleteModel(name="RecoveryCode"),
        migrations.DeleteModel(name="TOTPDevice"),
    ]
