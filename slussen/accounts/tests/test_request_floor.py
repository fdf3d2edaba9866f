"""What every logged-in page pays before its own work: the session, the person and her roles
read in one query (slussen/accounts/sessions, slussen/accounts/backends.py) – afresh on every
request, so a log-out, an expired session, a changed password, a deactivated account or a role
withdrawn count on the very next request, whichever server answers it."""

import os
import re
import subprocess
import sys
from importlib import import_module

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from slussen.accounts.models import Membership, Session, User
from slussen.accounts.roles import Role
from slussen.core.compiled import Compiled
from slussen.privacy.erasure import erase_person
from slussen.testing.world import PASSWORD
from slussen.testing.world import PEOPLE as ROLE_KEYS

PEOPLE = re.compile(r' FROM "accounts_(user|membership|session)"|"django_session"')
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
def test_a_logged_in_page_reads_the_session_and_the_person_with_her_roles_in_one_query(
    world, client, how
):
    if how == "password":
        log_in(client, world.coordinator)
    else:
        client.force_login(world.coordinator, backend=SSO)
    url = reverse("fund:statistics")
    client.get(url)
    response, queries = people_queries(client, url)
    assert response.status_code == 200
    assert len(queries) == 1, queries
    assert "accounts_session" in queries[0] and "accounts_membership" in queries[0]
    assert response.wsgi_request.user.pk == world.coordinator.pk
    assert response.wsgi_request.user.role_set == {(Role.COORDINATOR, world.foi.pk)}


def test_the_person_without_any_role_is_read_in_one_query_too(world, client):
    Membership.objects.filter(user=world.employee).delete()
    client.force_login(world.employee)
    response, queries = people_queries(client, reverse("privacy:policy"))
    assert response.status_code == 200
    assert len(queries) == 1, queries
    assert response.wsgi_request.user.role_set == set()


