"""Reads shared by the pages, the report and the exports: the compilation of the maturity."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from statistics import median, pstdev

from django.db.models import Count, Q

from slussen.cases.selectors import visible_cases

from .models import Response, SurveyRound
from .rubric import DIMENSIONS, Direction, derived_overall

TWO = Decimal("0.01")


def mean(values) -> Decimal | None:
    values = [Decimal(v) for v in values if v is not None]
    if not values:
        return None
    return (sum(values) / len(values)).quantize(TWO, rounding=ROUND_HALF_UP)


def level_of(score: Decimal) -> int:
    """The rubric level a score falls in: 3.0–3.9 is level 3; 5.0 is level 5."""
    return min(int(score), 5)


@dataclass
class YearMaturity:
    year: int
    scores: list  # the organisations' overall scores
    dimension_means: dict = field(default_factory=dict)
    dimension_levels: dict = field(default_factory=dict)  # dimension code -> the levels given

    @property
    def spread(self):
        """The standard deviation of the organisations' scores (0 when only one reported)."""
        return Decimal(pstdev(self.scores)).quantize(TWO, rounding=ROUND_HALF_UP)

    def dimension_spread(self, code):
        levels = [v for v in self.dimension_levels.get(code, []) if v is not None]
        if not levels:
            return None
        return {
            "mean": mean(levels),
            "lowest": min(levels),
            "highest": max(levels),
            "spread": Decimal(pstdev(levels)).quantize(TWO, rounding=ROUND_HALF_UP),
        }

    @property
    def n(self):
        return len(self.scores)

    @property
    def mean(self):
        return mean(self.scores)

    @property
    def median(self):
        return Decimal(median(self.scores)).quantize(TWO)

    @property
    def lowest(self):
        return min(self.scores)

    @property
    def highest(self):
        return max(self.scores)

    @property
    def distribution(self) -> dict[int, int]:
        counts = {level: 0 for level in range(1, 6)}
        for score in self.scores:
            counts[level_of(score)] += 1
        return counts


@dataclass
class OrgTrend:
    organisation: object
    scores: dict  # year -> overall score

    def score(self, year):
        return self.scores.get(year)

    def change(self, year):
        """Change from the organisation's previous report before ``year``."""
        earlier = [y for y in self.scores if y < year]
        if year not in self.scores or not earlier:
            return None
        return self.scores[year] - self.scores[max(earlier)]


def submitted(until_year=None, organisation=None):
    qs = Response.objects.filter(state__code="submitted", overall__isnull=False).select_related(
        "organisation", "round"
    )
    if until_year is not None:
        qs = qs.filter(round__year__lte=until_year)
    if organisation is not None:
        qs = qs.filter(organisation=organisation)
    return qs.order_by("round__year", "organisation__name")


@dataclass
class Compilation:
    responses: list

    @property
    def years(self) -> list[int]:
        return sorted({r.round.year for r in self.responses})

    @cached_property
    def per_year(self) -> list[YearMaturity]:
        grouped = defaultdict(list)
        for r in self.responses:
            grouped[r.round.year].append(r)
        result = []
        for year in sorted(grouped):
            rs = grouped[year]
            levels = {d.code: [getattr(r, d.field) for r in rs] for d in DIMENSIONS}
            dims = {code: mean(values) for code, values in levels.items()}
            result.append(YearMaturity(year, [r.overall for r in rs], dims, levels))
        return result

    def year(self, year) -> YearMaturity | None:
        return next((m for m in self.per_year if m.year == year), None)

    def trends(self) -> list[OrgTrend]:
        orgs, scores = {}, defaultdict(dict)
        for r in self.responses:
            orgs[r.organisation_id] = r.organisation
            scores[r.organisation_id][r.round.year] = r.overall
        return sorted(
            (OrgTrend(orgs[pk], scores[pk]) for pk in orgs), key=lambda t: t.organisation.name
        )

    def changes(self, year) -> dict:
        """What changed in ``year``: who rose, fell, stayed, began or stopped reporting."""
        this = {r.organisation_id: r for r in self.responses if r.round.year == year}
        earlier = [y for y in self.years if y < year]
        before_year = max(earlier) if earlier else None
        before = {r.organisation_id: r for r in self.responses if r.round.year == before_year}
        rows = []
        for pk, r in this.items():
            prev = before.get(pk)
            delta = r.overall - prev.overall if prev else None
            rows.append({"response": r, "before": prev.overall if prev else None, "delta": delta})
        rows.sort(key=lambda row: (row["delta"] is None, -(row["delta"] or 0)))
        return {
            "year": year,
            "previous_year": before_year,
            "rows": rows,
            "rose": [row for row in rows if row["delta"] is not None and row["delta"] > 0],
            "fell": [row for row in rows if row["delta"] is not None and row["delta"] < 0],
            "new": [row["response"].organisation for row in rows if row["delta"] is None],
            "stopped": sorted(
                (r.organisation for pk, r in before.items() if pk not in this), key=str
            ),
        }


