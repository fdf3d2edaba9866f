"""No orphan rows in the PDF: a long table keeps its first and last rows together, so no page
begins or ends with a single leftover row (66 rows used to leave one alone on the last page)."""

import io
import re

from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader

from slussen.bokslut import exports
from slussen.bokslut.blocks import Section, Table, fresh_ids
from slussen.bokslut.report import Report


def rows_per_page(rows):
    fresh_ids()
    table = Table("Lång tabell", ["Rad", "Antal"], [[f"rad{i:03d}", i] for i in range(rows)])
    report = Report(2024, [Section("summary", "Sammanfattning", blocks=[table])])
    with translation.override("sv"):
        html = render_to_string(
            "bokslut/report_pdf.html",
            {"report": report, "REGION_NAME": "Region", "generated": None, "edition": None},
        )
    pages = PdfReader(io.BytesIO(exports._typeset(html))).pages[2:]  # after cover and contents
    return [len(re.findall(r"rad\d{3}", page.extract_text())) for page in pages]


def test_a_long_table_leaves_no_single_row_on_a_page():
    counts = rows_per_page(66)
    assert sum(counts) == 66
    assert len(counts) > 1 and min(counts) >= 3, counts
