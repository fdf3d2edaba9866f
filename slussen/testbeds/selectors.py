"""Reads of the catalogue, the owners' inbox and the test records."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import TruncDate
from django.utils import timezone

from slussen.cases.models import Case, Secrecy
from slussen.cases.selectors import visible_cases
from slussen.core import search
from slussen.core.models import SearchDocument

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
# Matches counted at most; more: "more than", as the register says (10 pages of 25). Counting
# a person's matches tests her scope on each: the register's thousand cost more than the page.
CAP = 250


@dataclass
class Part:
    """One of the lists the results search reads (``source``: "testbed" or "case"): ``rows``,
    its narrow rows (``ORDER``) in the list's order, in this person's scope; ``matched``, the
    same whatever the scope; ``scope``, the objects she may see (before the search's words);
    ``whole``, whether every match is in the list (a region-wide reader's, no filter);
    ``placed``: the search's matches in the list's order with their places (PostgreSQL): all
    of them, read from its index (``search.Candidates``), or for a common word (more than the
    index hands over) the walk of its documents, met by their places; ``some``: the first
    matches it read when it has more (see ``search.Candidates``)."""

    source: str
    rows: object
    matched: object
    scope: object
    whole: bool = False
    placed: object = None
    some: object = None
    first: list = None  # the rows ``first_placed`` found last, and whether they are all
    all_first: bool = False

    def count_placed(self, cap) -> int:
        """How many rows the list holds, counted no further than ``cap + 1``, its matches in
        their places: those in hand are met in the list's order up to the cap (the page's
        rows then among them); a walk's are counted on the matches the index handed over
        first (``some``), a region-wide reader's not at all (more than the cap)."""
        if isinstance(self.placed, search.Candidates):
            return len(self.first_placed(cap + 1))
        if self.whole and self.some is not None and self.some.size > cap:
            return self.some.size
        return self.count(cap)

    def first_placed(self, end) -> list[tuple[int, str, int]]:
        """(place, source, key) of the list's first ``end`` rows, from the search's matches in
        their places (``placed``): a region-wide reader's are hers as they are; another's scope
        is tested on them in that order, a chunk at a time, by their keys. No row is read to
        be sorted or counted; the rows found for a count serve the pages after it."""
        if self.first is not None and (end <= len(self.first) or self.all_first):
            return self.first[:end]
        found, self.all_first = [], True
        for met in self._in_places(end if self.whole else end + end // 2 + 10):
            if not self.whole:
                listed = "{" + ",".join(str(pk) for _place, pk in met) + "}"
                seen = self.scope.filter(pk__in_array=listed).order_by().values_list("pk")
                seen = {pk for (pk,) in seen}
                met = [(place, pk) for place, pk in met if pk in seen]
            found += [(place, self.source, pk) for place, pk in met]
            if len(found) >= end:
                self.all_first = False
                break
        self.first = found[:end]
        return self.first

    def _in_places(self, size):
        """(place, key) of the search's matches in the list's order, ``size`` of them first,
        four times as many each time after: from the matches in hand, or, for a common word's
        (more than the index hands over), read walking its documents by their places."""
        if isinstance(self.placed, search.Candidates):
            ids, places, start = self.placed.by_place, self.placed.places, 0
            while start < len(ids):
                yield list(
                    zip(places[start : start + size], ids[start : start + size], strict=True)
                )
                start, size = start + size, size * 4
            return
        walk = self.placed.order_by("-position", "-doc_id").values_list("position", "doc_id")
        start = 0
        while True:
            met = list(walk[start : start + size])
            if met:
                yield met
            if len(met) < size:
                return
            start, size = start + size, size * 4

    def count(self, cap) -> int:
        """How many rows the list holds, counted no further than ``cap + 1``: on the matches
        the search read first (``some``) before the list itself."""
        if self.some is not None:
            found = self.scope.filter(search.within("pk", self.some)).order_by()[: cap + 1]
            found = found.count()
            if found > cap:
                return found
        return self.rows.order_by()[: cap + 1].count()

    def head(self, end) -> list[dict]:
        """The list's first ``end`` rows. A person's scope is tested on the matches met walking
        the list's order, a chunk at a time, by their keys: the database would rather test it
        on every match and sort them all for the page, since it cannot tell that most of the
        region's results are in the scope of its staff."""
        if self.whole:
            return list(self.rows[:end])
        found, start, chunk = [], 0, end + end // 2 + 10
        while len(found) < end:
            met = list(self.matched[start : start + chunk])
            if not met:
                break
            keys = [row["r_id"] for row in met]
            seen = set(self.scope.filter(pk__in=keys).values_list("pk", flat=True))
            found += [row for row in met if row["r_id"] in seen]
            start, chunk = start + len(met), chunk * 4
        return found[:end]


def results(user, *, q="", kind="") -> list[Part]:
    """The results search: the test plans and results of the test environments and those
    recorded in innovation cases, as two lists each newest first, as narrow rows (``ORDER``:
    the source, the key and the day), or as the search's matches in their places
    (``Part.placed``); ``result_page`` merges them into one and reads a page's details after,
    for its rows only. Each part is searched through the one search inside its own scope: the
    records this person may see, and the tests of the innovation cases she may see (a secret
    case's tests only for those who may see the case), each tested on the matches by their
    keys."""
    from slussen.process.models import TestRecord
    from slussen.process.selectors import visible as visible_innovations

    records = visible_records(user)
    innovations = visible_innovations(user)
    tests = TestRecord.objects.all()
    if innovations.query.where:
        tests = tests.filter(innovation__in=innovations.values("pk"))
    parts = [
        Part("testbed", records, Record.objects.all(), records, whole=not records.query.where),
        Part("case", tests, TestRecord.objects.all(), tests, whole=not tests.query.where),
    ]
    for part in parts:
        if kind:
            part.scope, part.matched = part.scope.filter(kind=kind), part.matched.filter(kind=kind)
            part.whole = False
        part.rows = part.scope
        if q.strip():
            name = "testbed_record" if part.source == "testbed" else "case_test"
            found = search.matching(name, q.strip(), part.scope)
            for ids in found:
                part.rows = part.rows.filter(search.within("pk", ids))
                part.matched = part.matched.filter(search.within("pk", ids))
                part.some = getattr(ids, "some", part.some)
            if len(found) == 1 and isinstance(found[0], search.Candidates | list):
                # Every match in hand, in its place (PostgreSQL): none or a few thousand.
                part.placed = found[0] or search.Candidates([])
            elif len(found) == 1 and getattr(found[0], "model", None) is SearchDocument:
                part.placed = found[0]  # more: its documents are walked by their places
    day = {"testbed": TruncDate("created"), "case": F("tested_on")}
    for part in parts:
        narrow = {"r_source": Value(part.source), "r_id": F("pk"), "r_day": day[part.source]}
        part.rows = part.rows.annotate(**narrow).order_by("-r_day", "-r_id").values(*ORDER)
        part.matched = part.matched.annotate(**narrow).order_by("-r_day", "-r_id").values(*ORDER)
    return parts


def _key(row):
    """The list's order: the newest day first, then the source, then the newest key."""
    return (-row["r_day"].toordinal(), row["r_source"], -row["r_id"])


def _place_key(row):
    """``_key`` of a (place, source, key) row: its place is its day's number and its key
    (``search.DAY``)."""
    place, source, _pk = row
    return (-(place // search.DAY), source, -place)


class Merged:
    """The parts' rows as one list in its order, of ``size`` rows: a slice reads from each
    part as many of its first rows as the slice ends at (each walks its own order and stops),
    and sorts them into one."""

    def __init__(self, parts, size):
        self.parts, self.size = parts, size

    def __len__(self):
        return self.size

    def __getitem__(self, part):
        end = min(part.stop if part.stop is not None else self.size, self.size)
        if end <= 0:
            return []
        read = [row for p in self.parts for row in p.head(end)]
        return sorted(read, key=_key)[part]


class InPlaces:
    """The parts' rows as one list in its order, of ``size`` rows, their matches in their
    places: a slice reads from each part its first rows up to where the slice ends (a walk
    walks no further) and merges them by their places."""

    def __init__(self, parts, size):
        self.parts, self.size = parts, size

    def __len__(self):
        return self.size

    def __getitem__(self, part):
        end = min(part.stop if part.stop is not None else self.size, self.size)
        if end <= 0:
            return []
        read = sorted((row for p in self.parts for row in p.first_placed(end)), key=_place_key)
        return [{"r_source": source, "r_id": pk} for _place, source, pk in read[part]]


def result_page(user, number, *, per_page, **filters):
    """A page of the results search (``results``) with its rows' details. Counted no further
    than ``CAP`` ("more than"). A search whose matches come in their places (``Part.placed``,
    PostgreSQL) merges the two lists by their places, a person's scope tested on them in that
    order: nothing is read to be sorted, matches in hand are met up to the cap at most, and a
    common word's walk stops at the page. Otherwise (SQLite, or the list without a search)
    each part walks its own order for the page's rows and stops there."""
    parts = results(user, **filters)
    if all(p.placed is not None for p in parts):
        found = sum(p.count_placed(CAP) for p in parts)
        rows = InPlaces(parts, min(found, CAP))
    else:
        found = sum(p.count(CAP) for p in parts)
        rows = Merged(parts, min(found, CAP))
    pages = Paginator(rows, per_page)
    pages.capped = found > CAP
    page = pages.get_page(number)
    page.object_list = result_details(list(page.object_list))
    return page


# What a row of the results search shows of a record and of a test (the rest is not read).
RECORD_SHOWN = [
    "kind", "title", "body", "is_public", "created", "testbed__name", "testbed__slug",
    "case__registry_number", "recorded_by__full_name",
]  # fmt: skip
TEST_SHOWN = [
    "kind", "title", "summary", "tested_on", "environment", "innovation__case__registry_number",
    "attachment__filename", "attachment__size",
]  # fmt: skip


def result_details(rows) -> list[dict]:
    """The rows (their source and key) of a page of the results search with what the list
    shows of them (``RESULT_COLUMNS``), in their order: three queries for any page. The rows
    are those the person may see, and each file is read through its record's own rule."""
    from django.urls import reverse

    from slussen.process.models import TestRecord

    testbed_ids = [r["r_id"] for r in rows if r["r_source"] == "testbed"]
    case_ids = [r["r_id"] for r in rows if r["r_source"] == "case"]
    found = {}
    if testbed_ids:
        records = Record.objects.filter(pk__in=testbed_ids).order_by()  # in the rows' order
        records = records.select_related("testbed", "case", "recorded_by").only(*RECORD_SHOWN)
        files = Prefetch("files", RecordFile.objects.only("record_id", "filename", "size"))
        for rec in records.prefetch_related(files):
            found[("testbed", rec.pk)] = {
                "r_kind": rec.kind, "r_title": rec.title, "r_text": rec.body,
                "r_day": timezone.localtime(rec.created).date(),
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
        tests = tests.select_related("innovation__case", "attachment").only(*TEST_SHOWN)
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
                "r_day": t.tested_on, "r_place": t.environment, "r_slug": "",
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
