"""A paginator for lists that can hold a million rows: it counts no further than ``cap``.

Counting every matching row on each request costs as much as reading them all; beyond a few
thousand rows the exact number helps nobody choose a page. The page says "more than N" when the
count stopped at the cap, and offers the pages up to it; filters narrow the list further.

The count reads the ids of the matching rows, up to the cap. When they all fit under it, the
page is taken from those ids. ``count_in_order`` says how the ids are read: in the list's own
order (the default), which an index on that order serves for filters such as a year or a kind;
or in no order, for a text search: the database then collects a rare word's few matches from
its text index and sorts them, instead of walking the whole list in order looking for them,
the plan it tends to pick when it cannot tell how rare the word is.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

CAP = 1000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, cap=CAP, count_in_order=True, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.count_in_order = count_in_order

    @cached_property
    def count(self):
        rows = self.object_list
        if not hasattr(rows, "order_by"):
            found = len(rows)
        else:
            read = rows if self.count_in_order else rows.order_by()
            ids = list(read.values_list("pk", flat=True)[: self.cap + 1])
            found = len(ids)
            if found <= self.cap:
                self.object_list = rows.filter(pk__in=ids)  # keeps the list's order
        self.capped = found > self.cap
        return min(found, self.cap)

    capped = False
