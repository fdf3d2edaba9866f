"""API keys of people in a two-factor role (``accounts.roles.TWO_FACTOR_ROLES``) expire: at
most ``API_KEY_MAX_DAYS_2FA`` days (90 unless set), by default that long. Others may choose."""

import importlib
from datetime import timedelta

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from slussen.accounts.models import Membership
from slussen.api import services
from slussen.api.models import ApiToken

from .conftest import bearer


def days_left(token):
    return (token.expires - timezone.now()).days


def test_a_new_key_of_an_advisor_expires_by_default_and_not_later_than_allowed(world, client):
    client.force_login(world.advisor)
    url = reverse("api:tokens")
    page = client.get(url)
    assert "90 dagar" in page.text  # the form says so before anyone types
    response = client.post(url, {"name": "Tavla", "scope": "read", "expires": ""})
    assert response.status_code == 200
    assert 89 <= days_left(ApiToken.objects.get()) <= 90
    too_late = (timezone.localdate() + timedelta(days=120)).isoformat()
    response = client.post(url, {"name": "Länge", "scope": "read", "expires": too_late})
    assert response.status_code == 400 and "90 dagar" in response.text
    assert ApiToken.objects.count() == 1
    # The service keeps the limit whoever calls it.
    token, _key = services.create_token(
        world.coordinator, name="Export", scope="read", expires=timezone.now() + timedelta(days=400)
    )
    assert days_left(token) <= 90


def test_a_key_of_an_external_user_may_have_no_expiry(world, client, settings):
    settings.API_KEY_MAX_DAYS_2FA = 30
    client.force_login(world.external)
    response = client.post(reverse("api:tokens"), {"name": "Egen", "scope": "read"})
    assert response.status_code == 200 and ApiToken.objects.get().expires is None
    token, key = services.create_token(world.employee, name="Anställd", scope="read")
    assert token.expires is None
    assert client.get(reverse("api:register"), **bearer(key)).status_code == 200
    # The setting is read when the key is made: an advisor's key now lasts 30 days.
    token, _key = services.create_token(world.advisor, name="Kort", scope="read")
    assert days_left(token) <= 30


def test_an_expired_key_is_refused_with_a_clear_message(world, client, make_key):
    key = make_key(world.advisor)
    ApiToken.objects.update(expires=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("api:cases"), **bearer(key))
    assert response.status_code == 401
    assert "har gått ut" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    # An unknown key still says only that it is unknown.
    unknown = client.get(reverse("api:cases"), **bearer("slu_" + "x" * 43))
    assert unknown.status_code == 401 and "gått ut" not in unknown.json()["detail"]


def test_a_key_without_expiry_stops_when_its_owner_takes_a_two_factor_role(world, client):
    token, key = services.create_token(world.employee, name="Gammal", scope="read")
    assert client.get(reverse("api:cases"), **bearer(key)).status_code == 200
    Membership.objects.create(user=world.employee, organisation=world.sos, role="advisor")
    # Counted from when it was made: a fresh key still works, one made 91 days ago does not.
    assert client.get(reverse("api:cases"), **bearer(key)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=91))
    response = client.get(reverse("api:cases"), **bearer(key))
    assert response.status_code == 401 and "har gått ut" in response.json()["detail"]


def test_the_key_page_warns_before_a_key_expires(world, client, make_key):
    make_key(world.advisor, expires=timezone.now() + timedelta(days=5))
    make_key(world.advisor, expires=timezone.now() + timedelta(days=60))
    client.force_login(world.advisor)
    page = client.get(reverse("api:tokens"))
    assert page.text.count("Går ut om 5 dagar") == 1
    assert "message-warning" in page.text


def test_the_migration_gives_keys_of_two_factor_roles_an_expiry(world, make_key):
    make_key(world.advisor)
    make_key(world.admin, expires=timezone.now() + timedelta(days=900))
    make_key(world.external)
    soon = timezone.now() + timedelta(days=3)
    make_key(world.coordinator, expires=soon)
    migration = importlib.import_module(
        "slussen.api.migrations.0003_expire_keys_of_two_factor_roles"
    )
    migration.expire_keys(apps, None)
    by_owner = {t.user: t.expires for t in ApiToken.objects.select_related("user")}
    assert 89 <= (by_owner[world.advisor] - timezone.now()).days <= 90
    assert 89 <= (by_owner[world.admin] - timezone.now()).days <= 90
    assert by_owner[world.external] is None
    assert by_owner[world.coordinator] == soon  # already sooner: kept
