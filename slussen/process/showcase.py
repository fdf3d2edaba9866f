"""The showcase (*Infört i regionen*): innovations in maintenance or rolled out, for anyone.

One reading serves the public pages and the open data. An innovation is shown when its case is
fully public, its advisor has written the showcase's words, it is not stopped, and it is either
closed as implemented (in maintenance) or used by at least one unit. Nothing else of the case
is read: not its description, not its notes, not its people.

The open data is the region's own format, versioned: ``FORMAT``/``VERSION`` in every file and a
JSON Schema published at a stable address (``showcase_schema/v1.json``), whose ``x-csv`` part
documents the CSV's columns and the JSON field each comes from. A change that could break
a harvester makes a new major version with a schema of its own; the old one stays published.
"""

import csv
import io
import json
from pathlib import Path

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from slussen.cases.models import Secrecy
from slussen.core import spreadsheet

from .models import Adoption, Indicator, InnovationCase, Measurement, Showcase

FORMAT = "slussen-showcase"
VERSION = "1.0"
SCHEMA_FILE = Path(__file__).parent / "showcase_schema" / "v1.json"
LICENCE = {
    "name": "CC0 1.0",
    "url": "https://creativecommons.org/publicdomain/zero/1.0/",
}
USING = (Adoption.Status.STARTED, Adoption.Status.IN_USE)


def eligible(qs=None):
    """Innovation cases that may be shown: public, not stopped, in maintenance or in use."""
    qs = InnovationCase.objects.all() if qs is None else qs
    in_use = Adoption.objects.filter(innovation=OuterRef("pk"), status=Adoption.Status.IN_USE)
    return (
        qs.filter(case__secrecy=Secrecy.PUBLIC)
        .exclude(status=InnovationCase.Status.STOPPED)
        .filter(Q(status=InnovationCase.Status.IMPLEMENTED) | Exists(in_use))
    )


def entries():
    """The showcase, newest first, in a fixed number of queries however many there are."""
    innovations = eligible().values("pk")
    return (
        Showcase.objects.filter(innovation__in=innovations)
        .select_related("innovation__case__organisation")
        .prefetch_related(
            Prefetch(
                "innovation__adoptions",
                queryset=Adoption.objects.filter(status__in=USING).select_related("unit"),
                to_attr="using",
            ),
            Prefetch(
                "innovation__indicators",
                queryset=Indicator.objects.prefetch_related(
                    Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on"))
                ),
            ),
        )
        .order_by("-innovation__case__created", "-pk")
    )


def entry(pk) -> Showcase:
    """One entry by its innovation case's id; ``Showcase.DoesNotExist`` when not shown."""
    return entries().get(innovation_id=pk)


def may_show(ic) -> bool:
    return eligible().filter(pk=ic.pk).exists()


def outcomes(item: Showcase):
    """Each indicator with its latest measurement (or None)."""
    rows = []
    for indicator in item.innovation.indicators.all():
        measurements = list(indicator.measurements.all())
        rows.append((indicator, measurements[-1] if measurements else None))
    return rows


def contact(item: Showcase):
    """The innovation unit of the case's organisation: a function, never a person."""
    org = item.innovation.case.organisation
    return {"unit": org.innovation_unit or org.name, "email": org.contact_email}


def _number(value):
    return float(value) if value is not None else None


def as_record(item: Showcase, base: str) -> dict:
    ic = item.innovation
    case = ic.case
    return {
        "id": case.registry_number,
        "url": base + reverse("process:showcase_detail", args=[ic.pk]),
        "title": case.title,
        "problem": {"sv": item.problem_sv, "en": item.problem_en},
        "solution": {"sv": item.solution_sv, "en": item.solution_en},
        "organisation": case.organisation.name,
        "status": "implemented" if ic.status == InnovationCase.Status.IMPLEMENTED else "in_use",
        "units": [
            {"name": a.unit.name, "status": a.status, "since": a.adopted_on.isoformat()}
            for a in ic.using
        ],
        "outcomes": [
            {
                "indicator": indicator.name,
                "unit": indicator.unit,
                "baseline": _number(indicator.baseline),
                "target": _number(indicator.target),
                "latest": (
                    {"value": _number(latest.value), "measured_on": latest.measured_on.isoformat()}
                    if latest
                    else None
                ),
            }
            for indicator, latest in outcomes(item)
        ],
        "contact": contact(item),
        "updated": item.updated.isoformat(timespec="seconds"),
    }


def document(base: str) -> dict:
    """The whole showcase as one open-data document (``base``: scheme and host)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema": base + reverse("process:showcase_schema"),
        "publisher": settings.REGION_NAME,
        "licence": LICENCE,
        "generated": timezone.now().isoformat(timespec="seconds"),
        "innovations": [as_record(item, base) for item in entries()],
    }


CSV_COLUMNS = [
    "id",
    "url",
    "title",
    "problem_sv",
    "problem_en",
    "solution_sv",
    "solution_en",
    "organisation",
    "status",
    "units",
    "outcomes",
    "contact_unit",
    "contact_email",
    "updated",
]


def _outcome_text(row):
    latest = row["latest"]
    text = f"{row['indicator']}: {row['baseline']:g} → {row['target']:g} {row['unit']}".strip()
    if latest:
        text += f" ({latest['value']:g} {latest['measured_on']})"
    return text


def csv_text(base: str) -> str:
    """The same records flattened, one line per innovation, formula-safe."""
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for item in entries():
        r = as_record(item, base)
        writer.writerow(
            [
                r["id"],
                r["url"],
                r["title"],
                r["problem"]["sv"],
                r["problem"]["en"],
                r["solution"]["sv"],
                r["solution"]["en"],
                r["organisation"],
                r["status"],
                "; ".join(u["name"] for u in r["units"]),
                "; ".join(_outcome_text(o) for o in r["outcomes"]),
                r["contact"]["unit"],
                r["contact"]["email"],
                r["updated"],
            ]
        )
    return "\ufeff" + out.getvalue()


def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
