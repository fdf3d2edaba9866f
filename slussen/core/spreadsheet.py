"""Cells for CSV and XLSX files that a spreadsheet program cannot take for formulas.

A text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula
when the file is opened (``=HYPERLINK("http://evil", "x")``, CSV/formula injection). Every export
writes its cells through this module, and such a text gets a leading single quote, as OWASP
advises: in CSV the quote is written before the text (:func:`csv_writer`, :func:`cell`); in XLSX
the cell is typed as text and carries Excel's own quote prefix, the mark a typed ``'`` leaves
(:func:`append`, :func:`put`), so the text is shown exactly as written and is never a formula.
Anything but text is left alone: a negative amount in a numeric column stays a number.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def cell(value):
    """``value`` made safe to put in a spreadsheet cell; anything but text is left as it is."""
    if _is_formula_like(value):
        return "'" + value
    return value


def cells(row):
    return [cell(value) for value in row]


class _Writer:
    """``csv.writer`` whose every row goes through :func:`cells`."""

    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow(cells(row))

    def writerows(self, rows):
        return self._writer.writerows(cells(row) for row in rows)


def csv_writer(file, **options):
    """A ``csv.writer`` (same options) that neutralises formulas in every cell."""
    return _Writer(csv.writer(file, **options))


def _as_text(target):
    target.data_type = "s"  # openpyxl would take a text beginning with "=" for a formula
    target.quotePrefix = True


def put(target, value):
    """Set an openpyxl cell to ``value``, a text that looks like a formula kept as text."""
    target.value = value
    if _is_formula_like(value):
        _as_text(target)
    return target


def append(sheet, row):
    """``sheet.append(row)`` for an openpyxl worksheet, formulas neutralised."""
    row = list(row)
    sheet.append(row)
    for column, value in enumerate(row, start=1):
        if _is_formula_like(value):
            _as_text(sheet.cell(row=sheet.max_row, column=column))
