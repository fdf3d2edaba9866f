"""The pieces a report section is made of: a table of numbers, a chart (always with its table)
and the section itself. The web page, the PDF and the XLSX render the same pieces."""

from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import count

from django.utils.formats import number_format

# Element ids count from 1 in each report (``fresh_ids``), so the same report gives the same
# markup (the PDF cache relies on it) and two reports built at once do not share a counter.
_ids: ContextVar = ContextVar("report_ids")


def fresh_ids():
    _ids.set(count(1))


def next_id() -> int:
    try:
        return next(_ids.get())
    except LookupError:
        fresh_ids()
        return next(_ids.get())


@dataclass
class Table:
    caption: str
    columns: list
    rows: list  # lists of cells: text, int, Decimal or None; the first cell heads the row
    places: dict = field(default_factory=dict)  # column index -> decimals shown (grouped)
    right: set = field(default_factory=set)  # further columns to right-align (signed changes)
    id: str = field(default_factory=lambda: f"table{next_id()}")  # names its scrolling box

    def display_rows(self):
        return [[self.show(i, cell) for i, cell in enumerate(row)] for row in self.rows]

    def show(self, column, cell):
        if cell is None:
            return "–"
        if isinstance(cell, int) and not isinstance(cell, bool):  # a count: never "14,00"
            return number_format(cell, force_grouping=True)
        if isinstance(cell, Decimal | float):
            return number_format(cell, self.places.get(column, 2), force_grouping=True)
        return str(cell)

    @property
    def numeric_columns(self):
        """Columns shown right-aligned: those holding numbers."""
        return self.right | {
            i
            for i in range(1, len(self.columns))
            if i in self.places
            or any(isinstance(row[i], int | Decimal | float) for row in self.rows)
        }


@dataclass
class Chart:
    svg: str
    table: Table


@dataclass
class Section:
    key: str
    title: str
    paragraphs: list = field(default_factory=list)  # generated text
    narrative: str = ""  # the coordinator's text
    blocks: list = field(default_factory=list)  # Chart or Table, in order
    items: list = field(default_factory=list)  # a plain list (e.g. cases given as examples)
    items_title: str = ""
    subsections: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not (
            self.paragraphs or self.narrative or self.blocks or self.items or self.subsections
        )

    @property
    def tables(self):
        for block in self.blocks:
            yield block.table if isinstance(block, Chart) else block
        for sub in self.subsections:
            yield from sub.tables
