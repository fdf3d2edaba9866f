"""The annual innovation report for a year, generated from live data.

The report is an ordered list of sections, each built by a small function from a
``Context``. The sections drawn from the other parts of Slussen (the fund, the process,
the test environments, the strategic projects) are built in ``sections.py`` from those apps'
reads; the web page, the PDF and the XLSX all render the same list, so a section appears in
all three.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from slussen.cases.models import Case, Kind

from . import blocks, charts, sections, selectors
from .blocks import Chart, Section, Table
from .models import ReportText, ResponseCase
from .rubric import DIMENSIONS, LEVELS, Direction, derived_overall

# The narrative sections the coordinator writes, in report order.
NARRATIVE = {
    "summary": pgettext_lazy("report section", "Summary"),
    Direction.INTEGRATED.value: Direction.INTEGRATED.label,
    Direction.INTERNAL.value: Direction.INTERNAL.label,
    Direction.TESTBEDS.value: Direction.TESTBEDS.label,
    Direction.PROCUREMENT.value: Direction.PROCUREMENT.label,
    "collab_regional": gettext_lazy("Regional collaboration"),
    "collab_national": gettext_lazy("National collaboration"),
    "collab_eu": gettext_lazy("International collaboration and EU projects"),
    "implementation": gettext_lazy("Implementation of innovations"),
}


@dataclass
class Context:
    year: int
    compilation: selectors.Compilation
    texts: dict

    @property
    def maturity(self):
        return self.compilation.year(self.year)

    def text(self, key):
        return self.texts.get(key, "")


@dataclass
class Report:
    year: int
    sections: list

    @property
    def tables(self):
        for section in self.sections:
            yield from section.tables


def delta(value):
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return sign + number_format(abs(value), 1)


# --- Sections ---------------------------------------------------------------------------------


def summary(ctx):
    m = ctx.maturity
    rows = []
    if m:
        rows = [
            [_("Organisations that reported"), m.n],
            [_("The region's innovation maturity (mean, 1–5)"), m.mean],
        ]
        earlier = [y for y in ctx.compilation.per_year if y.year < ctx.year]
        if earlier:
            prev = earlier[-1]
            rows.append(
                [_("Maturity %(year)s") % {"year": prev.year}, prev.mean],
            )
    paragraphs = []
    if m:
        paragraphs.append(
            _(
                "In %(year)s, %(n)s committees and companies reported their innovation work and "
                "assessed their innovation maturity. The region's maturity was %(mean)s."
            )
            % {"year": ctx.year, "n": m.n, "mean": number_format(m.mean, 2)}
        )
    else:
        paragraphs.append(
            _("No organisation has submitted a response for %(year)s yet.") % {"year": ctx.year}
        )
    return Section(
        "summary",
        str(NARRATIVE["summary"]),
        paragraphs=paragraphs,
        narrative=ctx.text("summary"),
        blocks=[
            Table(
                _("Key figures %(year)s") % {"year": ctx.year},
                [_("Figure"), _("Value")],
                rows,
                {1: 2},
            )
        ]
        if rows
        else [],
    )


def maturity(ctx):
    years = ctx.compilation.per_year
    section = Section(
        "maturity",
        _("Innovation maturity"),
        paragraphs=[
            _(
                "Each committee and company assesses its innovation work on a scale from 1 to 5 "
                "against a stepwise increasing professionalisation, with a support rubric. The "
                "region's maturity is the mean of the organisations that reported. The most "
                "important use is for each organisation to compare itself with earlier years."
            )
        ],
    )
    if not years:
        section.paragraphs.append(_("There are no submitted assessments yet."))
        return section
    trend = Table(
        _("The region's innovation maturity per year"),
        [
            _("Year"),
            _("Maturity (mean)"),
            _("Organisations"),
            _("Median"),
            _("Lowest"),
            _("Highest"),
            _("Spread (standard deviation)"),
        ],
        [[str(y.year), y.mean, y.n, y.median, y.lowest, y.highest, y.spread] for y in years],
        {1: 2, 3: 2, 4: 1, 5: 1, 6: 2},
    )
    section.blocks.append(
        Chart(
            charts.line_chart(
                trend.caption,
                _("Line chart of the mean maturity on the scale 1–5 for %(years)s.")
                % {"years": ", ".join(str(y.year) for y in years)},
                [(y.year, y.mean) for y in years],
            ),
            trend,
        )
    )
    m = ctx.maturity
    if m:
        dist = Table(
            _("Distribution of the organisations' maturity %(year)s") % {"year": ctx.year},
            [_("Level"), _("Organisations")],
            [[f"{level} {LEVELS[level][0]}", n] for level, n in m.distribution.items()],
        )
        section.blocks.append(
            Chart(
                charts.bar_chart(
                    dist.caption,
                    _("Bar chart of how many organisations assessed themselves at each level."),
                    dist.rows,
                ),
                dist,
            )
        )
        section.blocks.append(
            Table(
                _("Organisations per level and year"),
                [_("Level"), *(str(y.year) for y in years)],
                [
                    [f"{level} {LEVELS[level][0]}", *(y.distribution[level] for y in years)]
                    for level in LEVELS
                ],
            )
        )
        section.blocks.append(
            Table(
                _("Mean per dimension"),
                [_("Dimension"), *(str(y.year) for y in years)],
                [
                    [str(d.label), *(y.dimension_means.get(d.code) for y in years)]
                    for d in DIMENSIONS
                ],
                {i + 1: 2 for i in range(len(years))},
            )
        )
        spread = [(d, m.dimension_spread(d.code)) for d in DIMENSIONS]
        section.blocks.append(
            Table(
                _("Spread per dimension %(year)s") % {"year": ctx.year},
                [
                    _("Dimension"),
                    _("Mean"),
                    _("Lowest"),
                    _("Highest"),
                    _("Spread (standard deviation)"),
                ],
                [
                    [str(d.label), s["mean"], s["lowest"], s["highest"], s["spread"]]
                    for d, s in spread
                    if s is not None
                ],
                {1: 2, 4: 2},
            )
        )
    return section


def trends(ctx):
    all_trends = ctx.compilation.trends()
    years = ctx.compilation.years
    section = Section(
        "trends",
        _("Each organisation's development"),
        paragraphs=[
            _(
                "Each organisation's own assessment year by year, and the change from its previous "
                "report."
            )
        ],
    )
    if not all_trends:
        return section
    shown = years[-4:]
    table = Table(
        _("Maturity per organisation and year"),
        [
            pgettext("bokslut", "Organisation"),
            *(str(y) for y in years),
            _("Change %(year)s") % {"year": ctx.year},
        ],
        [
            [t.organisation.name, *(t.score(y) for y in years), delta(t.change(ctx.year))]
            for t in all_trends
        ],
        {i + 1: 1 for i in range(len(years))},
        right={len(years) + 1},
    )
    section.blocks.append(
        Chart(
            charts.dot_chart(
                table.caption,
                _("Dot chart: one row per organisation, one marker per year on the scale 1–5."),
                [(t.organisation.display_name, t.scores) for t in all_trends],
                shown,
            ),
            table,
        )
    )
    return section


def changes(ctx):
    c = ctx.compilation.changes(ctx.year)
    section = Section("changes", _("What changed"))
    if not c["rows"]:
        return None
    if c["previous_year"]:
        section.paragraphs.append(
            _(
                "Compared with %(prev)s, %(rose)s organisations assessed a higher maturity and "
                "%(fell)s a lower one; %(new)s reported for the first time or after a break."
            )
            % {
                "prev": c["previous_year"],
                "rose": len(c["rose"]),
                "fell": len(c["fell"]),
                "new": len(c["new"]),
            }
        )
    if c["stopped"]:
        section.paragraphs.append(
            _("Did not report this year: %(names)s.")
            % {"names": ", ".join(o.name for o in c["stopped"])}
        )
    section.blocks.append(
        Table(
            _("Change per organisation and its comment"),
            [
                pgettext("bokslut", "Organisation"),
                str(c["previous_year"] or "–"),
                str(ctx.year),
                pgettext("difference", "Change"),
                _("Comment"),
            ],
            [
                [
                    row["response"].organisation.name,
                    row["before"],
                    row["response"].overall,
                    delta(row["delta"]),
                    row["response"].comment,
                ]
                for row in c["rows"]
            ],
            {1: 1, 2: 1},
            right={3},
        )
    )
    apart = []
    for row in c["rows"]:
        r = row["response"]
        derived = derived_overall(getattr(r, d.field) for d in DIMENSIONS)
        if r.overall_reason and derived is not None:
            apart.append([r.organisation.name, r.overall, derived, r.overall_reason])
    if apart:
        section.blocks.append(
            Table(
                _("Overall levels set apart from the mean of the dimensions, with the reason"),
                [
                    pgettext("bokslut", "Organisation"),
                    _("Overall maturity"),
                    _("Mean of the six dimensions"),
                    _("Reason"),
                ],
                apart,
                {1: 1, 2: 1},
            )
        )
    return section


def direction(code):
    def build(ctx):
        examples = (
            ResponseCase.objects.filter(
                response__round__year=ctx.year,
                response__state__code="submitted",
                direction=code,
                case__secrecy="public",
            )
            .select_related("case", "response__organisation")
            .order_by("response__organisation__name", "case__registry_number")
        )
        described = sum(
            1 for r in ctx.compilation.responses if r.round.year == ctx.year and r.text_for(code)
        )
        section = Section(
            code,
            _("Strategic direction: %(name)s") % {"name": Direction(code).label},
            narrative=ctx.text(code),
            items=[
                f"{e.case.registry_number} {e.case.title} ({e.response.organisation.display_name})"
                for e in examples
            ],
            items_title=_("Examples registered in Slussen"),
        )
        section.paragraphs.append(
            _("%(n)s of the organisations that reported described work in this direction.")
            % {"n": described}
        )
        return section

    build.__name__ = f"direction_{code}"
    return build


def collaboration(ctx):
    subs = [
        Section(key, str(NARRATIVE[key]), narrative=ctx.text(key))
        for key in ("collab_regional", "collab_national", "collab_eu")
        if ctx.text(key)
    ]
    return Section("collaboration", _("Collaboration"), subsections=subs)


def implementation(ctx):
    return Section(
        "implementation", str(NARRATIVE["implementation"]), narrative=ctx.text("implementation")
    )


def register_figures(ctx):
    section = Section("register", _("The register in Slussen"))
    counts = (
        Case.objects.filter(registry_year=ctx.year)
        .values("kind")
        .annotate(n=Count("id"), accepted=Count("id", filter=Q(state__code="accepted")))
    )
    by_kind = {row["kind"]: row for row in counts}
    if not by_kind:
        section.paragraphs.append(
            _("No cases were registered in Slussen in %(year)s.") % {"year": ctx.year}
        )
        return section
    section.paragraphs.append(
        _("%(n)s cases were registered in %(year)s.")
        % {"n": sum(row["n"] for row in by_kind.values()), "year": ctx.year}
    )
    kinds = Table(
        _("Cases registered %(year)s per kind") % {"year": ctx.year},
        [_("Kind"), pgettext("count", "Registered"), _("Accepted as innovation cases")],
        [
            [str(label), by_kind[value]["n"], by_kind[value]["accepted"]]
            for value, label in Kind.choices
            if value in by_kind
        ],
    )
    section.blocks.append(
        Chart(
            charts.bar_chart(
                kinds.caption,
                _("Bar chart of the number of registered cases per kind."),
                [(row[0], row[1]) for row in kinds.rows],
            ),
            kinds,
        )
    )
    per_org = (
        Case.objects.filter(registry_year=ctx.year)
        .values_list("organisation__name")
        .annotate(n=Count("id"))
        .order_by("-n", "organisation__name")
    )
    section.blocks.append(
        Table(
            _("Cases registered %(year)s per organisation") % {"year": ctx.year},
            [pgettext("bokslut", "Organisation"), pgettext("count", "Registered")],
            [list(row) for row in per_org],
        )
    )
    return section


SECTIONS: list[Callable[[Context], Section | None]] = [
    summary,
    maturity,
    trends,
    changes,
    sections.fund,
    *(direction(code) for code in Direction.values),
    sections.testbeds,
    sections.strategic,
    collaboration,
    sections.portfolio,
    implementation,
    register_figures,
]


# The coordinator's compilation page shows these, with the year's changes.
COMPILATION = [maturity, trends, changes]


def build(year: int, builders=None) -> Report:
    """Build the report; call inside the language it is to be read in."""
    blocks.fresh_ids()
    ctx = Context(
        year=year,
        compilation=selectors.compilation(until_year=year),
        texts=dict(ReportText.objects.filter(year=year).values_list("section", "body")),
    )
    sections = [s for s in (builder(ctx) for builder in builders or SECTIONS) if s is not None]
    return Report(year, sections)
