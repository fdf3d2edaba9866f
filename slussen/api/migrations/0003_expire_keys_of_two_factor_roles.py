"""Keys of people in a two-factor role expire (``models.max_days``): give those that had no
expiry, or a later one, one ``API_KEY_MAX_DAYS_2FA`` days (90 unless set) from now."""

from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.db.models import Q
from django.utils import timezone

# accounts.roles.TWO_FACTOR_ROLES when this was written.
TWO_FACTOR_ROLES = ["advisor", "innovation_head", "coordinator", "prescreener", "expert", "admin"]


def expire_keys(apps, schema_editor):
    ApiToken = apps.get_model("api", "ApiToken")
    latest = timezone.now() + timedelta(days=getattr(settings, "API_KEY_MAX_DAYS_2FA", 90))
    held = Q(user__is_superuser=True) | Q(user__memberships__role__in=TWO_FACTOR_ROLES)
    ApiToken.objects.filter(
        pk__in=ApiToken.objects.filter(held).values("pk"), revoked__isnull=True
    ).filter(Q(expires__isnull=True) | Q(expires__gt=latest)).update(expires=latest)


class Migration(migrations.Migration):
    dependencies = [("api", "0002_rate_limit_cache"), ("accounts", "0003_membership_role_index")]

    operations = [migrations.RunPython(expire_keys, migrations.RunPython.noop)]
