"""Two-factor authentication on django-otp: an authenticator app (TOTP device), recovery codes
(a static device), the session flag, and the mailed link that allows setting up the app.

Whether a session still owes its second factor is decided once, at log-in, and kept in the
session (``SESSION_KEY``); the middleware then only reads the session, so no page pays an extra
query for it.

Wrong codes are throttled per device and so per account (django-otp's exponential back-off,
``OTP_TOTP_THROTTLE_FACTOR``), in the database: a fresh password log-in does not give new tries
and a password success does not clear them; only a right code does.

Setting up an authenticator needs more than the password: a session that came through single
sign-on, or a single-use link mailed to the account's address (``send_enrol_link``). Every
change of a second factor is audited and told to the account's address.
"""

import base64
import hashlib
import secrets
import time
from datetime import timedelta

import segno
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from slussen.core import audit, notify

from .models import EnrolmentLink
from .roles import TWO_FACTOR_ROLES

SESSION_KEY = "second_factor"  # "pending" | "verified" | "not-needed"
ENROL_KEY = "enrol_allowed"  # when the mailed link was opened in this session (epoch seconds)
ENROL_WINDOW = 30 * 60  # seconds an opened link allows setting up
SSO_BACKEND = "slussen.accounts.sso.RegionOIDCBackend"
DEVICE_NAME = "authenticator"
RECOVERY_CODES = 10


def required_for(user) -> bool:
    """Must this person prove a second factor? Their roles require it, or they chose to."""
    if settings.REQUIRE_2FA and (user.is_superuser or user.has_role(*TWO_FACTOR_ROLES)):
        return True
    return has_confirmed_device(user)


def start_session(request, user) -> None:
    request.session[SESSION_KEY] = "pending" if required_for(user) else "not-needed"


def mark_verified(request) -> None:
    request.session.cycle_key()  # a new session id once the second factor is proven
    request.session[SESSION_KEY] = "verified"


def device_of(user) -> TOTPDevice | None:
    """The person's confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


# --- Who may set up an authenticator ----------------------------------------------------------


def may_enrol(request) -> bool:
    """A single sign-on session, or one in which the mailed link was opened a short while ago."""
    if request.session.get(BACKEND_SESSION_KEY) == SSO_BACKEND:
        return True
    opened = request.session.get(ENROL_KEY)
    return bool(opened) and time.time() - opened < ENROL_WINDOW


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def send_enrol_link(user, next_url: str = "") -> None:
    """Mail a fresh single-use link to the account's own address; earlier unused ones end."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        EnrolmentLink.objects.filter(user=user, used__isnull=True).update(used=timezone.now())
        EnrolmentLink.objects.create(user=user, digest=_digest(token))
        audit.record(user, "account.2fa_enrol_link", user)
        link = settings.SITE_URL + reverse("accounts:enrol_link", kwargs={"token": token})
        notify.email(
            user.email,
            "accounts/email/enrol_link",
            {"user": user, "link": link, "minutes": settings.ENROL_LINK_MINUTES},
            user.language,
        )


def open_enrol_link(request, token: str) -> bool:
    """Use the link once, by the account it was sent to, before it expires."""
    oldest = timezone.now() - timedelta(minutes=settings.ENROL_LINK_MINUTES)
    with transaction.atomic():
        used = EnrolmentLink.objects.filter(
            digest=_digest(token), user=request.user, used__isnull=True, created__gt=oldest
        ).update(used=timezone.now())
        if not used:
            return False
        audit.record(request.user, "account.2fa_enrol_link_opened", request.user)
    request.session[ENROL_KEY] = int(time.time())
    return True


# --- Setting up -------------------------------------------------------------------------------


def start_enrolment(user) -> TOTPDevice:
    """The person's unconfirmed device, with a fresh secret the first time (kept meanwhile)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_of(device) -> str:
    """The key as an authenticator app takes it when typed (base32)."""
    return base64.b32encode(device.bin_key).decode()


def provisioning_uri(device) -> str:
    return device.config_url


def qr_data_uri(device) -> str:
    """The provisioning URI as an SVG QR code in a data: URI (no inline script or style)."""
    return segno.make(provisioning_uri(device), error="m").svg_data_uri(scale=5, border=2)


def confirm_enrolment(user, code: str) -> list[str] | None:
    """Confirm the device with a first code; returns the new recovery codes, or None."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None or not _totp_accepts(device, code):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = _new_recovery_codes(user)
        audit.record(user, "account.2fa_enrol", user)
        _tell(user, "enrolled")
    return codes


def _totp_accepts(device, code: str) -> bool:
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == device.digits):
        # Not a guess at the app's code; still counts against the throttle.
        device.throttle_increment()
        return False
    return device.verify_token(code)


# --- Proving --------------------------------------------------------------------------------


def verify(user, code: str) -> bool:
    """A code from the app, or one unused recovery code. Both devices are throttled."""
    compact = "".join(code.split())
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is None:
            return False
        if compact.isdigit() and len(compact) == device.digits:
            return _totp_accepts(device, compact)
        static = StaticDevice.objects.select_for_update().filter(user=user).first()
        if static is None or not static.verify_token(_recovery_digest(compact)):
            return False
        audit.record(user, "account.2fa_recovery_code_used", user)
        _tell(user, "recovery_code_used", remaining=static.token_set.count())
    return True


def locked_until(user):
    """Until when no code is tried (after wrong ones), or None."""
    until = []
    for device in (
        *TOTPDevice.objects.filter(user=user),
        *StaticDevice.objects.filter(user=user),
    ):
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            until.append(data["locked_until"])
    return min(until) if until else None


# --- Recovery codes and removal -------------------------------------------------------------


def regenerate_recovery_codes(user) -> list[str]:
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        audit.record(user, "account.2fa_new_recovery_codes", user)
        _tell(user, "new_recovery_codes")
    return codes


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def remove(user, actor) -> bool:
    """Take away the person's second factor (a lost phone); they set it up again next time."""
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        if not removed:
            return False
        audit.record(actor, "account.2fa_remove", user)
        _tell(user, "removed")
    return True


def _recovery_digest(code: str) -> str:
    """A keyed hash of the code, cut to the 16 characters a static token holds (64 bits, more
    than the code's own 40): the codes themselves are never stored."""
    normalised = "".join(code.split()).replace("-", "").upper()
    return salted_hmac("slussen.recovery-code", normalised).hexdigest()[:16]


def _new_recovery_codes(user) -> list[str]:
    """Ten random codes (40 bits each), shown once; only keyed hashes are stored."""
    device, _created = StaticDevice.objects.get_or_create(user=user, defaults={"name": "recovery"})
    device.token_set.all().delete()
    device.throttle_reset()
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = base64.b32encode(secrets.token_bytes(5)).decode()  # 8 characters
        codes.append(f"{raw[:4]}-{raw[4:]}")
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=_recovery_digest(c)) for c in codes
    )
    return codes


def _tell(user, change: str, **context) -> None:
    """The notice to the account's own address of a change of its second factor."""
    notify.email(
        user.email,
        "accounts/email/second_factor_changed",
        {"user": user, "change": change, "when": timezone.now(), **context},
        user.language,
    )
