"""People who may hold a role for an organisation: the table, its two forms, the suggestions."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from slussen.accounts import people
from slussen.accounts.models import Membership, Organisation, User


def test_the_list_and_the_check_agree_for_every_picker_and_organisation(world):
    orgs = [None, *Organisation.objects.all()]
    for code in people.PICKERS:
        for org in orgs:
            listed = set(people.eligible(code, org))
            for user in world.users.values():
                assert (user in listed) == people.may_hold(user, code, org), (code, org, user)


def test_the_declared_matrix_of_who_may_hold_each_role(world):
    from slussen.accounts.access import PICKERS

    assert set(PICKERS) == set(people.PICKERS), "declare every picker in accounts/access.py"
    for code, (org_key, allowed) in PICKERS.items():
        organisation = world.orgs[org_key]
        listed = set(people.eligible(code, organisation))
        for key, user in world.users.items():
            assert people.may_hold(user, code, organisation) == (key in allowed), (code, key)
            assert (user in listed) == (key in allowed), (code, key)


def test_the_organisations_a_person_may_act_for_agree_with_the_check(world):
    Organisation.objects.create(code="sos-iva", name="IVA", kind="unit", parent=world.sos)
    orgs = list(Organisation.objects.all())
    for code in people.PICKERS:
        for user in world.users.values():
            mine = set(people.organisations_for(user, code))
            for org in orgs:
                assert (org in mine) == people.may_hold(user, code, org), (code, user, org)


def test_a_line_manager_of_the_organisation_or_above_is_the_manager(world):
    ward = Organisation.objects.create(code="sos-iva", name="IVA", kind="unit", parent=world.sos)
    assert people.may_hold(world.manager, "fund.manager", world.sos)
    assert people.may_hold(world.manager, "fund.manager", ward)  # the hospital's manager
    assert not people.may_hold(world.manager, "fund.manager", world.karolinska)
    for key in ("external", "employee", "advisor", "coordinator", "expert"):
        assert not people.may_hold(world.users[key], "fund.manager", world.sos), key
    ward_manager = User.objects.create(email="chef.iva@example.org", full_name="Ulla Chef")
    Membership.objects.create(user=ward_manager, organisation=ward, role="manager")
    assert people.may_hold(ward_manager, "fund.manager", ward)
    assert not people.may_hold(ward_manager, "fund.manager", world.sos)  # not above the unit


def test_an_external_actor_holds_no_role_whatever_the_organisation(world):
    for code in people.PICKERS:
        for org in (None, world.sos, world.karolinska, world.cuviva, world.region):
            assert not people.may_hold(world.external, code, org), (code, org)
    # Not even a "manager" membership in a company makes its user a region manager.
    Membership.objects.create(user=world.external, organisation=world.cuviva, role="manager")
    assert world.external not in people.eligible("fund.manager", None)
    assert not people.may_hold(world.external, "fund.manager", world.cuviva)


def test_handlers_are_the_organisations_advisors_heads_and_coordinators(world):
    handlers = set(people.eligible("case.handler", world.sos))
    assert handlers == {world.advisor, world.coordinator, world.admin}
    assert world.advisor_other not in handlers and world.employee not in handlers
    owners = set(people.eligible("process.owner", world.sos))
    assert {world.employee, world.manager, world.advisor} <= owners
    assert world.external not in owners and world.advisor_other not in owners


def test_an_inactive_person_is_never_eligible(world):
    User.objects.filter(pk=world.manager.pk).update(is_active=False)
    world.manager.refresh_from_db()
    assert not people.may_hold(world.manager, "fund.manager", world.sos)
    assert world.manager not in people.eligible("fund.manager", world.sos)


def test_check_refuses_in_swedish(world):
    from django.utils import translation

    with translation.override("sv"), pytest.raises(ValidationError) as refused:
        people.check(world.external, "case.handler", world.sos)
    assert "Lena Virtanen kan inte väljas här" in refused.value.messages[0]
    people.check(None, "case.handler", world.sos)  # nobody chosen passes


# --- The suggestions --------------------------------------------------------------------------


def search(client, **params):
    return client.get(reverse("accounts:people_search"), params)


def test_suggestions_find_by_the_beginning_of_a_name_or_address(world, client):
    client.force_login(world.employee)
    for typed in ("Erik", "erik b", "Bergs", "manager@"):
        response = search(client, picker="fund.manager", organisation=world.sos.pk, q=typed)
        assert response.status_code == 200
        assert "Erik Bergström" in response.text, typed
        assert "manager@example.org" in response.text
    nothing = search(client, picker="fund.manager", organisation=world.sos.pk, q="rik")
    assert "Erik" not in nothing.text  # the beginning of a word, not any part


def test_suggestions_never_list_people_outside_the_eligible_set(world, client):
    client.force_login(world.employee)
    for name in ("Lena", "Virtanen", "external@", "Anna", "Sara", "Johan", "Karin"):
        response = search(client, picker="fund.manager", organisation=world.sos.pk, q=name)
        assert response.status_code == 200
        assert 'data-value="' not in response.text, name
    # Karolinska's advisor handles Karolinska's cases, not SöS's.
    sos = search(client, picker="case.handler", organisation=world.sos.pk, q="Johan")
    assert "Johan Nyberg" not in sos.text
    karolinska = search(client, picker="case.handler", organisation=world.karolinska.pk, q="Johan")
    assert "Johan Nyberg" in karolinska.text


def test_suggestions_are_for_staff_and_refuse_bad_parameters(world, client):
    params = {"picker": "case.handler", "organisation": world.sos.pk, "q": "Sara"}
    assert search(client, **params).status_code == 302  # log in first
    client.force_login(world.external)
    assert search(client, **params).status_code == 403
    client.force_login(world.advisor)
    assert search(client, **{**params, "picker": "nobody"}).status_code == 400
    assert search(client, **{**params, "organisation": "9" * 40}).status_code == 400
    assert search(client, **{**params, "q": "x" * 10_000}).status_code == 200
    escaped = search(client, **{**params, "list": '"><script>'}).text
    assert "<script>" not in escaped


def test_suggestions_cost_the_same_with_50_people_and_stop_at_20(
    world, client, django_assert_max_num_queries
):
    User.objects.bulk_create(
        User(email=f"sara.{i}@example.org", full_name=f"Sara Rådgivare {i}") for i in range(50)
    )
    Membership.objects.bulk_create(
        Membership(user=u, organisation=world.sos, role="advisor")
        for u in User.objects.filter(email__startswith="sara.")
    )
    client.force_login(world.advisor)
    with django_assert_max_num_queries(6):
        response = search(client, picker="case.handler", organisation=world.sos.pk, q="Sara")
    assert response.text.count('role="option"') == 20
