"""A paginator for lists that can hold a million rows: it counts no further than ``cap``.

Counting every matching row on each request costs as much as reading them all; beyond a few
thousand rows the exact number helps nobody choose a page. The page says "more than N" when the
count stopped at the cap, and offers the pages up to it; filters narrow the list further.

The count reads the ids of the matching rows, up to the cap. When they all fit under it, the
page is taken from those ids. ``count_in_order`` says how the ids are read: in the list's own
order (the default), which an index on that order serves for filters such as a year or a kind;
or in no order, for a text search: the database then collects a rare word's few matches from
its text index and sorts them, instead of walking the whole list in order looking for them,
the plan it tends to pick when it cannot tell how rare the word is. With ``estimate``, a word
so common that PostgreSQL expects many times the cap is not counted at all: collecting its
matches would cost more than the page, which then walks the list in order and meets them at once.
"""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

CAP = 1000
SURELY_MORE = 20  # × cap: an estimate above this is trusted to mean "more than the cap"


def estimated_rows(queryset) -> float | None:
    """PostgreSQL's own estimate of the number of rows (one planning round trip)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Plan"]["Plan Rows"]


class CappedPaginator(Paginator):
    def __init__(
        self, object_list, per_page, cap=CAP, count_in_order=True, estimate=False, **kwargs
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.count_in_order = count_in_order
        self.estimate = estimate

    @cached_property
    def count(self):
        rows = self.object_list
        if not hasattr(rows, "order_by"):
            found = len(rows)
        elif self.estimate and (estimated_rows(rows) or 0) > SURELY_MORE * self.cap:
            found = self.cap + 1
        else:
            read = rows if self.count_in_order else rows.order_by()
            ids = list(read.values_list("pk", flat=True)[: self.cap + 1])
            found = len(ids)
            if found <= self.cap:
                self.object_list = rows.filter(pk__in=ids)  # keeps the list's order
        self.capped = found > self.cap
        return min(found, self.cap)

    capped = False
