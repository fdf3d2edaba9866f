"""What every logged-in page pays before its own work: the session, and the person with her
roles read in one query (slussen/accounts/backends.py) – afresh on every request, so a role
withdrawn stops working on the very next request, whichever server answers it."""

import os
import re
import subprocess
import sys
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from slussen.accounts.models import Membership, User
from slussen.accounts.roles import Role
from slussen.core.compiled import Compiled
from slussen.privacy.erasure import erase_person
from slussen.testing.world import PASSWORD

PEOPLE = re.compile(r' FROM "accounts_(user|membership)"')
SSO = "slussen.accounts.sso.RegionOIDCBackend"


def people_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [q["sql"] for q in queries if PEOPLE.search(q["sql"])]


def log_in(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("how", ["password", "sso"])
def test_a_logged_in_page_reads_the_person_with_her_roles_in_one_query(world, client, how):
    if how == "password":
        log_in(client, world.coordinator)
    else:
        client.force_login(world.coordinator, backend=SSO)
    url = reverse("fund:statistics")
    client.get(url)
    response, queries = people_queries(client, url)
    assert response.status_code == 200
    assert len(queries) == 1, queries
    assert "accounts_membership" in queries[0]


def test_the_person_without_any_role_is_read_in_one_query_too(world, client):
    Membership.objects.filter(user=world.employee).delete()
    client.force_login(world.employee)
    response, queries = people_queries(client, reverse("privacy:policy"))
    assert response.status_code == 200
    assert len(queries) == 1, queries
    assert response.context["user"].role_set == set()


def test_a_person_with_several_roles_has_them_all(world, client):
    Membership.objects.create(user=world.coordinator, organisation=world.sos, role=Role.ADVISOR)
    client.force_login(world.coordinator)
    response = client.get(reverse("privacy:policy"))
    assert response.context["user"].role_set == {
        (Role.COORDINATOR, world.foi.pk),
        (Role.ADVISOR, world.sos.pk),
    }


def test_a_withdrawn_role_stops_working_on_the_next_request(world, client):
    log_in(client, world.coordinator)
    elsewhere = Client()  # another session of hers, as on another server
    log_in(elsewhere, world.coordinator)
    url = reverse("fund:statistics")
    assert client.get(url).status_code == 200
    assert elsewhere.get(url).status_code == 200
    Membership.objects.filter(user=world.coordinator, role=Role.COORDINATOR).delete()
    assert client.get(url).status_code == 403
    assert elsewhere.get(url).status_code == 403
    Membership.objects.create(user=world.coordinator, organisation=world.foi, role=Role.COORDINATOR)
    assert client.get(url).status_code == 200  # and a role granted counts at once


def test_a_deactivated_person_is_logged_out_on_the_next_request(world, client):
    log_in(client, world.coordinator)
    world.coordinator.is_active = False
    world.coordinator.save(update_fields=["is_active"])
    response = client.get(reverse("fund:statistics"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


# --- The session: read with SQL compiled once, shared by every server ---------------------------


def test_a_log_out_ends_the_session_for_every_copy_of_its_cookie(world, client):
    log_in(client, world.coordinator)
    elsewhere = Client()  # the same browser's next request, answered by another server
    elsewhere.cookies = client.cookies
    url = reverse("fund:statistics")
    assert elsewhere.get(url).status_code == 200
    client.post(reverse("accounts:logout"))
    response = elsewhere.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_an_expired_session_is_no_session(world, client):
    log_in(client, world.coordinator)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now())
    response = client.get(reverse("fund:statistics"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_an_unknown_or_forged_session_key_is_no_session(world, client):
    url = reverse("fund:statistics")
    for key in ("x" * 32, "' OR 1=1 --" + "y" * 30, "z" * 5000):
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        response = client.get(url)
        assert response.status_code == 302, key


def test_the_session_engine_keeps_sessions_only_where_every_server_reads_them():
    def engine(**env):
        code = (
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='slussen.config.settings';"
            "django.setup(); from django.conf import settings as s;"
            "print(s.SESSION_ENGINE, s.CACHES[s.SESSION_CACHE_ALIAS]['BACKEND'])"
        )
        clean = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
        done = subprocess.run(
            [sys.executable, "-c", code], env={**clean, **env}, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    assert engine()[0] == "slussen.core.sessions.db"  # the default cache is per process
    assert engine(REDIS_URL="redis://127.0.0.1:1/0") == [
        "slussen.core.sessions.cached_db",
        "django.core.cache.backends.redis.RedisCache",
    ]


def test_erasing_a_person_ends_her_sessions_in_the_cache_too(world, client, settings):
    settings.SESSION_ENGINE = "slussen.core.sessions.cached_db"
    log_in(client, world.employee)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    store = import_module(settings.SESSION_ENGINE).SessionStore
    assert store(key).exists(key)
    erase_person(User.objects.get(pk=world.employee.pk), actor=world.admin, reason="")
    assert not store(key).exists(key)
    assert store(key).load() == {}


def test_compiled_queries_return_what_the_orm_returns(world):
    def build(pk):
        return (
            User.objects.filter(pk=pk)
            .order_by()
            .values_list("pk", "is_active", "date_joined", "last_login", "memberships__role")
        )

    compiled = Compiled(build, -99_999_999_977)
    for user in (world.coordinator, world.admin, world.external):
        assert compiled.rows(user.pk) == list(build(user.pk)), user
    assert compiled.rows(10**12) == []
    with pytest.raises(ValueError):  # a placeholder the query does not take as a parameter
        Compiled(lambda pk: User.objects.values_list("pk"), 1).rows(1)
