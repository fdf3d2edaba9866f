"""Lock-out: one identity however the address is written; a throttle per client beside it."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from slussen.core.clientip import client_ip
from slussen.testing.world import PASSWORD


def post_login(client, username, password, ip="203.0.113.7", **extra):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        **extra,
    )


def test_letter_case_and_spaces_do_not_get_round_the_lock_out(world, client):
    for _ in range(5):
        post_login(client, "advisor@example.org", "wrong")
    for written in ("Advisor@Example.org", " ADVISOR@example.org ", "advisor@EXAMPLE.ORG"):
        response = post_login(client, written, PASSWORD)
        assert response.status_code == 429, written
    assert client.get(reverse("core:home")).context["user"].is_anonymous


def test_failures_written_in_mixed_case_count_towards_the_same_account(world, client):
    forms = ["advisor@Example.org", "Advisor@example.org", "ADVISOR@EXAMPLE.ORG", " aDvIsOr@x.org"]
    for written in [*forms, "advisor@example.org"]:
        post_login(client, written.replace("@x.org", "@example.org"), "wrong")
    assert post_login(client, "advisor@example.org", PASSWORD).status_code == 429


def test_many_accounts_tried_from_one_client_are_throttled(world, client, settings):
    settings.AXES_CLIENT_FAILURE_LIMIT = 12
    for n in range(12):  # a few guesses each at many accounts: no account reaches its limit
        post_login(client, f"person{n}@example.org", "wrong")
    response = post_login(client, "employee@example.org", PASSWORD)
    assert response.status_code == 429
    # another client is not affected, and the accounts themselves are not locked
    response = post_login(client, "employee@example.org", PASSWORD, ip="198.51.100.9")
    assert response.status_code == 302


def test_a_successful_log_in_does_not_clear_the_clients_other_failures(world, client, settings):
    settings.AXES_CLIENT_FAILURE_LIMIT = 12
    for _ in range(4):
        post_login(client, "advisor@example.org", "wrong")
    assert post_login(client, "employee@example.org", PASSWORD).status_code == 302
    client.logout()
    # the four failures against the advisor still count: one more locks the advisor
    post_login(client, "advisor@example.org", "wrong")
    assert post_login(client, "advisor@example.org", PASSWORD).status_code == 429


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "203.0.113.7", "1.2.3.4", "203.0.113.7"),  # no trusted proxy: header ignored
        (["10.0.0.0/8"], "10.1.2.3", "1.2.3.4, 198.51.100.5", "198.51.100.5"),
        (["10.0.0.0/8"], "10.1.2.3", "1.2.3.4, 198.51.100.5, 10.9.9.9", "198.51.100.5"),
        (["10.0.0.0/8"], "203.0.113.7", "1.2.3.4", "203.0.113.7"),  # not from the proxy
        (["10.0.0.1"], "10.0.0.1", "", "10.0.0.1"),
        (["10.0.0.0/8"], "10.1.2.3", "nonsense, 10.2.2.2", "10.2.2.2"),
        (["10.0.0.0/8", "2001:db8::/32"], "2001:db8::1", "2001:db8::2, 2a00::1", "2a00::1"),
    ],
)
def test_client_ip_behind_trusted_proxies(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
