"""Reads of the catalogue, the owners' inbox and the test records."""

from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import TruncDate

from slussen.cases.models import Case, Secrecy
from slussen.cases.selectors import visible_cases
from slussen.core import search

from .models import Record, Request, Testbed
from .rules import is_staff, owned_org_ids


def catalogue(user, *, q="", organisation=None, open_to=""):
    """Published environments (and the user's own unpublished ones), searched and filtered.

    The search looks in the entry's own fields and in its public test plans and results."""
    qs = Testbed.objects.select_related("organisation")
    owned = owned_org_ids(user) if user.is_authenticated else set()
    if owned is not None:
        qs = qs.filter(Q(is_published=True) | Q(organisation_id__in=owned))
    if q.strip():
        # Every word in the entry or in one of its public test plans and results: one search.
        public = Record.objects.filter(is_public=True)
        for in_entries, in_records in zip(
            search.matching("testbed", q.strip(), qs),
            search.matching("testbed_record", q.strip(), public),
            strict=True,
        ):
            in_records = public.filter(search.within("pk", in_records)).values("testbed_id")
            qs = qs.filter(search.within("pk", in_entries) | Q(pk__in=in_records))
    if organisation:
        qs = qs.filter(organisation=organisation)
    if open_to:
        qs = qs.filter(open_to__in=[open_to, "all"])
    return qs.order_by("name")


def visible_records(user):
    """The list form of the rule ``testbeds.record.view``."""
    qs = Record.objects.all()
    if not user.is_authenticated:
        return qs.filter(is_public=True)
    owned = owned_org_ids(user)
    if owned is None:
        return qs

    # Whether this person may see a record's case is asked of that case (a look-up by its key),
    # not by reading every case she may see: a search's few records then cost few look-ups.
    # (A scalar subquery, which the database asks row by row: as EXISTS inside an OR it would
    # rather read every case this person may see into a hash, half a second at a million.)
    # Whether the case is public is asked so too, not joined: a join looks up the case of
    # every record, where the conditions below ask only of the records the others leave.
    def one_of(cases, case):
        return Subquery(cases.filter(pk=OuterRef(case)).order_by().values(one=Value(1))[:1])

    seen = visible_cases(user)
    public = Case.objects.filter(secrecy=Secrecy.PUBLIC)
    qs = qs.alias(
        sees_case=one_of(seen, "case_id"),
        sees_innovation=one_of(seen, "request__innovation__case_id"),
        public_case=one_of(public, "case_id"),
    )
    scope = Q(sees_case__isnull=False)
    if is_staff(user):
        scope = Q(case__isnull=True) | Q(public_case__isnull=False) | scope
    # Made for a secret innovation case: only for those who may see that case.
    for_secret = Q(request__innovation__isnull=False) & ~Q(
        request__innovation__case__secrecy=Secrecy.PUBLIC
    )
    scope = (~for_secret & scope) | (for_secret & Q(sees_innovation__isnull=False))
    # The conditions are asked in the order written: what the record itself says first, the
    # cases' look-ups only of the records these leave (most of a search's matches are public,
    # or of a public case, for the region's staff).
    if owned:
        scope = Q(testbed__organisation_id__in=owned) | scope
    return qs.filter(Q(is_public=True) | scope)


def for_innovation(user, innovation):
    """The test plans and results environments recorded for requests made for ``innovation``,
    as this person may see them (shown on the innovation case's page)."""
    return (
        visible_records(user)
        .filter(request__innovation=innovation)
        .select_related("testbed", "case", "recorded_by")
        .prefetch_related("files")
        .order_by("-created", "-id")
    )


def matching(records, q: str):
    """The test plans and results of ``records`` with every word of ``q`` (the one search: any
    inflection, compounds, word beginnings; the same on SQLite and PostgreSQL), read from the
    index rows of ``records`` only."""
    for ids in search.matching("testbed_record", q, records):
        records = records.filter(search.within("pk", ids))
    return records


def records(user, *, q="", testbed=None, kind=""):
    qs = (
        visible_records(user)
        .select_related("testbed", "case", "recorded_by")
        .prefetch_related("files")
    )
    if testbed is not None:
        qs = qs.filter(testbed=testbed)
    if kind:
        qs = qs.filter(kind=kind)
    if q.strip():
        qs = matching(qs, q.strip())
    return qs.order_by("-created", "-id")


RESULT_COLUMNS = [
    "r_source", "r_id", "r_kind", "r_title", "r_text", "r_day", "r_place", "r_slug",
    "r_number", "r_public", "r_by", "r_innovation", "r_files",
]  # fmt: skip
ORDER = ["r_source", "r_id", "r_day"]  # what the list is sorted by: a row's key and its day
SORT_UP_TO = search.CANDIDATES  # a search's matches up to this many are read once, in order


