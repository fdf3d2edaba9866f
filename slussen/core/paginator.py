"""A paginator for lists that can hold a million rows: it counts no further than ``cap``.

Counting every matching row on each request costs as much as reading them all; beyond a few
thousand rows the exact number helps nobody choose a page. The page says "more than N" when the
count stopped at the cap, and offers the pages up to it; filters narrow the list further.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

CAP = 1000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, cap=CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self):
        rows = self.object_list
        if hasattr(rows, "order_by"):  # counting needs no order: the database stops at the cap
            rows = rows.order_by()
        found = rows[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)

    capped = False
