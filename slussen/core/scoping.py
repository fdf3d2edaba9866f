"""A person's scope as several branches, each read through its own index.

A scope such as an advisor's – her organisations' cases, or the cases she handles, submitted or
is named on – is an OR of conditions the database cannot serve from one index: to show the
first page of a list in its order, it walks the whole list in that order and tests every row
(at a million cases, an advisor whose organisation holds one case in seventy read 120 000 rows
for a page). ``first_of(branches)`` is the same scope as a filter that, when the list is read a
slice at a time, reads the first rows of each branch alone, in the list's order and with the
list's other filters, as far as the slice ends, and keeps the list's rows among them: the first
``n`` rows of a union are among the first ``n`` of each of its parts. Read whole (a count, an
export) or on a database that cannot order the parts of a union, it is the plain OR.
"""

from functools import reduce
from operator import or_

from django.core.exceptions import EmptyResultSet
from django.db.models import Q
from django.db.models.expressions import Expression
from django.db.models.fields import BooleanField
from django.db.models.sql.where import WhereNode


class FirstOf(Expression):
    conditional = True
    output_field = BooleanField()

    def __init__(self, branches, either=None):
        super().__init__()
        self.branches = list(branches)
        self.either = either  # the plain OR, resolved in the list's query

    def get_source_expressions(self):
        return [self.either] if self.either is not None else []

    def set_source_expressions(self, exprs):
        if exprs:
            (self.either,) = exprs

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        made = self.copy()
        made.either = query.build_where(reduce(or_, self.branches))
        return made

    def as_sql(self, compiler, connection):
        outer = compiler.query
        limit = outer.high_mark
        if (
            limit is None
            or outer.combinator
            or outer.distinct
            or outer.group_by is not None  # grouped (an aggregate per row): read whole
            or not connection.features.supports_slicing_ordering_in_compound
        ):
            return compiler.compile(self.either)
        rest = _without_self(outer.where)
        if rest is None:
            return compiler.compile(self.either)
        parts, params = [], []
        for branch in self.branches:
            inner = outer.chain()
            inner.where = rest.clone()
            inner.add_q(branch)
            inner.select_related = False
            inner.clear_select_clause()
            inner.add_fields([inner.get_meta().pk.name], allow_m2m=False)
            inner.clear_limits()
            inner.set_limits(high=limit)
            try:
                sql, part_params = inner.get_compiler(connection=connection).as_sql()
            except EmptyResultSet:  # a branch no row can meet ("pk in []")
                continue
            parts.append(f"({sql})")
            params.extend(part_params)
        if not parts:
            raise EmptyResultSet
        pk_sql, pk_params = compiler.compile(outer.get_meta().pk.get_col(outer.get_initial_alias()))
        # An array made once of the branches' rows: the list then reads those rows by key,
        # where a join with the union walked the list's other filters over a whole year.
        return f"{pk_sql} = ANY(ARRAY({' UNION '.join(parts)}))", [*pk_params, *params]


def _is_self(child) -> bool:
    return isinstance(child, FirstOf) or isinstance(getattr(child, "lhs", None), FirstOf)


def _without_self(where):
    """The list's conditions without ``FirstOf`` (the branches stand for it), or ``None`` when it
    is not one of the conditions every row must meet (under a NOT or an OR): then the branches
    cannot be read alone."""
    if where.negated or where.connector != "AND":
        return None
    if not any(_is_self(child) for child in where.children):
        return None
    children = [child for child in where.children if not _is_self(child)]
    return WhereNode(children, where.connector, where.negated)


def first_of(branches) -> Q:
    """A filter for the rows in any of ``branches`` (a list of ``Q``), read a branch at a time
    when the list is read in slices (see the module's docstring)."""
    branches = list(branches)
    if len(branches) == 1:
        return branches[0]
    return Q(FirstOf(branches))
