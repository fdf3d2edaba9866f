"""The annual innovation report: every published edition and the organisations' answers as
published, the same frozen data as the public report pages (nothing before publication)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from slussen.api.opendata import Dataset
from slussen.bokslut.editions import latest_per_year
from slussen.bokslut.models import Edition
from slussen.bokslut.rubric import DIMENSIONS, Direction


def _url(name, edition):
    return settings.SITE_URL + reverse(name, args=[edition.year, edition.number])


def edition_rows():
    for edition in (
        Edition.objects.order_by("year", "number").defer("figures").iterator(chunk_size=100)
    ):
        overall = [float(a["overall"]) for a in edition.answers]
        yield {
            "year": edition.year,
            "edition": edition.number,
            "published": edition.published_at.isoformat(timespec="seconds"),
            "change_note": edition.change_note,
            "organisations": len(overall),
            "maturity_mean": round(sum(overall) / len(overall), 2) if overall else None,
            "page": _url("bokslut:edition", edition),
            "pdf": _url("bokslut:edition_pdf", edition),
            "xlsx": _url("bokslut:edition_xlsx", edition),
        }


def maturity_rows():
    for edition in sorted(latest_per_year(), key=lambda e: e.year):
        for answer in sorted(edition.answers, key=lambda a: a["organisation"]):
            yield {
                "year": edition.year,
                "edition": edition.number,
                "organisation": answer["organisation"],
                "overall": float(answer["overall"]),
                "dimensions_mean": float(answer["derived"]) if answer.get("derived") else None,
                "overall_reason": answer.get("overall_reason", ""),
                **{f"level_{d.code}": answer["dimensions"].get(d.code) for d in DIMENSIONS},
                **{f"work_{code}": answer["directions"].get(code, "") for code in Direction.values},
            }


DATASETS = [
    Dataset(
        slug="innovation-report",
        title=_("Annual innovation report: published editions"),
        description=_(
            "Every published edition of the region's annual innovation report, with its date, "
            "what changed, the region's maturity and links to the page, PDF and XLSX."
        ),
        columns=[
            ("year", _("Year")),
            ("edition", _("Edition")),
            ("published", _("Published")),
            ("change_note", _("What changed since the previous edition")),
            ("organisations", _("Organisations that reported")),
            ("maturity_mean", _("The region's innovation maturity (mean, 1–5)")),
            ("page", _("Page in Slussen")),
            ("pdf", _("PDF")),
            ("xlsx", _("XLSX")),
        ],
        rows=edition_rows,
    ),
    Dataset(
        slug="innovation-maturity",
        title=_("Annual innovation report: each organisation's maturity"),
        description=_(
            "Each organisation's answer as published in the newest edition of each year's "
            "report: its overall maturity, its level per dimension of the rubric (1–5) and its "
            "description of the year's work per strategic direction."
        ),
        columns=[
            ("year", _("Year")),
            ("edition", _("Edition")),
            ("organisation", _("Organisation")),
            ("overall", _("Overall maturity")),
            ("dimensions_mean", _("Mean of the six dimensions")),
            ("overall_reason", _("Why the overall level differs from the dimensions")),
            *((f"level_{d.code}", d.label) for d in DIMENSIONS),
            *((f"work_{code}", Direction(code).label) for code in Direction.values),
        ],
        rows=maturity_rows,
    ),
]

urlpatterns = []
