"""One results search: the test plans and results recorded in innovation cases are found with
the test environments' records, in any inflection, each within its own scope (run on both
databases)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from slussen.cases import services as case_services
from slussen.cases.models import Secrecy
from slussen.core.models import SearchDocument, SearchEntry
from slussen.process import services as process_services
from slussen.process.forms import TestRecordForm as RecordForm
from slussen.process.models import TestRecord
from slussen.process.templates_data import ensure_seeded
from slussen.testbeds import services


def innovation_case(world, organisation, title, **case_fields):
    ensure_seeded()
    case = case_services.open_case(
        kind="idea", title=title, description=title, organisation=organisation, **case_fields
    )
    return process_services.start(
        case, world.coordinator, innovation_type="service", novelty="organisation",
        degree="incremental", directions=["internal_development"], perspectives=["quality"],
    )  # fmt: skip


def record_test(ic, actor, title, summary, kind="result"):
    form = RecordForm({"kind": kind, "title": title, "summary": summary, "tested_on": "2026-05-04"})
    assert form.is_valid(), form.errors
    return process_services.add_record(ic, actor, form)


@pytest.fixture
def tests(world, testbed):
    open_ = innovation_case(world, world.sos, "Robot för läkemedel")
    secret = innovation_case(
        world, world.karolinska, "Hemligt projekt", secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 31 kap. 16 §",
    )  # fmt: skip
    services.record(
        testbed, world.testbed_owner, kind="result", title="Robotarm i 3D-centrum",
        body="Läkemedelsrobotar testades.", is_public=True,
    )  # fmt: skip
    return {
        "open": record_test(
            open_, world.advisor, "Testresultat läkemedelsrobot", "Roboten delade ut läkemedel."
        ),
        "secret": record_test(
            secret, world.coordinator, "Hemligt drönartest", "Drönarleveranser av läkemedel."
        ),
    }


def titles(client, q="", **extra):
    page = client.get(reverse("testbeds:results"), {"q": q, **extra})
    assert page.status_code == 200
    candidates = ["Testresultat läkemedelsrobot", "Hemligt drönartest", "Robotarm i 3D-centrum"]
    return {t for t in candidates if t in page.text}


@pytest.mark.parametrize("q", ["läkemedlen", "läkemedlet", "robotarna"])
def test_a_case_test_is_found_with_the_environments_results_in_any_inflection(
    world, client, tests, q
):
    client.force_login(world.advisor)  # SöS: sees the SöS case, not Karolinska's secret one
    assert titles(client, q) == {"Testresultat läkemedelsrobot", "Robotarm i 3D-centrum"}
    page = client.get(reverse("testbeds:results"), {"q": q}).text
    assert reverse("process:detail", args=[tests["open"].innovation_id]) in page


def test_a_secret_cases_tests_are_found_only_by_those_who_may_see_the_case(world, client, tests):
    assert titles(client, "drönare") == set()  # anonymous
    client.force_login(world.advisor)  # SöS
    assert titles(client, "drönare") == set()
    assert "Hemligt drönartest" not in titles(client)  # not listed without a search either
    client.force_login(world.external)
    assert titles(client, "läkemedel") == {"Robotarm i 3D-centrum"}
    client.force_login(world.advisor_other)  # Karolinska handles it
    assert titles(client, "drönarleverans") == {"Hemligt drönartest"}
    client.force_login(world.coordinator)
    assert titles(client, "läkemedel") == set(tests_titles := titles(client)) and tests_titles


def test_the_kind_filter_applies_to_case_tests_too(world, client, tests):
    client.force_login(world.coordinator)
    assert titles(client, "läkemedel", kind="plan") == set()
    assert "Testresultat läkemedelsrobot" in titles(client, "läkemedel", kind="result")


def test_a_case_test_is_indexed_on_every_save_and_rebuilt_by_reindex(world, client, tests):
    client.force_login(world.coordinator)
    test = tests["open"]
    test.summary = "Sårkameran fotograferade såren."
    test.save()
    assert "Testresultat läkemedelsrobot" in titles(client, "sår")
    SearchEntry.objects.filter(doc_type="case_test").delete()
    SearchDocument.objects.filter(doc_type="case_test").delete()
    assert "Testresultat läkemedelsrobot" not in titles(client, "sår")
    call_command("reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert "Testresultat läkemedelsrobot" in titles(client, "såret")
    pk = test.pk
    test.delete()
    assert not SearchEntry.objects.filter(doc_type="case_test", doc_id=pk).exists()
    assert not SearchDocument.objects.filter(doc_type="case_test", doc_id=pk).exists()
    assert TestRecord.objects.count() == 1


def test_the_results_page_does_not_grow_in_queries(
    world, client, tests, django_assert_max_num_queries
):
    client.force_login(world.coordinator)
    for n in range(5):
        record_test(tests["open"].innovation, world.advisor, f"Läkemedel {n}", "Läkemedel.")
    with django_assert_max_num_queries(12):
        client.get(reverse("testbeds:results"), {"q": "läkemedel"})


def many(testbed, world, n=30):
    """``n`` public records of one word, one a day, so that the list's order is plain."""
    from datetime import timedelta

    from django.utils import timezone

    made = []
    for i in range(n):
        rec = services.record(
            testbed, world.testbed_owner, kind="result", title=f"Bandageprov {i:02d}",
            body="Bandagen testades.", is_public=True,
        )  # fmt: skip
        made.append(rec)
    for i, rec in enumerate(made):  # the newest last
        rec.created = timezone.now() - timedelta(days=n - i)
        rec.save(update_fields=["created"])
    return [rec.title for rec in reversed(made)]


