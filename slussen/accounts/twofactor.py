"""Two-factor authentication: TOTP (RFC 6238) with pyotp, recovery codes, the session flag.

Whether a session still owes its second factor is decided once, at log-in, and kept in the
session (``SESSION_KEY``); the middleware then only reads the session, so no page pays an extra
query for it.
"""

import base64
import secrets

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from slussen.core import audit

from .models import RecoveryCode, TOTPDevice
from .roles import TWO_FACTOR_ROLES

SESSION_KEY = "second_factor"  # "pending" | "verified" | "not-needed"
ISSUER = "Slussen"
RECOVERY_CODES = 10


def required_for(user) -> bool:
    """Must this person prove a second factor? Their roles require it, or they chose to."""
    if settings.REQUIRE_2FA and (user.is_superuser or user.has_role(*TWO_FACTOR_ROLES)):
        return True
    return TOTPDevice.objects.filter(user=user, confirmed__isnull=False).exists()


def start_session(request, user) -> None:
    request.session[SESSION_KEY] = "pending" if required_for(user) else "not-needed"


def mark_verified(request) -> None:
    request.session.cycle_key()  # a new session id once the second factor is proven
    request.session[SESSION_KEY] = "verified"


def device_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user).first()


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed__isnull=False).exists()


def start_enrolment(user) -> TOTPDevice:
    """The person's device, with a fresh secret the first time (kept while unconfirmed)."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    return device


def provisioning_uri(device) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.email, issuer_name=ISSUER)


def qr_data_uri(device) -> str:
    """The provisioning URI as an SVG QR code in a data: URI (no inline script or style)."""
    return segno.make(provisioning_uri(device), error="m").svg_data_uri(scale=5, border=2)


def _accept(device, code: str) -> bool:
    """Check a code against the previous, current and next 30-second step, each step once."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(device.secret)
    current = int(timezone.now().timestamp()) // totp.interval
    for step in (current - 1, current, current + 1):
        if step > device.last_step and secrets.compare_digest(totp.generate_otp(step), code):
            updated = TOTPDevice.objects.filter(pk=device.pk, last_step__lt=step).update(
                last_step=step
            )
            return bool(updated)
    return False


def confirm_enrolment(user, code: str) -> list[str] | None:
    """Confirm the device with a first code; returns the new recovery codes, or None."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(user=user)
        if not _accept(device, code):
            return None
        device.confirmed = timezone.now()
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        audit.record(user, "account.2fa_enrol", user)
    return codes


def verify(user, code: str) -> bool:
    """A code from the app, or one unused recovery code."""
    device = device_of(user)
    if device is None or not device.confirmed:
        return False
    if _accept(device, code):
        return True
    with transaction.atomic():
        used = RecoveryCode.objects.filter(
            user=user, code_hash=_hash(code), used__isnull=True
        ).update(used=timezone.now())
        if used:
            audit.record(user, "account.2fa_recovery_code_used", user)
    return bool(used)


def regenerate_recovery_codes(user) -> list[str]:
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit.record(user, "account.2fa_new_recovery_codes", user)
    return codes


def remaining_recovery_codes(user) -> int:
    return RecoveryCode.objects.filter(user=user, used__isnull=True).count()


def _hash(code: str) -> str:
    normalised = "".join(code.split()).replace("-", "").upper()
    return salted_hmac("slussen.recovery-code", normalised).hexdigest()


def _new_recovery_codes(user) -> list[str]:
    """Ten random codes (50 bits each), shown once; only keyed hashes are stored."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = base64.b32encode(secrets.token_bytes(5)).decode()  # 8 characters
        codes.append(f"{raw[:4]}-{raw[4:]}")
    RecoveryCode.objects.bulk_create(RecoveryCode(user=user, code_hash=_hash(c)) for c in codes)
    return codes
