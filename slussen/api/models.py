from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from slussen.accounts.roles import TWO_FACTOR_ROLES

MAX_DAYS_2FA = 90  # the setting API_KEY_MAX_DAYS_2FA overrides it
WARN_BEFORE = timedelta(days=14)  # the key page warns this long before a key expires


def max_days(user) -> int | None:
    """How long a key of this person may live: people in a role that needs a second factor
    (who see secret cases or decide on money) get keys that expire; others may choose."""
    if user.is_superuser or user.has_role(*TWO_FACTOR_ROLES):
        return getattr(settings, "API_KEY_MAX_DAYS_2FA", MAX_DAYS_2FA)
    return None


class Scope(models.TextChoices):
    READ = "read", _("Read")
    WRITE = "write", _("Read and write")


class ApiToken(models.Model):
    """A personal key for an integration. Only a hash of the key is stored; the key itself is
    shown once, when it is created. It acts as its owner, never more: every request is checked
    by the same rules as the owner's pages, further limited by the scope."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(_("key begins with"), max_length=16, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires = models.DateTimeField(_("valid until"), null=True, blank=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def valid_until(self):
        """When the key stops working: its own date; for a key made without one by someone
        who has since taken a two-factor role, ``max_days`` after it was made."""
        if self.expires is None and (days := max_days(self.user)) is not None:
            return self.created + timedelta(days=days)
        return self.expires

    @property
    def is_active(self):
        return self.revoked is None and (
            self.valid_until is None or self.valid_until > timezone.now()
        )

    @property
    def expires_soon(self):
        return (
            self.is_active
            and self.valid_until is not None
            and (self.valid_until - timezone.now() < WARN_BEFORE)
        )

    @property
    def days_left(self):
        return (timezone.localdate(self.valid_until) - timezone.localdate()).days

    def allows(self, scope: str) -> bool:
        return scope == Scope.READ or self.scope == Scope.WRITE