def results(user, *, q="", kind=""):
    """The results search: the test plans and results of the test environments and those
    recorded in innovation cases, in one list, newest first, as narrow rows (``ORDER``: the
    source, the key and the day); ``result_page`` reads a page's details after, for its rows
    only. Each part is searched through the one search inside its own scope: the records this
    person may see, and the tests of the innovation cases she may see (a secret case's tests
    only for those who may see the case), each tested on the matches by their keys.
    ``at_most``: how many matches there are at most when the search knows (else ``None``)."""
    from slussen.process.models import TestRecord
    from slussen.process.selectors import visible as visible_innovations

    records = visible_records(user)
    tests = TestRecord.objects.filter(innovation__in=visible_innovations(user).values("pk"))
    if kind:
        records, tests = records.filter(kind=kind), tests.filter(kind=kind)
    at_most = None
    if q.strip():
        records, in_records = _matching(records, "testbed_record", q.strip())
        tests, in_tests = _matching(tests, "case_test", q.strip())
        if in_records is not None and in_tests is not None:
            at_most = in_records + in_tests
    records = records.annotate(
        r_source=Value("testbed"), r_id=F("pk"), r_day=TruncDate("created")
    ).order_by()
    tests = tests.annotate(r_source=Value("case"), r_id=F("pk"), r_day=F("tested_on")).order_by()
    both = records.values(*ORDER).union(tests.values(*ORDER), all=True)
    both = both.order_by("-r_day", "r_source", "-r_id")
    both.at_most = at_most
    return both


def _matching(qs, name, q):
    """``qs`` narrowed to the documents of type ``name`` with every word of ``q``, and at most
    how many they are when the search knows (its matches' ids in hand), else ``None``."""
    at_most = None
    for ids in search.matching(name, q, qs):
        qs = qs.filter(search.within("pk", ids))
        size = getattr(ids, "size", len(ids) if isinstance(ids, list) else None)
        if size is not None:
            at_most = size if at_most is None else min(at_most, size)
    return qs, at_most


def result_page(user, number, *, per_page, **filters):
    """A page of the results search (``results``) with its rows' details: the matches sorted
    as narrow rows, then the page's records and tests read by their keys, with their places,
    cases, recorders and files. A search that knows its matches to be few (``SORT_UP_TO``)
    reads them once, counted here: its scope is tested once, not for the count and again for
    the page."""
    rows = results(user, **filters)
    if rows.at_most is not None and rows.at_most <= SORT_UP_TO:
        rows = list(rows)
    page = Paginator(rows, per_page).get_page(number)
    page.object_list = result_details(list(page.object_list))
    return page


def result_details(rows) -> list[dict]:
    """The rows (``ORDER``) of a page of the results search with what the list shows of them
    (``RESULT_COLUMNS``), in their order: three queries for any page. The rows are those the
    person may see, and each file is read through its record's own rule."""
    from django.urls import reverse

    from slussen.process.models import TestRecord

    testbed_ids = [r["r_id"] for r in rows if r["r_source"] == "testbed"]
    case_ids = [r["r_id"] for r in rows if r["r_source"] == "case"]
    found = {}
    if testbed_ids:
        records = Record.objects.filter(pk__in=testbed_ids).order_by()  # in the rows' order
        records = records.select_related("testbed", "case", "recorded_by")
        for rec in records.prefetch_related("files"):
            found[("testbed", rec.pk)] = {
                "r_kind": rec.kind, "r_title": rec.title, "r_text": rec.body,
                "r_place": rec.testbed.name, "r_slug": rec.testbed.slug,
                "r_number": rec.case.registry_number if rec.case else None,
                "r_public": rec.is_public,
                "r_by": rec.recorded_by.full_name if rec.recorded_by else None,
                "r_innovation": None,
                "r_files": [
                    {"url": f.get_absolute_url(), "filename": f.filename, "size": f.size}
                    for f in rec.files.all()
                ],
            }  # fmt: skip
    if case_ids:
        tests = TestRecord.objects.filter(pk__in=case_ids).order_by()
        tests = tests.select_related("innovation__case", "attachment")
        for t in tests:
            files = []
            if t.attachment_id:
                files = [
                    {
                        "url": reverse("process:test_file", args=[t.innovation_id, t.pk]),
                        "filename": t.attachment.filename,
                        "size": t.attachment.size,
                    }
                ]
            found[("case", t.pk)] = {
                "r_kind": t.kind, "r_title": t.title, "r_text": t.summary,
                "r_place": t.environment, "r_slug": "",
                "r_number": t.innovation.case.registry_number, "r_public": False, "r_by": "",
                "r_innovation": t.innovation_id, "r_files": files,
            }  # fmt: skip
    return [
        {**row, **found[(row["r_source"], row["r_id"])]}
        for row in rows
        if (row["r_source"], row["r_id"]) in found
    ]


def inbox(user, *, testbed=None):
    qs = Request.objects.select_related("testbed", "case", "case__state")
    owned = owned_org_ids(user)
    if owned is not None:
        qs = qs.filter(testbed__organisation_id__in=owned)
    if testbed is not None:
        qs = qs.filter(testbed=testbed)
    return qs.order_by("-created", "-id")


def answers(req):
    """The owner's answers: the case's comments that the requester sees."""
    return req.case.events.filter(type="comment", visible_to_submitter=True).select_related("actor")
