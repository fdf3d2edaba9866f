"""The results search of a common word: counted no further than a cap ("more than"), its page
met walking each list's order, a person's scope tested on the rows met, not on every match;
what each person finds is what she may see, in the same order (run on both databases)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from slussen.cases.models import Secrecy
from slussen.core import search
from slussen.core.permissions import can
from slussen.process.models import TestRecord
from slussen.testbeds import selectors, services
from slussen.testbeds.models import Record
from slussen.testbeds.tests.test_results_search import innovation_case, record_test


def page_titles(client, q, page=1):
    response = client.get(reverse("testbeds:results"), {"q": q, "page": page})
    assert response.status_code == 200
    return re.findall(r'<h3 class="record-title">([^<]*)</h3>', response.text), response.text


def _dated(records, start=1):
    """One a day, the first the newest: the list's order is plain."""
    for i, rec in enumerate(records):
        day = timezone.now() - timedelta(days=start + i)
        Record.objects.filter(pk=rec.pk).update(created=day)


def public_bandages(world, testbed, n):
    made = [
        services.record(
            testbed,
            world.testbed_owner,
            kind="result",
            title=f"Bandageprov {i:02d}",
            body="Bandagen testades.",
            is_public=True,
        )  # fmt: skip
        for i in range(n)
    ]
    _dated(made)
    return [rec.title for rec in made]  # newest first


@pytest.fixture
def scoped(world, testbed):
    """Records and case tests of one word in every kind of scope: public, internal without a
    case, of a public case, of a secret case, made for a secret innovation case (Karolinska's),
    and the tests of an open (SöS) and a secret (Karolinska) innovation case."""
    public_case = innovation_case(world, world.karolinska, "Öppet bandageprojekt")
    secret = innovation_case(
        world, world.karolinska, "Hemligt bandageprojekt", secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 31 kap. 16 §",
    )  # fmt: skip
    open_sos = innovation_case(world, world.sos, "Bandage på SöS")

    def rec(title, **kw):
        return services.record(
            testbed, world.testbed_owner, kind="result", title=title, body="Bandage.", **kw
        )

    made = [
        rec("Bandage offentligt", is_public=True),
        rec("Bandage internt"),
        rec("Bandage öppet ärende"),
        rec("Bandage hemligt ärende"),
    ]
    Record.objects.filter(pk=made[2].pk).update(case=public_case.case)
    Record.objects.filter(pk=made[3].pk).update(case=secret.case)
    req = services.open_request(
        testbed, user=world.advisor_other, title="Hemligt bandageprojekt",
        description="Test.", company="Karolinska", innovation=secret,
    )  # fmt: skip
    made.append(rec("Bandage för hemligt projekt", request=req))
    _dated(made)
    tests = [
        record_test(open_sos, world.advisor, "Bandagetest SöS", "Bandaget höll."),
        record_test(secret, world.advisor_other, "Bandagetest hemligt", "Bandaget höll."),
    ]
    TestRecord.objects.filter(pk=tests[0].pk).update(tested_on=timezone.localdate())
    TestRecord.objects.filter(pk=tests[1].pk).update(tested_on=timezone.localdate())
    found = Record.objects.in_bulk([rec.pk for rec in made])
    return [found[rec.pk] for rec in made], tests


def expected(user, records, tests):
    """What ``user`` may see, by the rules on each object, newest first (the tests are of
    today: before every record; of one day, the key the newest first)."""
    seen_tests = sorted(
        (t for t in tests if can(user, "process.view", t.innovation)), key=lambda t: -t.pk
    )
    return [t.title for t in seen_tests] + [
        r.title for r in records if can(user, "testbeds.record.view", r)
    ]


def test_every_person_finds_what_she_may_see_of_a_common_word_and_nothing_else(
    world, client, scoped, monkeypatch
):
    """The walk of each list a chunk at a time, the count on the first matches read: a
    common word's search (here any search of more matches than the index hands over, and of
    more than is read once) finds for each person of the world exactly what the rules let her
    see, in the list's order; a secret case's and a secret innovation case's results too."""
    monkeypatch.setattr(search, "CANDIDATES", 2)
    monkeypatch.setattr(selectors, "SORT_UP_TO", 1)
    records, tests = scoped
    people = [None, *world.users.values()]
    for user in people:
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        found, _text = page_titles(client, "bandaget")
        assert found == expected(user or AnonymousUser(), records, tests), user
    # The secret ones are found by someone: the check above was not vacuous.
    client.force_login(world.advisor_other)
    found, _text = page_titles(client, "bandage")
    assert {"Bandage hemligt ärende", "Bandage för hemligt projekt", "Bandagetest hemligt"} <= set(
        found
    )
    client.force_login(world.advisor)  # SöS: staff, another organisation than the secret ones
    found, _text = page_titles(client, "bandage")
    assert "Bandage öppet ärende" in found and "Bandagetest SöS" in found
    assert not {"Bandage hemligt ärende", "Bandage för hemligt projekt", "Bandagetest hemligt"} & (
        set(found)
    )


@pytest.mark.parametrize("person", ["coordinator", "advisor"])
def test_a_common_words_matches_are_counted_no_further_than_the_cap(
    world, client, testbed, monkeypatch, person
):
    """At a million cases a common word matched ten thousand results: every one was counted,
    then all were walked again and sorted for a page of 25 (1.3 s for a coordinator, 3 s for
    an advisor). The count stops at the cap and says "more than"; the pages up to it are
    offered, each met walking the list's order."""
    monkeypatch.setattr(search, "CANDIDATES", 5)
    monkeypatch.setattr(selectors, "CAP", 26, raising=False)
    monkeypatch.setattr(selectors, "SORT_UP_TO", 26, raising=False)
    newest_first = public_bandages(world, testbed, 30)
    client.force_login(getattr(world, person))
    with CaptureQueriesContext(connection) as ctx:
        first, text = page_titles(client, "bandage")
    assert first == newest_first[:25]
    assert "Fler än 26 testplaner och testresultat" in text
    last, _text = page_titles(client, "bandagen", 2)
    assert last == newest_first[25:26]  # the pages up to the cap
    assert page_titles(client, "bandagen", 3)[0] == last
    # No query reads every match's words: each walk stops at a page or at the cap.
    walks = [q["sql"] for q in ctx.captured_queries if "strpos" in q["sql"]]
    assert all(re.search(r"LIMIT \d+", sql) for sql in walks), walks
    # A cap below the matches the index handed over first: counted on those alone.
    monkeypatch.setattr(selectors, "CAP", 4, raising=False)
    first, text = page_titles(client, "bandage")
    assert first == newest_first[:4] and "Fler än 4 testplaner" in text


def test_a_few_matches_are_counted_exactly(world, client, testbed):
    newest_first = public_bandages(world, testbed, 3)
    for person in (world.coordinator, world.advisor, world.external):
        client.force_login(person)
        found, text = page_titles(client, "bandage")
        assert found == newest_first
        assert "3 testplaner och testresultat" in text and "Fler än" not in text
