"""A paginator for lists that can hold a million rows: it counts no further than ``cap``.

Counting every matching row on each request costs as much as reading them all; beyond a few
thousand rows the exact number helps nobody choose a page. The page says "more than N" when the
count stopped at the cap, and offers the pages up to it; filters narrow the list further.

The count reads the matching rows' ids, up to the cap. When they all fit under it, a page is
read by the ids of its rows. ``count_in_order`` says how the ids are read: in the list's own
order (the default), which an index on that order serves for filters such as a year or a kind;
or in no order, for a text search: the database then collects a rare word's matches from its
text index instead of walking the whole list in order looking for them, the plan it tends to
pick when it cannot tell how rare the word is. Read in no order, the ids come with the values
the list is ordered by and are sorted here (numbers and dates; text is left to the database's
collation), up to ``sort_up_to`` of them: a word in a few thousand cases is read once from the
index, where walking the list for a page of it would read tens of thousands of rows. With
``estimate``, a word so common that PostgreSQL expects more matches than ``sort_up_to`` is not
counted at all: collecting its matches would cost more than the page, which then walks the
list in order and meets them at once. That estimate is the word's share of the whole register:
for a person who sees part of it, walked in her reach, her own matches are counted instead (up
to the cap, through the index), so that nobody is told of more cases than she may see.
"""

import json
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

CAP = 1000
SORTABLE = (int, float, Decimal, date, datetime, type(None))  # sorted here as the database does


def estimated_rows(queryset) -> float | None:
    """PostgreSQL's own estimate of the number of rows (one planning round trip, of the rows'
    ids only: planning the joins and the order of the whole list would take a few ms more)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a condition no row can meet ("pk in []")
        return 0
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]["Plan Rows"]


class ByIds:
    """The rows of ``ids`` in that order: a slice is read from the database by its ids only."""

    def __init__(self, rows, ids):
        self.rows, self.ids = rows, ids

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, part):
        ids = list(self.ids[part])  # a list, or a walk read for this slice (``search.Placed``)
        return self.rows.filter(pk__in=ids)  # the list's ordering puts them in ``ids``' order


def plain_order(rows):
    """The field names ``rows`` is ordered by ("-" for descending), or None for expressions."""
    order = rows.query.order_by or rows.query.get_meta().ordering
    if all(isinstance(name, str) and name.lstrip("-") and name != "?" for name in order):
        return list(order)
    return None


def sort_rows(read, order):
    """Sort ``(pk, *values)`` rows by ``order`` as the database would: the last key first, each
    sort stable; NULLs last ascending and first descending, as PostgreSQL does."""
    for position, name in reversed(list(enumerate(order, start=1))):
        read.sort(key=lambda row: (row[position] is None, row[position]), reverse=name[0] == "-")


class CappedPaginator(Paginator):
    def __init__(
        self,
        object_list,
        per_page,
        cap=CAP,
        count_in_order=True,
        estimate=False,
        sort_up_to=None,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.count_in_order = count_in_order
        self.estimate = estimate
        self.sort_up_to = max(sort_up_to or cap, cap)

    @cached_property
    def count(self):
        rows = self.object_list
        in_order = getattr(rows, "in_order", None)
        if not hasattr(rows, "order_by"):
            found = len(rows)
        elif in_order is not None:
            # The list's rows' ids in its order, known already (a search's matches read from
            # its index with their places): nothing to count or sort; a page is read by its ids.
            found = len(in_order)
            self.object_list = ByIds(rows, in_order[: self.cap])
        elif (
            self.estimate
            and self._may_exceed(rows)
            and (estimated_rows(rows) or 0) > self.sort_up_to
        ):
            walk = getattr(rows, "walk_in_order", None)
            if walk is not None and getattr(walk, "reached", False):
                # A person's scope walked in her reach: PostgreSQL's estimate is the word's
                # share of the whole register times her scope's, which her own matches may be
                # far below. Her matches are counted, up to the cap, through the index in her
                # reach (a cost of her matches, not of the register), and tested against her
                # scope: the count is of what she may see.
                ids = list(walk[: self.cap + 1])
                kept = set(rows.order_by().filter(pk__in=ids).values_list("pk", flat=True))
                ids = [pk for pk in ids if pk in kept]
                found = len(ids)
                self.object_list = ByIds(rows, ids[: self.cap])
            else:
                found = self.cap + 1
                if walk is not None:  # the list's ids walked in its order, a page at a time
                    self.object_list = ByIds(rows, walk[: self.cap])
        elif self.count_in_order:
            ids = list(rows.values_list("pk", flat=True)[: self.cap + 1])
            found = len(ids)
            # Only the pages up to the cap are offered: each is read by its rows' ids, whether
            # the list holds more or not (walking the list again for page 3 of a kind in a
            # state would test thousands of rows a second time).
            self.object_list = ByIds(rows, ids[: self.cap])
        else:
            found = self._count_unordered(rows)
        self.capped = found > self.cap
        return min(found, self.cap)

    capped = False

    def _may_exceed(self, rows) -> bool:
        """Whether the rows may be more than ``sort_up_to``: not when the list says at most how
        many it holds (``at_most``, a search that counted its matches)."""
        at_most = getattr(rows, "at_most", None)
        return at_most is None or at_most > self.sort_up_to

    def _count_unordered(self, rows):
        """Read the ids in no order, with the values the list is ordered by, and sort them
        here; an order by text (the database's collation) or by expressions is left to the
        database, over the ids."""
        order = plain_order(rows)
        names = [name.lstrip("-") for name in order or ()]
        read = list(rows.order_by().values_list("pk", *names)[: self.sort_up_to + 1])
        if len(read) > self.sort_up_to:
            return len(read)  # the page walks the list in its order
        if order is not None and all(isinstance(v, SORTABLE) for row in read for v in row[1:]):
            sort_rows(read, order)
            self.object_list = ByIds(rows, [row[0] for row in read[: self.cap]])
        elif len(read) <= self.cap:
            self.object_list = rows.filter(pk__in=[row[0] for row in read])
        return len(read)
