"""Second factor: guessing is throttled per account across log-ins; setting up needs the mailed
link (or single sign-on); every change is told to the account's address and audited."""

import re
from datetime import timedelta

import pyotp
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from slussen.accounts import twofactor
from slussen.accounts.models import EnrolmentLink
from slussen.core.models import AuditEvent
from slussen.testing.world import PASSWORD

from .test_twofactor import enrol, password_login


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_2FA = True


def link_in(mailbox, address):
    body = mailbox.body(mailbox.wait_for(address)[-1])
    match = re.search(r"https?://\S+(/accounts/security/authenticator/link/\S+/)", body)
    assert match, body
    return match.group(1)


def test_wrong_codes_keep_counting_after_a_fresh_password_log_in(world, client, require_2fa):
    secret, _codes = enrol(client, world.expert)
    client.logout()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _round in range(2):  # two log-ins, four patient guesses each (waiting out each delay)
            password_login(client, world.expert)
            for _ in range(4):
                client.post(reverse("accounts:second_factor"), {"code": "123456"})
                clock.shift(timedelta(seconds=5 * 2**7))
            client.logout()
        # eight wrong codes in a row: the next try waits 5 * 2^7 s = 640 s, whatever the log-in
        clock.shift(timedelta(seconds=-600))
        password_login(client, world.expert)  # a password success clears nothing here
        response = client.post(
            reverse("accounts:second_factor"), {"code": pyotp.TOTP(secret).now()}
        )
        assert response.status_code == 400
        assert "prövas nästa först från" in response.text
        assert TOTPDevice.objects.get(user=world.expert).throttling_failure_count == 8
        clock.shift(timedelta(seconds=700))
        response = client.post(
            reverse("accounts:second_factor"), {"code": pyotp.TOTP(secret).now()}
        )
        assert response.status_code == 302
    assert TOTPDevice.objects.get(user=world.expert).throttling_failure_count == 0


def test_setting_up_needs_the_link_mailed_to_the_address(
    world, client, mailbox, require_2fa, django_capture_on_commit_callbacks
):
    password_login(client, world.advisor)
    page = client.get(reverse("accounts:enrol"))
    assert page.status_code == 200 and "secret-key" not in page.text
    assert not TOTPDevice.objects.filter(user=world.advisor).exists()  # no secret handed out
    response = client.post(reverse("accounts:enrol"), {"code": "123456"})
    assert response.status_code == 403
    assert not TOTPDevice.objects.filter(user=world.advisor).exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:enrol_link_send"))
    link = link_in(mailbox, world.advisor.email)
    assert EnrolmentLink.objects.get(user=world.advisor).digest not in link  # only a hash kept

    # Someone else's session cannot use it, and does not use it up.
    other = client_class_login(world.coordinator)
    assert other.get(link).status_code == 302
    assert not twofactor.may_enrol(other)

    assert client.get(link)["Location"] == reverse("accounts:enrol")
    page = client.get(reverse("accounts:enrol"))
    assert "secret-key" in page.text
    secret = twofactor.secret_of(TOTPDevice.objects.get(user=world.advisor))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:enrol"), {"code": pyotp.TOTP(secret).now()})
    assert "Dina reservkoder" in response.text
    # Single use: a second browser with the same link gets nothing.
    client.logout()
    password_login(client, world.advisor)
    TOTPDevice.objects.filter(user=world.advisor).delete()
    client.get(link)
    assert "secret-key" not in client.get(reverse("accounts:enrol")).text


def client_class_login(user):
    from django.test import Client

    other = Client()
    other.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    return other


def test_an_old_link_does_not_work(world, client, mailbox, django_capture_on_commit_callbacks):
    client.force_login(world.employee)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:enrol_link_send"))
    link = link_in(mailbox, world.employee.email)
    EnrolmentLink.objects.update(created=timezone.now() - timedelta(minutes=31))
    client.get(link)
    assert "secret-key" not in client.get(reverse("accounts:enrol")).text


def test_every_change_of_the_second_factor_is_mailed_and_audited(
    world, client, mailbox, require_2fa, django_capture_on_commit_callbacks
):
    user = world.coordinator
    with django_capture_on_commit_callbacks(execute=True):
        _secret, codes = enrol(client, user)
    mailbox.wait_for(user.email, count=1)
    with django_capture_on_commit_callbacks(execute=True):
        client.logout()
        password_login(client, user)
        assert client.post(reverse("accounts:second_factor"), {"code": codes[0]}).status_code == 302
    mailbox.wait_for(user.email, count=2)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:recovery_codes"))
    mailbox.wait_for(user.email, count=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert twofactor.remove(user, world.admin)
    bodies = [mailbox.body(m) for m in mailbox.wait_for(user.email, count=4)]
    assert "En autentiseringsapp lades till" in bodies[0]
    assert "En reservkod användes" in bodies[1] and "9 oanvända koder" in bodies[1]
    assert "Nya reservkoder" in bodies[2]
    assert "togs bort" in bodies[3]
    actions = set(
        AuditEvent.objects.filter(object_id=str(user.pk)).values_list("action", flat=True)
    )
    assert {
        "account.2fa_enrol",
        "account.2fa_recovery_code_used",
        "account.2fa_new_recovery_codes",
        "account.2fa_remove",
    } <= actions
