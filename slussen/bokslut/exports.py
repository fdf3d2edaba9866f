"""The report as a designed PDF (WeasyPrint) and as XLSX (openpyxl), from the same sections."""

import hashlib
import io
import logging
import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from slussen.core.spreadsheet import append, put

from .report import Report

# WeasyPrint reports every layout step at INFO; keep the logs for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

PRINT_CSS = Path(__file__).parent / "static" / "bokslut" / "report-print.css"


PDF_SECONDS = 24 * 3600


def pdf(report: Report, edition=None) -> bytes:
    """The designed PDF, tagged as PDF/UA-1 (structure tree, language, title, bookmarks from
    the headings, alternative text for every chart). Typesetting takes seconds, so the PDF is
    kept in the shared cache under a hash of its HTML: the same figures and texts give the very
    same PDF, and any change of data, text or language gives new HTML and so a new PDF.
    ``edition``, when publishing, names the edition and its date on the cover."""
    html = render_to_string(
        "bokslut/report_pdf.html",
        {
            "report": report,
            "REGION_NAME": settings.REGION_NAME,
            "generated": timezone.localdate(),
            "edition": edition,
        },
    )
    key = "bokslut:pdf:" + hashlib.sha256(html.encode()).hexdigest()
    return caches["shared"].get_or_set(key, lambda: _typeset(html), PDF_SECONDS)


def _typeset(html: str) -> bytes:
    from weasyprint import CSS, HTML

    return HTML(string=html, base_url=str(PRINT_CSS.parent)).write_pdf(
        stylesheets=[CSS(filename=str(PRINT_CSS))], pdf_variant="pdf/ua-1"
    )


def _sheet_title(n, caption, taken):
    title = f"{n} " + re.sub(r"[\[\]:*?/\\]", "", caption)
    title = title[:31].rstrip()
    while title in taken:
        title = title[:28] + f"~{n}"
    taken.add(title)
    return title


def xlsx(report: Report, edition=None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    contents = book.active
    contents.title = _("Contents")[:31]
    put(contents["A1"], _("Annual innovation report %(year)s") % {"year": report.year})
    contents["A1"].font = Font(bold=True, size=14)
    if edition is not None:
        put(
            contents["A2"],
            _("%(region)s, edition %(number)s published %(date)s")
            % {
                "region": settings.REGION_NAME,
                "number": edition.number,
                "date": f"{timezone.localdate(edition.published_at):%Y-%m-%d}",
            },
        )
    else:
        put(contents["A2"], f"{settings.REGION_NAME}, Slussen {timezone.localdate():%Y-%m-%d}")
    contents.column_dimensions["A"].width = 70
    taken = {contents.title}
    tables = list(report.tables)
    if not tables:
        put(contents["A4"], _("No figures for this year."))
    for n, table in enumerate(tables, start=1):
        put(contents.cell(row=n + 3, column=1), f"{n}. {table.caption}")
        sheet = book.create_sheet(_sheet_title(n, table.caption, taken))
        put(sheet["A1"], table.caption)
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([])
        append(sheet, [str(c) for c in table.columns])
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in table.rows:
            append(sheet, [float(c) if isinstance(c, Decimal) else c for c in row])
        for column, places in table.places.items():
            fmt = "#,##0" if places == 0 else "0." + "0" * places
            for (cell,) in sheet.iter_rows(min_row=4, min_col=column + 1, max_col=column + 1):
                cell.number_format = fmt
        for i, header in enumerate(table.columns, start=1):
            longest = max([len(str(header))] + [len(str(r[i - 1] or "")) for r in table.rows])
            sheet.column_dimensions[get_column_letter(i)].width = min(max(10, longest + 2), 60)
            if longest > 60:
                for (cell,) in sheet.iter_rows(min_row=4, min_col=i, max_col=i):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "B4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
