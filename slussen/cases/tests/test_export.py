"""The register as CSV (streamed) and lists that stop counting at a cap."""

import csv
import io

from django.urls import reverse

from slussen.cases import views
from slussen.core.models import AuditEvent
from slussen.core.paginator import CappedPaginator

from .test_register import make_cases


def read_csv(response):
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8").lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_export_is_the_list_the_person_may_see(world, client):
    make_cases(world, 3)
    client.force_login(world.advisor)
    response = client.get(reverse("cases:export"), {"kind": "idea"})
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert rows[0][:2] == ["Diarienummer", "Registrerat"]
    numbers = [row[0] for row in rows[1:]]
    assert len(numbers) == 4 and world.case.registry_number in numbers
    assert world.other_case.registry_number not in numbers  # Karolinska's secret case
    assert AuditEvent.objects.filter(action="case.export", actor=world.advisor).exists()


def test_export_of_more_rows_than_a_chunk(world, client, django_assert_max_num_queries):
    make_cases(world, 30)
    client.force_login(world.coordinator)
    response = client.get(reverse("cases:export"))
    with django_assert_max_num_queries(8):  # read in chunks, not a query per case
        rows = read_csv(response)
    assert len(rows) == 1 + 32


def test_capped_count_says_more_than(world, client, monkeypatch):
    make_cases(world, 6)
    paginator = CappedPaginator(world.sos.cases.order_by("pk"), 2, cap=4)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (4, True, 2)
    monkeypatch.setattr(views, "COUNT_CAP", 4)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(world.coordinator)
    page = client.get(reverse("cases:register")).text
    assert "Fler än 4 ärenden" in page and "Sida 1 av fler än 2" in page
    page = client.get(reverse("cases:register"), {"kind": "collaboration"}).text
    assert "1 ärende" in page


def test_a_list_under_the_cap_is_paged_over_its_ids_in_the_same_order(world):
    make_cases(world, 5)
    cases = world.sos.cases.order_by("-title")
    expected = list(cases)
    paginator = CappedPaginator(cases, 2, cap=10)
    assert (paginator.count, paginator.capped) == (len(expected), False)
    pages = [paginator.page(n).object_list for n in paginator.page_range]
    assert [case for page in pages for case in page] == expected
    assert "IN" in str(pages[0].query)  # a page reads its own rows by their ids


def test_a_list_over_the_cap_is_paged_over_the_ids_its_count_read(world):
    """The count read the first ids in the list's order up to the cap: the pages offered (those
    up to the cap) read their own rows by those ids, not by walking the list again."""
    make_cases(world, 6)
    cases = world.sos.cases.order_by("-title")
    expected = list(cases)
    paginator = CappedPaginator(cases, 2, cap=4)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (4, True, 2)
    pages = [paginator.page(n).object_list for n in paginator.page_range]
    assert [case for page in pages for case in page] == expected[:4]
    assert "IN" in str(pages[1].query) and "LIMIT" not in str(pages[1].query)


def test_a_filtered_register_is_counted_from_its_indexes_alone(world):
    """PostgreSQL: the filters a register is counted by (kind, state, year, organisation) are
    in the indexes of its order, so its count to the cap reads no case (an index-only scan)."""
    import pytest
    from django.db import connection

    from slussen.cases import selectors

    if connection.vendor != "postgresql":
        pytest.skip("covering indexes are PostgreSQL's")
    make_cases(world, 5)
    with connection.cursor() as cursor:
        # A handful of rows, whose statistics depend on what ran before: the planner may read
        # them any way it likes (a state's index, then a sort, on one machine, the order's index
        # on another). Leave it only the ways a million cases are read – in the register's
        # order, from an index – and ask whether that index alone answers.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_incremental_sort = off")
        for filters in (
            {"kind": "idea", "state": "new"},
            {"year": world.case.registry_year, "state": "new"},
            {"organisation": world.sos.pk, "kind": "idea"},
        ):
            rows = selectors.register(world.coordinator, **filters).values_list("pk", flat=True)
            sql, params = rows[:1001].query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Index Only Scan" in plan, (filters, plan)


def test_a_search_over_the_cap_is_sorted_from_its_matches_in_the_lists_order(world):
    """Read in no order, with the values the list is ordered by: the pages are the list's
    own, and the count still stops at the cap."""
    make_cases(world, 6)
    cases = world.sos.cases.order_by("-registry_year", "-registry_seq")
    expected = list(cases)
    paginator = CappedPaginator(cases, 2, cap=4, count_in_order=False, sort_up_to=10)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (4, True, 2)
    pages = [list(paginator.page(n).object_list) for n in paginator.page_range]
    assert [case for page in pages for case in page] == expected[:4]
    # More matches than it sorts: the page walks the list in its order.
    paginator = CappedPaginator(cases, 2, cap=4, count_in_order=False, sort_up_to=5)
    assert (paginator.count, paginator.capped) == (4, True)
    assert list(paginator.page(2).object_list) == expected[2:4]


def test_a_list_ordered_by_text_is_sorted_by_the_database(world):
    """Python's order of text is not the database's collation: those ids go back to it."""
    make_cases(world, 3)
    cases = world.sos.cases.order_by("title", "pk")
    paginator = CappedPaginator(cases, 2, cap=10, count_in_order=False)
    pages = [list(paginator.page(n).object_list) for n in paginator.page_range]
    assert [case for page in pages for case in page] == list(cases)


def test_a_search_expected_far_over_the_cap_is_not_counted(world, monkeypatch):
    """A word PostgreSQL expects in more cases than the paginator would sort is not collected
    to be counted: the page says "more than" and walks the list in its order."""
    from django.db import connection

    from slussen.core import paginator as capped

    make_cases(world, 5)
    cases = world.sos.cases.order_by("-title")
    expected = list(cases)
    if connection.vendor == "postgresql":
        assert capped.estimated_rows(cases) > 0  # the planner's estimate is read
    monkeypatch.setattr(capped, "estimated_rows", lambda rows: 11)  # more than it would sort
    paginator = CappedPaginator(cases, 2, cap=10, count_in_order=False, estimate=True)
    assert (paginator.count, paginator.capped) == (10, True)  # five cases, not read to count
    assert list(paginator.page(1).object_list) == expected[:2]
    monkeypatch.setattr(capped, "estimated_rows", lambda rows: 4)  # few enough: counted
    paginator = CappedPaginator(cases, 2, cap=10, count_in_order=False, estimate=True)
    assert (paginator.count, paginator.capped) == (len(expected), False)
