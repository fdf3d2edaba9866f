"""What an edition freezes when the coordinator publishes a year's report: the report's page,
PDF and XLSX in Swedish and English, its tables as data, the organisations' answers and the
coordinator's texts. Reads of published editions for the public pages and the open data."""

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from . import exports, report, selectors
from .models import Edition, ReportText
from .rubric import DIMENSIONS, Direction, derived_overall


def _plain(cell):
    if isinstance(cell, Decimal):
        return (
            int(cell)
            if cell == cell.to_integral_value() and cell.as_tuple().exponent == 0
            else float(cell)
        )
    return cell


def answers(year) -> list[dict]:
    """The organisations' submitted answers for ``year``, as plain data."""
    rows = []
    for r in selectors.submitted().filter(round__year=year):
        levels = [getattr(r, d.field) for d in DIMENSIONS]
        derived = derived_overall(levels)
        rows.append(
            {
                "organisation_id": r.organisation_id,
                "organisation": r.organisation.name,
                "overall": str(r.overall),
                "derived": str(derived) if derived is not None else None,
                "overall_reason": r.overall_reason,
                "dimensions": {d.code: getattr(r, d.field) for d in DIMENSIONS},
                "directions": {code: r.text_for(code) for code in Direction.values},
                "comment": r.comment,
                "submitted": r.submitted_at.isoformat(timespec="seconds")
                if r.submitted_at
                else None,
            }
        )
    return rows


def texts(year) -> dict:
    return dict(ReportText.objects.filter(year=year).values_list("section", "body"))


def render(year, edition: Edition) -> dict:
    """Each language's page body, PDF, XLSX and tables for the edition being published."""
    out = {"figures": {}}
    for language in Edition.LANGUAGES:
        with translation.override(language):
            built = report.build(year)
            out[f"html_{language}"] = render_to_string(
                "bokslut/_report_body.html", {"report": built, "edition": edition}
            ).encode()
            out[f"pdf_{language}"] = exports.pdf(built, edition=edition)
            out[f"xlsx_{language}"] = exports.xlsx(built, edition=edition)
            out["figures"][language] = [
                {
                    "caption": str(t.caption),
                    "columns": [str(c) for c in t.columns],
                    "rows": [[_plain(c) for c in row] for row in t.rows],
                }
                for t in built.tables
            ]
    return out


def latest_per_year() -> list[Edition]:
    """The newest edition of every published year, newest year first."""
    seen, result = set(), []
    for edition in Edition.objects.order_by("-year", "-number"):
        if edition.year not in seen:
            seen.add(edition.year)
            result.append(edition)
    return result


def is_published(year) -> bool:
    return Edition.objects.filter(year=year).exists()
