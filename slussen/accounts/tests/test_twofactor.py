"""Two-factor authentication (TOTP) for the roles that see secret cases or decide on money."""

import re
import time

import pyotp
import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from slussen.accounts import twofactor
from slussen.accounts.roles import TWO_FACTOR_ROLES, Role
from slussen.core.models import AuditEvent
from slussen.testing.world import PASSWORD


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_2FA = True


def password_login(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}, follow=True
    )
    return response


def allow_enrolment(client):
    """As if the mailed link had been opened (the link itself: test_twofactor_changes.py)."""
    session = client.session
    session[twofactor.ENROL_KEY] = int(time.time())
    session.save()


def secret(user):
    return twofactor.secret_of(TOTPDevice.objects.get(user=user))


def enrol(client, user):
    client.force_login(user)
    allow_enrolment(client)
    client.get(reverse("accounts:enrol"))
    secret_ = secret(user)
    response = client.post(reverse("accounts:enrol"), {"code": pyotp.TOTP(secret_).now()})
    assert response.status_code == 200
    return secret_, re.findall(r"<code>([A-Z2-7]{4}-[A-Z2-7]{4})</code>", response.text)


def test_the_roles_that_need_a_second_factor_are_declared_once():
    assert TWO_FACTOR_ROLES == {
        Role.ADVISOR,
        Role.INNOVATION_HEAD,
        Role.COORDINATOR,
        Role.PRESCREENER,
        Role.EXPERT,
        Role.ADMIN,
    }


def test_an_advisor_must_enrol_before_anything_else(world, client, require_2fa):
    response = password_login(client, world.advisor)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:enrol"))
    assert client.get(reverse("cases:register")).status_code == 302  # nothing else yet
    allow_enrolment(client)
    page = client.get(reverse("accounts:enrol")).text
    assert 'src="data:image/svg+xml' in page  # QR code as an image, no inline script
    secret = twofactor.secret_of(TOTPDevice.objects.get(user=world.advisor))
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page

    response = client.post(reverse("accounts:enrol"), {"code": "000000"})
    assert response.status_code == 400
    assert "Koden stämde inte" in response.text
    assert "prövas nästa först från" in response.text  # a wrong code makes the next one wait
    TOTPDevice.objects.update(throttling_failure_timestamp=None)  # as if the wait was over

    response = client.post(reverse("accounts:enrol"), {"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<code>([A-Z2-7]{4}-[A-Z2-7]{4})</code>", response.text)
    assert len(codes) == 10
    stored = list(
        StaticToken.objects.filter(device__user=world.advisor).values_list("token", flat=True)
    )
    assert len(stored) == 10 and not any(c.replace("-", "") in h for c in codes for h in stored)
    assert client.get(reverse("cases:register")).status_code == 200
    assert AuditEvent.objects.filter(action="account.2fa_enrol", actor=world.advisor).exists()


def test_the_next_log_in_asks_for_a_code_and_a_code_works_once(world, client, require_2fa):
    secret, _codes = enrol(client, world.advisor)
    client.logout()
    response = password_login(client, world.advisor)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:second_factor"))
    device = TOTPDevice.objects.get(user=world.advisor)
    code = pyotp.TOTP(secret).generate_otp(device.last_t)  # the one used at enrolment
    response = client.post(reverse("accounts:second_factor"), {"code": code, "next": "/cases/"})
    assert response.status_code == 400  # a code is never accepted twice
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=device.last_t - 1, throttling_failure_count=0, throttling_failure_timestamp=None
    )
    response = client.post(reverse("accounts:second_factor"), {"code": code, "next": "/cases/"})
    assert response.status_code == 302 and response["Location"] == "/cases/"


def test_a_recovery_code_works_once(world, client, require_2fa):
    _secret, codes = enrol(client, world.coordinator)
    for attempt in range(2):
        client.logout()
        password_login(client, world.coordinator)
        response = client.post(reverse("accounts:second_factor"), {"code": codes[0].lower()})
        assert response.status_code == (302 if attempt == 0 else 400)
    assert twofactor.remaining_recovery_codes(world.coordinator) == 9


def test_five_wrong_codes_end_the_session(world, client, require_2fa):
    enrol(client, world.expert)
    client.logout()
    password_login(client, world.expert)
    for _ in range(5):
        response = client.post(reverse("accounts:second_factor"), {"code": "123456"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert client.get(reverse("core:home")).context["user"].is_anonymous


def test_roles_without_the_requirement_are_not_asked(world, client, require_2fa):
    for user in (world.employee, world.external, world.testbed_owner):
        client.force_login(user)
        assert client.get(reverse("cases:register")).status_code == 200


def test_while_pending_only_the_2fa_pages_log_out_and_health_answer(world, client, require_2fa):
    client.force_login(world.admin)
    response = client.get(reverse("privacy:policy"))
    assert response["Location"].startswith(reverse("accounts:second_factor"))
    assert client.get(reverse("core:health")).status_code == 200
    assert client.get(reverse("accounts:enrol")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("core:home")).context["user"].is_anonymous


def test_someone_who_enrolled_by_choice_is_asked_even_when_not_required(world, client):
    enrol(client, world.employee)
    client.logout()
    response = password_login(client, world.employee)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:second_factor"))


def test_new_recovery_codes_replace_the_old(world, client):
    _secret, old = enrol(client, world.advisor)
    response = client.post(reverse("accounts:recovery_codes"))
    new = re.findall(r"<code>([A-Z2-7]{4}-[A-Z2-7]{4})</code>", response.text)
    assert len(new) == 10 and not set(old) & set(new)
    assert twofactor.verify(world.advisor, new[0])
    assert not twofactor.verify(world.advisor, old[0])
