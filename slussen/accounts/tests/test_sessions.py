"""Idle staff sessions end; staff passwords can be switched off; external users keep theirs."""

import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from slussen.accounts.middleware import SEEN_KEY
from slussen.testing.world import PASSWORD


def idle_for(client, seconds):
    session = client.session
    session[SEEN_KEY] = int(time.time()) - seconds
    session.save()


def test_an_idle_staff_session_ends_after_the_timeout(world, client, settings):
    settings.STAFF_IDLE_TIMEOUT = 30 * 60
    client.force_login(world.advisor)
    idle_for(client, 29 * 60)
    assert client.get(reverse("cases:register")).status_code == 200
    idle_for(client, 31 * 60)
    response = client.get(reverse("cases:register"), follow=True)
    assert response.redirect_chain[0][0] == f"{reverse('accounts:login')}?next=%2Fcases%2F"
    assert "utan aktivitet" in response.text
    assert response.context["user"].is_anonymous


def test_external_users_are_not_timed_out_as_staff(world, client):
    client.force_login(world.external)
    idle_for(client, 3 * 60 * 60)
    assert client.get(reverse("cases:register")).status_code == 200


def test_activity_keeps_the_session_without_a_write_on_every_request(world, client):
    client.force_login(world.advisor)
    client.get(reverse("privacy:policy"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("privacy:policy"))
    assert [q["sql"] for q in queries if not q["sql"].startswith("SELECT")] == []
    idle_for(client, 5 * 60)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("privacy:policy"))
    assert any(q["sql"].startswith("UPDATE") for q in queries)  # last seen moved on


def test_staff_passwords_can_be_switched_off(world, client, settings):
    settings.STAFF_PASSWORD_LOGIN = False
    response = client.post(
        reverse("accounts:login"), {"username": world.advisor.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "organisations inloggning" in response.text
    response = client.post(
        reverse("accounts:login"), {"username": world.external.email, "password": PASSWORD}
    )
    assert response.status_code == 302
