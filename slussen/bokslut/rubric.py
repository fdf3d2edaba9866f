"""The survey's fixed content: the strategy's four directions (part 1) and the maturity rubric
(part 2), a support tool that describes each level 1–5 as a stepwise increasing
professionalisation of the innovation work. Codes are stable; texts translate."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    INTEGRATED = "integrated", _("Integrated innovation")
    INTERNAL = "internal", _("Internal development work")
    TESTBEDS = "testbeds", _("Test environments")
    PROCUREMENT = "procurement", _("Innovation and procurement")


DIRECTION_HELP = {
    Direction.INTEGRATED: _(
        "How innovation has been part of ordinary management: strategy and action plans, the "
        "innovation unit, networks, leadership."
    ),
    Direction.INTERNAL: _(
        "Employees' development work: ideas and needs, the innovation fund, training, "
        "intellectual property."
    ),
    Direction.TESTBEDS: _(
        "Test and demonstration environments that were used, built or offered, also to external "
        "actors."
    ),
    Direction.PROCUREMENT: _(
        "Innovation-friendly procurement, early supplier dialogue, innovation partnerships."
    ),
}

LEVELS = {
    1: (
        _("Ad hoc"),
        _(
            "Innovation happens ad hoc, driven by a few enthusiastic individuals, without mandate, "
            "process or follow-up."
        ),
    ),
    2: (
        _("Initiated"),
        _(
            "Innovation work has begun to be organised; some support exists, but it depends on "
            "individuals and is not anchored in management."
        ),
    ),
    3: (
        _("Defined"),
        _(
            "A defined process, designated roles and resources; management supports the work, but "
            "it does not yet reach the whole organisation."
        ),
    ),
    4: (
        _("Managed"),
        _(
            "Innovation is run systematically across the organisation with goals, a portfolio and "
            "follow-up; results are implemented and spread."
        ),
    ),
    5: (
        _("Integrated"),
        _(
            "Systematic innovation is integrated in ordinary management and planning, and is "
            "continuously evaluated and improved."
        ),
    ),
}


@dataclass(frozen=True)
class Dimension:
    code: str
    label: str
    levels: tuple  # five descriptions, level 1 to 5

    @property
    def field(self):
        return f"score_{self.code}"


DIMENSIONS = [
    Dimension(
        "strategy",
        _("Strategy and leadership"),
        (
            _("No local innovation goals; management does not discuss innovation."),
            _("Innovation is mentioned in plans; individual managers support it."),
            _(
                "A local innovation strategy or action plan linked to the regional strategy; "
                "management has given a mandate."
            ),
            _("Innovation goals are part of the operational plan and followed up by management."),
            _("Innovation is a natural part of management's governance, decisions and budget."),
        ),
    ),
    Dimension(
        "organisation",
        _("Organisation and resources"),
        (
            _("No designated function or budget; the work is done on top of ordinary duties."),
            _("A contact person or a small network, with temporary funding."),
            _("An innovation unit or function with designated staff and a budget."),
            _(
                "Stable resources, ambassadors or advisors in the units, and time set aside for "
                "innovation work."
            ),
            _("Resources for innovation are planned in the ordinary budget process."),
        ),
    ),
    Dimension(
        "process",
        _("Process and methods"),
        (
            _("No common way of handling ideas and needs."),
            _("Ideas are collected, but handling and feedback vary."),
            _("A documented process from need to implementation is used for most cases."),
            _(
                "The process is used throughout, with decision points, methods such as service "
                "design and a portfolio view."
            ),
            _(
                "The process is continuously improved; implementation, spread and maintenance are "
                "planned from the start."
            ),
        ),
    ),
    Dimension(
        "collaboration",
        _("Collaboration"),
        (
            _("Collaboration depends on personal contacts."),
            _("Occasional projects with other units, academia or companies."),
            _("Established collaboration within the region and with external partners."),
            _(
                "Regional, national and EU collaboration is planned and followed up; test "
                "environments are shared."
            ),
            _("Collaboration is a strategic part of how the organisation develops."),
        ),
    ),
    Dimension(
        "culture",
        _("Culture and competence"),
        (
            _("Few know how to take an idea further; new ideas meet resistance."),
            _("Training and inspiration are offered now and then."),
            _("Employees and managers are trained in innovation methods; ideas are welcomed."),
            _(
                "Innovation competence throughout the organisation; employees' ideas are sought "
                "and acted on."
            ),
            _("A learning culture in which everyone is expected to contribute to development."),
        ),
    ),
    Dimension(
        "followup",
        _("Follow-up and learning"),
        (
            _("The results of innovation work are not followed up."),
            _("Individual projects are evaluated, but results are not compiled."),
            _("Cases and projects are followed up with indicators and reported to management."),
            _("Benefit and implementation are measured systematically and guide priorities."),
            _("Follow-up drives continuous improvement of the whole innovation work."),
        ),
    ),
]
SCORE_FIELDS = [d.field for d in DIMENSIONS]

# The rubric's rule for the overall level: the mean of the six dimensions' levels, to one
# decimal. An organisation may judge otherwise, but an overall level more than half a level from
# that mean needs a reason, and the report shows it beside the score.
OVERALL_TOLERANCE = Decimal("0.5")


def derived_overall(levels) -> Decimal | None:
    """The overall level the six dimensions give, or None while any is missing."""
    levels = list(levels)
    if len(levels) != len(DIMENSIONS) or any(v is None for v in levels):
        return None
    return (Decimal(sum(levels)) / len(levels)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def overall_needs_reason(overall, levels) -> Decimal | None:
    """The derived level when ``overall`` lies too far from it (a reason is then required)."""
    derived = derived_overall(levels)
    if overall is None or derived is None or abs(Decimal(overall) - derived) <= OVERALL_TOLERANCE:
        return None
    return derived
