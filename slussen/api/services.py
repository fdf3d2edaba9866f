"""Writes of the API app: API keys. Each in a transaction, each audited."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from slussen.core import audit

from .models import ApiToken, max_days

KEY_START = "slu_"
PREFIX_LENGTH = len(KEY_START) + 8
TOUCH_EVERY = timedelta(minutes=1)  # "last used" is written at most once a minute per key


class KeyExpired(Exception):
    def __init__(self, expires):
        super().__init__(expires)
        self.expires = expires


def hash_key(key: str) -> str:
    """Keys are 256 random bits, so a fast hash is enough: nothing to brute-force."""
    return hashlib.sha256(key.encode()).hexdigest()


def create_token(user, *, name, scope, expires=None) -> tuple[ApiToken, str]:
    """Make a key for ``user``; returns the stored token and the key, which is never kept. A
    key of someone in a two-factor role expires, at the latest after ``max_days``."""
    if (days := max_days(user)) is not None:
        latest = timezone.now() + timedelta(days=days)
        expires = latest if expires is None else min(expires, latest)
    key = KEY_START + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name.strip(),
            scope=scope,
            prefix=key[:PREFIX_LENGTH],
            key_hash=hash_key(key),
            expires=expires,
        )
        audit.record(user, "api.token.create", token, name=token.name, scope=scope,
                     prefix=token.prefix,
                     expires=expires.isoformat() if expires else None)  # fmt: skip
    return token, key


def revoke_token(token: ApiToken, actor) -> ApiToken:
    with transaction.atomic():
        if token.revoked is None:
            token.revoked = timezone.now()
            token.save(update_fields=["revoked"])
            audit.record(actor, "api.token.revoke", token, name=token.name, prefix=token.prefix)
    return token


def authenticate(key: str) -> ApiToken | None:
    """The active token with this key (and its user), noting when it was last used. None for
    an unknown or revoked key or an inactive owner; ``KeyExpired`` for an expired key."""
    if not key.startswith(KEY_START):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
    if token is None or token.revoked is not None or not token.user.is_active:
        return None
    expires = token.valid_until
    if expires is not None and expires <= timezone.now():
        raise KeyExpired(expires)
    now = timezone.now()
    if token.last_used is None or now - token.last_used > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
    return token
