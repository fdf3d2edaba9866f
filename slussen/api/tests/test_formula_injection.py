"""No export hands a spreadsheet program a formula: texts that begin like one (``=``, ``+``,
``-``, ``@``, tab, carriage return) are written with a leading quote, numbers stay numbers.
Every export of the platform is read back here, as a spreadsheet program would read it."""

import csv
import io

from django.urls import reverse
from openpyxl import Workbook, load_workbook

from slussen.bokslut.tests.conftest import history, reporting
from slussen.cases.models import Case
from slussen.core import spreadsheet
from slussen.fund.models import Application
from slussen.fund.tests.factories import make_application, make_call

EVIL = '=HYPERLINK("http://evil.example","x")'
SUM = "@SUM(1)"


def content(response):
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return data.decode("utf-8").lstrip("\ufeff")


def texts(rows):
    return {value for row in rows for value in row if isinstance(value, str)}


def assert_neutralised(values):
    """CSV: the quote is written before the text."""
    assert "'" + EVIL in values and EVIL not in values
    assert not any(v.startswith(spreadsheet.FORMULA_STARTS) for v in values), values


def assert_text_cells(cells):
    """XLSX: a text that looks like a formula is a text cell with Excel's quote prefix (the
    mark a typed ' leaves), shown as written; no cell is a formula."""
    assert not any(c.data_type == "f" for c in cells)
    looks = [c for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "@"))]
    assert looks and all(c.data_type == "s" and c.quotePrefix for c in looks)
    return {c.value for c in looks}


def test_the_staff_register_export(world, client):
    Case.objects.filter(pk=world.case.pk).update(title=EVIL)
    world.sos.name = SUM
    world.sos.save()
    client.force_login(world.advisor)
    response = client.get(reverse("cases:export"))
    rows = list(csv.reader(io.StringIO(content(response)), delimiter=";"))
    assert_neutralised(texts(rows))
    assert "'" + SUM in texts(rows)


def test_the_open_data_register(world, client):
    Case.objects.filter(pk=world.case.pk).update(title=EVIL)
    world.sos.name = SUM
    world.sos.save()
    response = client.get(reverse("api:download", kwargs={"slug": "register", "fmt": "csv"}))
    rows = list(csv.reader(io.StringIO(content(response))))
    assert_neutralised(texts(rows))
    assert "'" + SUM in texts(rows)
    # JSON is data, not a spreadsheet: it keeps the title as typed.
    response = client.get(reverse("api:download", kwargs={"slug": "register", "fmt": "json"}))
    assert '"=HYPERLINK(\\"http://evil.example\\",\\"x\\")"' in content(response)


def test_the_fund_statistics_as_csv_and_xlsx(world, client):
    call = make_call(world, title=EVIL)
    make_application(world, call, state="granted")
    world.karolinska.name = SUM
    world.karolinska.save()
    year = Application.objects.get().submitted_at.year
    client.force_login(world.coordinator)
    url = reverse("fund:export", args=["csv"])
    response = client.get(url, {"year": year})
    rows = list(csv.reader(io.StringIO(content(response)), delimiter=";"))
    assert_neutralised(texts(rows))
    assert "'" + SUM in texts(rows)
    response = client.get(reverse("fund:export", args=["xlsx"]), {"year": year})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert assert_text_cells([c for row in sheet.iter_rows() for c in row]) == {EVIL, SUM}
    rows = [row[:4] for row in sheet.iter_rows(values_only=True)]  # wider tables below
    assert (EVIL, 1, 1, 200_000) in rows  # the call's row: its numbers are numbers


def test_the_annual_report_as_xlsx(world, client):
    w = reporting(world)
    w.sos.name = EVIL
    w.sos.save()
    history(w, 2023, {"karolinska": "4.0", "sos": "2.5"})
    history(w, 2024, {"karolinska": "3.9", "sos": "3.0"})
    client.force_login(w.coordinator)
    response = client.get(reverse("bokslut:report_xlsx", args=[2024]))
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert assert_text_cells(cells) == {EVIL}
    rows = [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    assert (EVIL, 2.5, 3.0) in {row[:3] for row in rows}  # the scores stay numbers


def test_the_helper_keeps_numbers_and_neutralises_every_formula_start():
    row = [EVIL, SUM, "+46 8 123", "-1", "\tx", "\rx", "Plain", -1500, -2.5, 0, None, ""]
    expected = ["'" + EVIL, "'" + SUM, "'+46 8 123", "'-1", "'\tx", "'\rx", "Plain"]
    assert spreadsheet.cells(row) == [*expected, -1500, -2.5, 0, None, ""]
    out = io.StringIO()
    spreadsheet.csv_writer(out).writerow(row)
    written = next(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert written[:9] == [*expected, "-1500", "-2.5"]  # no quote before a number
    book = Workbook()
    spreadsheet.append(book.active, row)
    data = io.BytesIO()
    book.save(data)
    read = next(load_workbook(data).active.iter_rows())
    assert [c.value for c in read[:7]] == [EVIL, SUM, "+46 8 123", "-1", "\tx", "\nx", "Plain"]
    assert all(c.data_type == "s" and c.quotePrefix for c in read[:6])
    assert [c.value for c in read[7:10]] == [-1500, -2.5, 0]  # numbers stay numbers
    assert read[7].data_type == "n" and not read[7].quotePrefix
