"""The results search of a common word: counted no further than a cap ("more than"), its page
met walking each list's order, a person's scope tested on the rows met, not on every match;
what each person finds is what she may see, in the same order (run on both databases)."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models.functions import TruncDate
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from slussen.cases.models import Secrecy
from slussen.core import search
from slussen.core.models import SearchDocument
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
    """One a day, the first the newest: the list's order is plain (saved, as a change of the
    day is: the search's document takes its new place)."""
    for i, rec in enumerate(records):
        rec.created = timezone.now() - timedelta(days=start + i)
        rec.save(update_fields=["created"])


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
    for test in tests:
        test.tested_on = timezone.localdate()
        test.save()
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


def test_a_records_and_a_case_tests_place_is_their_day_and_their_key_on_one_scale(world, testbed):
    """The index hands a search's matches over in the results list's order: each document's
    place is its day (a record's in the region's time zone, as the list reads it) and its key,
    on one scale for both lists; written on every save, by a bulk load's ``index_many`` and
    by the migration's ``mark_documents`` (one statement on PostgreSQL)."""
    ic = innovation_case(world, world.sos, "Bandage på SöS")
    rec = services.record(testbed, world.testbed_owner, kind="result", title="Bandage", body="B.")
    rec.created = datetime(2026, 3, 4, 23, 30, tzinfo=UTC)  # 00:30 on 5 March in Stockholm
    rec.save(update_fields=["created"])
    test = record_test(ic, world.advisor, "Bandagetest", "Bandaget höll.")  # of 4 May 2026
    listed = Record.objects.annotate(day=TruncDate("created")).get(pk=rec.pk)
    assert listed.day == date(2026, 3, 5)  # the day the list shows and sorts by
    documents = SearchDocument.objects.filter(doc_type__in=["testbed_record", "case_test"])

    def places():
        return dict(documents.values_list("doc_type", "position"))

    placed = {
        "testbed_record": date(2026, 3, 5).toordinal() * search.DAY + rec.pk,
        "case_test": date(2026, 5, 4).toordinal() * search.DAY + test.pk,
    }
    assert places() == placed
    documents.update(position=0)
    search.index_many([Record.objects.get(pk=rec.pk)], "testbed_record")
    search.index_many([TestRecord.objects.get(pk=test.pk)], "case_test")
    assert places() == placed
    documents.update(position=0)
    search.mark_documents(["testbed_record", "case_test"])
    assert places() == placed
    if connection.vendor == "postgresql":  # a row in its place is not written again
        assert search.mark_documents(["testbed_record", "case_test"]) == 0


def lists_read(ctx):
    """The queries that read the environments' records or the innovation cases' tests."""
    read = [q["sql"] for q in ctx.captured_queries]
    return [sql for sql in read if '"testbeds_record"' in sql or '"process_testrecord"' in sql]


def in_order(user, records, tests):
    """The titles of what ``user`` may see, by the rules on each object, in the list's order:
    the newest day first, an innovation case's test before an environment's record of one day,
    the newest key first."""
    rows = [
        (timezone.localtime(r.created).date(), "testbed", r.pk, r.title)
        for r in records
        if can(user, "testbeds.record.view", r)
    ] + [
        (t.tested_on, "case", t.pk, t.title)
        for t in tests
        if can(user, "process.view", t.innovation)
    ]
    rows.sort(key=lambda row: (-row[0].toordinal(), row[1], -row[2]))
    return [row[3] for row in rows]


