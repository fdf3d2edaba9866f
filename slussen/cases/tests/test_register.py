import pytest
from django.db import connection
from django.db.models import Q
from django.urls import reverse

from slussen.accounts.models import User
from slussen.cases import selectors, services
from slussen.cases.models import Case
from slussen.core.permissions import can


def make_cases(world, n):
    for i in range(n):
        services.open_case(
            kind="idea",
            title=f"Idé nummer {i}",
            description="Beskrivning",
            organisation=world.sos,
            actor=world.advisor,
            handler=world.advisor,
        )


def test_advisor_sees_own_organisation_not_others(world, client):
    client.force_login(world.advisor)
    response = client.get(reverse("cases:register"))
    assert response.status_code == 200
    assert world.case.registry_number in response.text
    assert world.other_case.registry_number not in response.text


def test_register_filters_and_search(world, client):
    make_cases(world, 3)
    client.force_login(world.coordinator)
    response = client.get(reverse("cases:register"), {"q": "dagboken"})
    assert world.case.registry_number in response.text
    assert "Idé nummer" not in response.text
    response = client.get(reverse("cases:register"), {"kind": "collaboration"})
    assert world.other_case.registry_number in response.text
    assert world.case.registry_number not in response.text
    response = client.get(reverse("cases:register"), {"q": world.other_case.registry_number})
    assert "1 ärende" in response.text or "1 case" in response.text


def test_register_search_finds_words_by_their_beginning_and_in_any_inflection(world, client):
    client.force_login(world.coordinator)
    for q in ("dagbo", "intensivvård", "Dagbok tillfrisknandet"):
        page = client.get(reverse("cases:register"), {"q": q}).text
        assert world.case.registry_number in page, q
    page = client.get(reverse("cases:register"), {"q": "dagbok hjärtsvikt"}).text
    assert world.case.registry_number not in page  # every word must match
    if connection.vendor == "postgresql":  # Swedish stems: another inflection finds the case
        page = client.get(reverse("cases:register"), {"q": "dagbokens tillfrisknande"}).text
        assert world.case.registry_number in page


def test_a_search_of_a_stop_word_finds_the_words_it_begins(world, client):
    """ "under" is a word the Swedish text search leaves out: alone it still begins words
    ("underlättar"); beside other words it is left out, as the index leaves it out."""
    client.force_login(world.coordinator)
    for q in ("under", "Under", "efter dagbok"):
        page = client.get(reverse("cases:register"), {"q": q}).text
        assert world.case.registry_number in page, q


@pytest.mark.parametrize("role", ["advisor", "coordinator"])
def test_register_query_count_does_not_grow_with_cases(
    world, client, role, django_assert_max_num_queries
):
    user = getattr(world, role)
    client.force_login(user)
    make_cases(world, 2)
    client.get(reverse("cases:register"))  # warm caches (content types, sessions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:register"))
    make_cases(world, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("cases:register"))
    assert response.status_code == 200
    assert len(few.captured_queries) <= 12


def test_visible_queryset_agrees_with_the_view_rule(world):
    make_cases(world, 1)
    for user in User.objects.all():
        listed = set(selectors.visible_cases(user).values_list("pk", flat=True))
        allowed = {c.pk for c in Case.objects.all() if can(user, "case.view", c)}
        assert listed == allowed, user


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(reverse("cases:register"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_other_organisation_case_is_404_not_403(world, client):
    client.force_login(world.advisor)
    response = client.get(reverse("cases:detail", args=[world.other_case.pk]))
    assert response.status_code == 404


def test_register_read_a_branch_at_a_time_lists_what_the_whole_scope_lists(world):
    """An advisor's scope is read a branch at a time when the register is read in slices
    (``core.scoping``): every slice, in the register's order or the API's, with filters, holds
    exactly the cases the whole scope holds there, and on PostgreSQL it is read as a union."""
    from slussen.cases.rules import visible_q

    make_cases(world, 12)  # her organisation's
    for i in range(7):  # another organisation's: some she handles, some she submitted
        services.open_case(
            kind="need" if i % 2 else "idea",
            title=f"Behov {i}",
            description="Text",
            organisation=world.karolinska,
            actor=world.advisor_other,
            handler=world.advisor if i % 3 == 0 else world.advisor_other,
            submitter=world.advisor if i % 3 == 1 else None,
        )
    user = world.advisor
    whole = Case.objects.filter(visible_q(user))
    assert whole.exclude(organisation=world.sos).exists()  # the other branches hold cases
    assert Case.objects.exclude(pk__in=whole).exists()  # and some are outside the scope
    for filters in ({}, {"kind": "idea"}, {"kind": "need"}):
        listed = selectors.register(user, **filters)
        expected = whole.filter(**filters).order_by("-registry_year", "-registry_seq")
        for part in (slice(0, 3), slice(3, 8), slice(8, 30), slice(0, 1001)):
            assert list(listed[part]) == list(expected[part]), (filters, part)
        by_id = listed.order_by("-id")
        ids = list(expected.order_by("-id").values_list("pk", flat=True))
        last = ids[len(ids) // 2]
        assert list(by_id.filter(pk__lt=last)[:4]) == list(
            expected.order_by("-id").filter(pk__lt=last)[:4]
        )
        assert listed.count() == expected.count()
    sql = str(selectors.register(user)[:25].query)
    assert ("UNION" in sql) == (connection.vendor == "postgresql")
    # The scope or something else (under an OR) is the plain condition, never a branch alone.
    from slussen.cases.rules import visible_branches
    from slussen.core.scoping import first_of

    other = Q(pk=world.other_case.pk)
    either = Case.objects.filter(first_of(visible_branches(user)) | other).order_by("pk")
    assert list(either[:50]) == list(Case.objects.filter(visible_q(user) | other).order_by("pk"))
    assert world.other_case in either[:50]
    # Grouped rows (an aggregate per organisation) are read whole, never a branch alone.
    from django.db.models import Count

    grouped = selectors.register(user).values("organisation").annotate(n=Count("pk"))
    counted = {row["organisation"]: row["n"] for row in grouped.order_by("organisation")[:10]}
    assert counted == {
        row["organisation"]: row["n"]
        for row in whole.values("organisation").annotate(n=Count("pk")).order_by("organisation")
    }
