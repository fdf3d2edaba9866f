"""What every logged-in page pays before its own work: the session, and the person with her
roles read in one query (slussen/accounts/backends.py) – afresh on every request, so a role
withdrawn stops working on the very next request, whichever server answers it."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from slussen.accounts.models import Membership
from slussen.accounts.roles import Role
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