@pytest.mark.parametrize("handed", [None, 2], ids=["in-hand", "walked"])
@pytest.mark.parametrize("cap", [250, 3])
def test_every_person_finds_what_she_may_see_in_the_lists_order_from_the_matches_places(
    world, client, testbed, scoped, monkeypatch, cap, handed
):
    """A search's matches come in their places (PostgreSQL): handed over by the index, or,
    more than it hands over, met walking their documents by their places. The two lists are
    merged by them and a person's scope tested on them in that order, a chunk at a time:
    nothing is read to be counted or sorted. Each person finds exactly what the rules let her
    see, in the list's order, counted no further than the cap; here with a day of a test and
    of records (their keys, not their moments, order them), and twenty newer records of a
    secret case before them, which most people walk past."""
    monkeypatch.setattr(selectors, "CAP", cap)
    if handed:
        monkeypatch.setattr(search, "CANDIDATES", handed)
    records, tests = scoped
    secret = records[3].case
    today = [
        services.record(testbed, world.testbed_owner, kind="result", title=title, body="Bandage.")
        for title in ("Bandage i dag först", "Bandage i dag sedan")
    ]
    today[1].created = today[0].created - timedelta(minutes=5)  # the newer key, an earlier time
    today[1].save(update_fields=["created"])
    newer = []
    for i in range(20):
        rec = services.record(
            testbed, world.testbed_owner, kind="result", title=f"Bandage hemligt {i:02d}",
            body="Bandage.",
        )  # fmt: skip
        Record.objects.filter(pk=rec.pk).update(case=secret)
        rec.created = timezone.now() + timedelta(days=1)
        rec.save(update_fields=["created"])
        newer.append(Record.objects.get(pk=rec.pk))
    everything = [*newer, *Record.objects.filter(pk__in=[r.pk for r in [*records, *today]])]
    for user in [None, *world.users.values()]:
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            found, text = page_titles(client, "bandaget")
        wanted = in_order(user or AnonymousUser(), everything, tests)
        assert found == wanted[:cap][:25], user
        assert ("Fler än" in text) == (len(wanted) > cap), user
        if connection.vendor == "postgresql":  # the index hands the matches over in places
            # Nothing is sorted; matches in hand are not counted either (a walk's are counted
            # on those the index handed over first, then on the list when they are few).
            read = lists_read(ctx)
            assert not [sql for sql in read if "ORDER BY" in sql], user
            assert handed or not [sql for sql in read if "COUNT(" in sql], user
    # Both lists, their days and the cap were met: the checks above were not vacuous.
    client.force_login(world.advisor_other)
    found, text = page_titles(client, "bandaget")
    assert found[:2] == ["Bandage hemligt 19", "Bandage hemligt 18"][: min(cap, 2)]
    client.force_login(world.advisor)
    found, text = page_titles(client, "bandaget")
    if cap > 3:
        assert found[:3] == ["Bandagetest SöS", "Bandage i dag sedan", "Bandage i dag först"]
    assert ("Fler än 3" in text) == (cap == 3)


def test_a_region_wide_readers_page_reads_no_record_but_its_own(world, client, testbed, scoped):
    """A region-wide reader's matches, in their places, are her list as they are: the page
    reads its own rows' details and nothing else of the records or tests (PostgreSQL; SQLite's
    index hands over no places)."""
    client.force_login(world.coordinator)
    with CaptureQueriesContext(connection) as ctx:
        found, text = page_titles(client, "bandage")
    assert len(found) == 7 and "7 testplaner och testresultat" in text
    read = lists_read(ctx)
    if connection.vendor == "postgresql":
        assert len(read) == 2, read  # the page's records and its tests, by their keys
        assert not [sql for sql in read if "ORDER BY" in sql or "COUNT(" in sql]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the inverted index's reads")
@pytest.mark.parametrize("person", ["coordinator", "advisor"])
def test_a_small_types_common_word_reads_few_ids_before_it_walks(
    world, client, testbed, monkeypatch, person
):
    """The test results are a small type (some 50 000 records at a million cases): a word
    in more than a few of them read 5 000 ids through the index first (9 ms of the database's,
    4 of the processor's) for a page of 25 and a count that stops at 250. A small type now
    reads at most ``SMALL_CANDIDATES`` ids and meets the rest walking its list: the same page,
    in the same order, the same count."""
    monkeypatch.setattr(search, "SMALL_CANDIDATES", 3, raising=False)
    monkeypatch.setattr(search, "_sizes", {})
    newest_first = public_bandages(world, testbed, 8)
    client.force_login(getattr(world, person))
    sent = []
    real = search.document_query

    def recorded(*args, **kwargs):
        sent.append(kwargs.get("limit"))
        return real(*args, **kwargs)

    monkeypatch.setattr(search, "document_query", recorded)
    found, text = page_titles(client, "bandage")
    assert found == newest_first
    assert "8" in re.sub(r"\s+", " ", text)
    # The test results' search asked the index for four ids at most, not 5 001.
    assert sent and max(sent) == 4, sent
