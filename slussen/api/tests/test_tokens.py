"""API keys: made and revoked by their owner on their own page, shown once, stored as a hash,
scoped, optionally expiring, audited; and the rate limit per key or address."""

import hashlib
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from slussen.api.models import ApiToken
from slussen.core.models import AuditEvent

from .conftest import bearer


def test_a_key_is_shown_once_and_only_its_hash_is_stored(world, client):
    client.force_login(world.advisor)
    url = reverse("api:tokens")
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Enhetens tavla", "scope": "read", "expires": ""})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    key = response.context["key"]
    assert key.startswith("slu_") and len(key) > 40 and key in response.text
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.prefix == key[:12] and token.user == world.advisor
    assert not any(key in str(value) for value in ApiToken.objects.values().get().values())
    audit = AuditEvent.objects.get(action="api.token.create")
    assert audit.actor == world.advisor and key not in str(audit.data)
    # The list shows the beginning of the key, never the key.
    listing = client.get(url)
    assert token.prefix in listing.text and key not in listing.text
    # The key works, and its use is noted.
    assert client.logout() is None
    assert client.get(reverse("api:cases"), **bearer(key)).status_code == 200
    token.refresh_from_db()
    assert token.last_used is not None


def test_bad_input_keeps_what_was_typed(world, client):
    client.force_login(world.employee)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        reverse("api:tokens"), {"name": "Min export", "scope": "all", "expires": yesterday}
    )
    assert response.status_code == 400
    assert 'value="Min export"' in response.text and "error-summary" in response.text
    assert not ApiToken.objects.exists()


def test_revoked_and_expired_keys_stop_working(world, client, make_key):
    key = make_key(world.advisor)
    token = ApiToken.objects.get()
    client.force_login(world.advisor_other)  # someone else cannot revoke it: 404
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    client.force_login(world.advisor)
    response = client.post(reverse("api:token_revoke", args=[token.pk]), follow=True)
    assert "återkallades" in response.text
    token.refresh_from_db()
    assert token.revoked is not None
    assert AuditEvent.objects.filter(action="api.token.revoke", actor=world.advisor).exists()
    client.logout()
    assert client.get(reverse("api:cases"), **bearer(key)).status_code == 401
    expiring = make_key(world.advisor, expires=timezone.now() - timedelta(seconds=1))
    assert client.get(reverse("api:cases"), **bearer(expiring)).status_code == 401
    world.advisor.is_active = False
    world.advisor.save()
    assert client.get(reverse("api:cases"), **bearer(make_key(world.advisor))).status_code == 401


def test_rate_limit_per_key_and_per_address(world, client, make_key, settings):
    settings.API_RATES = {"anonymous": "3/min", "authenticated": "2/min"}
    url = reverse("api:register")
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    limited = client.get(url)
    assert "Retry-After" in limited and "detail" in limited.json()
    # Each key has its own count, separate from the address's.
    first, second = make_key(world.advisor), make_key(world.advisor)
    assert [client.get(url, **bearer(first)).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(url, **bearer(second)).status_code == 200


def test_rate_limit_per_client_behind_the_trusted_proxy(world, client, settings):
    settings.API_RATES = {"anonymous": "2/min", "authenticated": "2/min"}
    settings.TRUSTED_PROXIES = ["10.0.0.5"]
    url = reverse("api:register")

    def get(forwarded, remote="10.0.0.5"):
        return client.get(url, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [get("198.51.100.1") for _ in range(3)] == [200, 200, 429]
    assert get("198.51.100.2") == 200  # another resident behind the same proxy
    # From an address that is not a trusted proxy the header is ignored: one bucket.
    assert [get(f"192.0.2.{n}", remote="203.0.113.9") for n in range(3)] == [200, 200, 429]
