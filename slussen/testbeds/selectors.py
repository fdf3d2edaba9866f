"""Reads of the catalogue, the owners' inbox and the test records."""

from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import TruncDate

from slussen.cases.models import Secrecy
from slussen.cases.selectors import visible_cases
from slussen.core import search

from .models import Record, RecordFile, Request, Testbed
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
    seen = visible_cases(user)

    def sees(case):
        return Subquery(seen.filter(pk=OuterRef(case)).values(one=Value(1))[:1])

    qs = qs.alias(sees_case=sees("case_id"), sees_innovation=sees("request__innovation__case_id"))
    scope = Q(sees_case__isnull=False)
    if is_staff(user):
        scope |= Q(case__isnull=True) | Q(case__secrecy=Secrecy.PUBLIC)
    # Made for a secret innovation case: only for those who may see that case.
    for_secret = Q(request__innovation__isnull=False) & ~Q(
        request__innovation__case__secrecy=Secrecy.PUBLIC
    )
    scope = (scope & ~for_secret) | (for_secret & Q(sees_innovation__isnull=False))
    scope |= Q(is_public=True) | Q(testbed__organisation_id__in=owned)
    return qs.filter(scope)


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
    "r_number", "r_public", "r_by", "r_innovation",
]  # fmt: skip


def results(user, *, q="", kind=""):
    """The results search: the test plans and results of the test environments and those
    recorded in innovation cases, in one list, newest first, as plain rows (``RESULT_COLUMNS``).
    Each part is searched through the one search inside its own scope: the records this person
    may see, and the tests of the innovation cases she may see (a secret case's tests only for
    those who may see the case)."""
    from slussen.process.models import TestRecord
    from slussen.process.selectors import visible as visible_innovations

    records = visible_records(user)
    tests = TestRecord.objects.filter(innovation__in=visible_innovations(user).values("pk"))
    if kind:
        records, tests = records.filter(kind=kind), tests.filter(kind=kind)
    if q.strip():
        records = matching(records, q.strip())
        tests = search.narrow(tests, "case_test", q.strip())
    records = records.annotate(
        r_source=Value("testbed"), r_id=F("pk"), r_kind=F("kind"), r_title=F("title"),
        r_text=F("body"), r_day=TruncDate("created"), r_place=F("testbed__name"),
        r_slug=F("testbed__slug"), r_number=F("case__registry_number"), r_public=F("is_public"),
        r_by=F("recorded_by__full_name"), r_innovation=Value(None, IntegerField()),
    )  # fmt: skip
    tests = tests.annotate(
        r_source=Value("case"), r_id=F("pk"), r_kind=F("kind"), r_title=F("title"),
        r_text=F("summary"), r_day=F("tested_on"), r_place=F("environment"),
        r_slug=Value(""), r_number=F("innovation__case__registry_number"),
        r_public=Value(False), r_by=Value(""), r_innovation=F("innovation_id"),
    )  # fmt: skip
    both = (
        records.order_by()
        .values(*RESULT_COLUMNS)
        .union(tests.order_by().values(*RESULT_COLUMNS), all=True)
    )
    return both.order_by("-r_day", "r_source", "-r_id")


def result_files(rows) -> dict[tuple, list[dict]]:
    """The files of a page of the results search, by ``(r_source, r_id)``: a test environment's
    record may hold several, an innovation case's test one. Two queries for any page. The rows
    are those the person may see, and each file is read through its record's own rule."""
    from django.urls import reverse

    from slussen.process.models import TestRecord

    found = {}
    testbed_ids = [r["r_id"] for r in rows if r["r_source"] == "testbed"]
    case_ids = [r["r_id"] for r in rows if r["r_source"] == "case"]
    if testbed_ids:
        for f in RecordFile.objects.filter(record_id__in=testbed_ids):
            found.setdefault(("testbed", f.record_id), []).append(
                {"url": f.get_absolute_url(), "filename": f.filename, "size": f.size}
            )
    if case_ids:
        tests = TestRecord.objects.filter(pk__in=case_ids, attachment__isnull=False)
        for t in tests.select_related("attachment"):
            found[("case", t.pk)] = [
                {
                    "url": reverse("process:test_file", args=[t.innovation_id, t.pk]),
                    "filename": t.attachment.filename,
                    "size": t.attachment.size,
                }
            ]
    return found


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