def test_a_person_with_several_roles_has_them_all(world, client):
    Membership.objects.create(user=world.coordinator, organisation=world.sos, role=Role.ADVISOR)
    client.force_login(world.coordinator)
    response = client.get(reverse("privacy:policy"))
    assert response.wsgi_request.user.role_set == {
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


@pytest.mark.parametrize("how", ["password", "sso"])
def test_a_deactivated_person_is_logged_out_on_the_next_request(world, client, how):
    if how == "password":
        log_in(client, world.coordinator)
    else:
        client.force_login(world.coordinator, backend=SSO)
    assert client.get(reverse("fund:statistics")).status_code == 200
    world.coordinator.is_active = False
    world.coordinator.save(update_fields=["is_active"])
    response = client.get(reverse("fund:statistics"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_changed_password_logs_out_her_other_sessions_on_the_next_request(world, client):
    log_in(client, world.coordinator)
    elsewhere = Client()  # her other browser, answered by another server
    log_in(elsewhere, world.coordinator)
    url = reverse("fund:statistics")
    assert client.get(url).status_code == 200
    assert elsewhere.get(url).status_code == 200
    person = User.objects.get(pk=world.coordinator.pk)
    person.set_password(PASSWORD + "-changed")
    person.save(update_fields=["password"])
    for browser in (client, elsewhere):
        response = browser.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    # the session is ended, not only refused: its key does not work again
    assert not Session.objects.filter(user=world.coordinator).exists()


def test_a_session_reads_the_person_its_signed_data_names_whatever_its_row_says(world, client):
    log_in(client, world.employee)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.get(session_key=key).user_id == world.employee.pk
    Session.objects.filter(session_key=key).update(user=world.admin)  # a row gone astray
    response = client.get(reverse("privacy:policy"))
    assert response.status_code == 200
    assert response.wsgi_request.user.pk == world.employee.pk
    assert not response.wsgi_request.user.is_superuser
    assert client.get(reverse("admin:index")).status_code == 302  # not the administrator


def test_a_session_saved_before_sessions_named_their_person_still_works(world, client):
    log_in(client, world.coordinator)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).update(user=None)
    url = reverse("fund:statistics")
    response, queries = people_queries(client, url)
    assert response.status_code == 200
    assert response.wsgi_request.user.pk == world.coordinator.pk
    assert response.wsgi_request.user.role_set == {(Role.COORDINATOR, world.foi.pk)}
    assert len(queries) == 2, queries  # the session, then the person with her roles


def test_a_session_whose_person_is_deleted_is_no_one(world, client):
    log_in(client, world.employee)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    User.objects.filter(pk=world.employee.pk).delete()
    assert not Session.objects.filter(session_key=key).exists()  # her sessions went with her
    response = client.get(reverse("core:notifications"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_logging_in_as_another_person_in_the_same_browser_reads_the_new_person(world, client):
    log_in(client, world.coordinator)
    client.force_login(world.employee)  # Django's login(), as the log-in view calls it
    response = client.get(reverse("privacy:policy"))
    assert response.wsgi_request.user.pk == world.employee.pk
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.get(session_key=key).user_id == world.employee.pk


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

    assert engine()[0] == "slussen.accounts.sessions.db"  # the default cache is per process
    assert engine(REDIS_URL="redis://127.0.0.1:1/0") == [
        "slussen.accounts.sessions.cached_db",
        "django.core.cache.backends.redis.RedisCache",
    ]


def test_erasing_a_person_ends_her_sessions_in_the_cache_too(world, client, settings):
    settings.SESSION_ENGINE = "slussen.accounts.sessions.cached_db"
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


def test_the_migration_keeps_everyone_logged_in_with_the_person_named(live_world):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore as DjangosStore
    from django.db.migrations.executor import MigrationExecutor

    person = live_world.coordinator
    data = DjangosStore().encode(
        {
            SESSION_KEY: str(person.pk),
            BACKEND_SESSION_KEY: "slussen.accounts.backends.ModelBackend",
            HASH_SESSION_KEY: person.get_session_auth_hash(),
        }
    )
    before = [("accounts", "0006_organisation_units")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    later = timezone.now() + timezone.timedelta(hours=1)
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO django_session (session_key, session_data, expire_date)"
            " VALUES (%s, %s, %s)",
            [
                ("k" * 32, data, later),
                ("e" * 32, data, timezone.now() - timezone.timedelta(hours=1)),  # expired
                ("n" * 32, DjangosStore().encode({"anonymous": 1}), later),
            ],
        )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert dict(Session.objects.values_list("session_key", "user_id")) == {
        "k" * 32: person.pk,
        "n" * 32: None,
    }
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "k" * 32
    response, queries = people_queries(client, reverse("fund:statistics"))
    assert response.status_code == 200
    assert response.wsgi_request.user.pk == person.pk
    assert len(queries) == 1, queries


ORGANISATIONS = re.compile(r' FROM "accounts_organisation"')


@pytest.mark.parametrize("who", ["advisor", "innovation_head"])
def test_the_menu_of_a_case_handler_asks_no_organisation_on_every_page(world, client, who):
    """Whether she sees the advisors' queue in the menu is answered from the roles read with
    her session: a page that needs nothing of her organisations reads none (it read her
    organisations and their subtree, two queries, on every page)."""
    log_in(client, getattr(world, who))
    url = reverse("core:notifications")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert f'href="{reverse("intake:queue")}"' in response.text
    assert [q["sql"] for q in queries if ORGANISATIONS.search(q["sql"])] == []


def test_the_queue_in_the_menu_follows_the_roles_from_the_next_request(world, client):
    log_in(client, world.advisor)
    url, queue = reverse("core:notifications"), f'href="{reverse("intake:queue")}"'
    assert queue in client.get(url).text
    Membership.objects.filter(user=world.advisor, role=Role.ADVISOR).delete()
    assert queue not in client.get(url).text
    assert client.get(reverse("intake:queue")).status_code in (403, 404)
    Membership.objects.create(user=world.advisor, organisation=world.sos, role=Role.EMPLOYEE)
    assert queue not in client.get(url).text  # a role that handles no cases
    Membership.objects.create(user=world.advisor, organisation=world.sos, role=Role.ADVISOR)
    assert queue in client.get(url).text and client.get(reverse("intake:queue")).status_code == 200


def test_handles_cases_is_whether_she_handles_any_organisations_cases(world):
    for key in ROLE_KEYS:
        person = User.objects.get(pk=getattr(world, key).pk)
        assert person.handles_cases == bool(person.handled_org_ids), key
    assert User.objects.get(pk=world.advisor.pk).handles_cases
    assert not User.objects.get(pk=world.coordinator.pk).handles_cases