def compilation(until_year=None) -> Compilation:
    return Compilation(list(submitted(until_year)))


def rounds():
    return SurveyRound.objects.annotate(
        total=Count("responses"),
        done=Count("responses", filter=Q(responses__state__code="submitted")),
    ).order_by("-year")


def completion(survey):
    """The completion overview: every response of the round with its status."""
    return survey.responses.select_related("organisation", "state", "submitted_by", "saved_by")


def reporting_without_response(survey):
    """Reporting organisations the round has not been sent to yet (they began reporting later)."""
    from slussen.accounts.models import Organisation

    return Organisation.objects.filter(reports_to_bokslut=True).exclude(
        bokslut_responses__round=survey
    )


def own_responses(user):
    from slussen.accounts.roles import Role

    return (
        Response.objects.filter(organisation_id__in=user.orgs_with_role(Role.INNOVATION_HEAD))
        .select_related("round", "organisation", "state")
        .order_by("-round__year", "organisation__name")
    )


def candidate_cases(user, organisation, keep=()):
    """The organisation's cases (with its units') that the person may cite as examples, and
    those already cited (``keep``) even if they have been closed since."""
    return (
        visible_cases(user)
        .filter(organisation__path__startswith=organisation.path)
        .filter(~Q(state__code__in=["referred", "closed", "merged"]) | Q(pk__in=list(keep)))
        .select_related("organisation")
        .order_by("-registry_year", "-registry_seq")
    )


@dataclass
class OrgYear:
    """One organisation's answer for one year, as published (or, for its own head and the
    coordinators, as submitted before publication)."""

    year: int
    published: bool
    overall: Decimal | None
    derived: Decimal | None
    overall_reason: str
    dimensions: dict  # dimension code -> level
    directions: dict  # direction code -> the description of the year's work
    comment: str
    edition: object = None

    @property
    def dimension_rows(self):
        return [(d, self.dimensions.get(d.code)) for d in DIMENSIONS]


def _dec(value):
    return Decimal(value) if value not in (None, "") else None


def organisation_years(organisation, *, unpublished=False) -> list[OrgYear]:
    """The organisation's maturity and descriptions year by year, oldest first: each published
    year from its newest edition; with ``unpublished`` also submitted answers of years not yet
    published."""
    from .editions import latest_per_year

    result = {}
    for edition in latest_per_year():
        answer = edition.answers_of(organisation.pk)
        if answer is not None:
            result[edition.year] = OrgYear(
                year=edition.year,
                published=True,
                overall=_dec(answer["overall"]),
                derived=_dec(answer.get("derived")),
                overall_reason=answer.get("overall_reason", ""),
                dimensions=answer["dimensions"],
                directions=answer["directions"],
                comment=answer.get("comment", ""),
                edition=edition,
            )
    if unpublished:
        published_years = {e.year for e in latest_per_year()}
        for r in submitted(organisation=organisation).exclude(round__year__in=published_years):
            levels = [getattr(r, d.field) for d in DIMENSIONS]
            result[r.round.year] = OrgYear(
                year=r.round.year,
                published=False,
                overall=r.overall,
                derived=derived_overall(levels),
                overall_reason=r.overall_reason,
                dimensions={d.code: getattr(r, d.field) for d in DIMENSIONS},
                directions={code: r.text_for(code) for code in Direction.values},
                comment=r.comment,
            )
    return [result[y] for y in sorted(result)]


def reporting():
    """The organisations with an answer in a published edition (their pages are public)."""
    from slussen.accounts.models import Organisation

    from .editions import latest_per_year

    ids = {a["organisation_id"] for e in latest_per_year() for a in e.answers}
    return Organisation.objects.filter(pk__in=ids).order_by("name")