def page_titles(client, q, page):
    import re

    text = client.get(reverse("testbeds:results"), {"q": q, "page": page}).text
    return re.findall(r'<h3 class="record-title">([^<]*)</h3>', text)


def test_a_search_is_sorted_on_narrow_rows_and_reads_the_details_of_its_page_only(
    world, client, testbed, tests
):
    """For a search of many matches the list joined every match to its environment, case and
    recorder before sorting them for a page (at 50 000 people PostgreSQL hashed them all): the
    matches are sorted by their keys and days, and the page's 25 rows read after."""
    newest_first = many(testbed, world)
    client.force_login(world.advisor)
    with CaptureQueriesContext(connection) as ctx:
        assert page_titles(client, "bandage", 1) == newest_first[:25]
    sorting = [q["sql"] for q in ctx.captured_queries if "ORDER BY" in q["sql"].upper()]
    sorting = [sql for sql in sorting if '"testbeds_record"' in sql]
    # PostgreSQL's index hands the matches over in the list's order: none is sorted at all.
    assert bool(sorting) == (connection.vendor != "postgresql")
    for sql in sorting:
        assert '"accounts_user"' not in sql and '"testbeds_record"."body"' not in sql
    assert page_titles(client, "bandage", 2) == newest_first[25:]
    client.force_login(world.coordinator)
    assert page_titles(client, "bandaget", 2) == newest_first[25:]


def test_a_search_with_few_matches_is_read_once_not_counted_and_read_again(
    world, client, testbed, tests
):
    """The scope of a person was tested on every match twice: once to count them, once for
    the page. A search that has its matches' ids in hand reads them once (PostgreSQL)."""
    many(testbed, world)
    client.force_login(world.advisor)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("testbeds:results"), {"q": "bandage", "page": 2})
    assert '<p class="result-count" role="status">30 ' in page.text
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    counts = [sql for sql in counts if '"testbeds_record"' in sql]
    if connection.vendor == "postgresql":
        assert counts == []


def test_an_advisors_scope_asks_the_cases_of_the_records_the_record_itself_does_not_admit(
    world, client, testbed, tests
):
    """The matches were each joined to their case (and to their environment, for an advisor
    who owns none) before the scope was tested: the case is now asked by its key, and only of
    a record that is neither public nor without a case. What she finds is the same."""
    newest_first = many(testbed, world)
    client.force_login(world.advisor)
    with CaptureQueriesContext(connection) as ctx:
        assert page_titles(client, "bandage", 1) == newest_first[:25]
    # The environments' records read in their order, or her scope tested on the matches by
    # their keys (PostgreSQL: the index hands them over in the list's order).
    narrow = [
        q["sql"] for q in ctx.captured_queries if '"r_day"' in q["sql"] or 'AS "pk"' in q["sql"]
    ]
    narrow = [sql for sql in narrow if '"testbeds_record"' in sql]
    assert narrow
    for records in narrow:
        assert '("testbeds_record"."case_id" = "cases_case"."id")' not in records  # not joined
        assert 'JOIN "testbeds_testbed"' not in records
    assert titles(client, "läkemedel") == {"Testresultat läkemedelsrobot", "Robotarm i 3D-centrum"}
