"""The report's sections drawn from the other parts of Slussen: the innovation fund, the
portfolio of the innovation process, the test environments used and the strategic projects with
their external funding.

The fund's figures and the strategic projects come from those apps' selectors. The process and
the test environments have no reads scoped to a calendar year (their pages show the state of
today), so the year's figures are read here, from their models, in a fixed number of queries.
"""

import statistics
from collections import Counter, defaultdict
from datetime import date

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from slussen.cases.models import Secrecy
from slussen.fund import selectors as fund_selectors
from slussen.fund.models import Application, Gender
from slussen.fund.templatetags.fund import sek
from slussen.process import selectors as process_selectors
from slussen.process.models import Adoption, GenericPhase, InnovationCase, PhaseRun
from slussen.strategic import selectors as strategic_selectors
from slussen.testbeds.models import Record, Testbed

from . import charts
from .blocks import Chart, Section, Table
from .models import FundHistory

# --- The innovation fund ----------------------------------------------------------------------


def _since_start(year):
    """The fund's figures in Slussen from its first application up to and including ``year``
    (a report of 2024 counts nothing submitted in 2025)."""
    submitted = Application.objects.filter(submitted_at__isnull=False, submitted_at__year__lte=year)
    figures = submitted.aggregate(
        applications=Count("id"),
        granted=Count("id", filter=fund_selectors.GRANTED),
        amount=Sum("granted_amount"),
        first=Min("submitted_at"),
    )
    first = figures.pop("first")
    return {
        **figures,
        "amount": figures["amount"] or 0,
        "first_year": timezone.localtime(first).year if first else None,
    }


def fund(ctx):
    s = fund_selectors.statistics(ctx.year)
    section = Section("fund", _("The innovation fund"))
    if not s["applications"]:
        section.paragraphs.append(
            _("The innovation fund received no applications in %(year)s.") % {"year": ctx.year}
        )
        return section
    section.paragraphs.append(
        ngettext(
            "In %(year)s the innovation fund received %(applications)s application, of which "
            "%(granted)s (%(share)s %%) were granted, in all %(amount)s. The main applicants were "
            "%(women)s women and %(men)s men; %(outside)s %% of the applications came from "
            "outside health care.",
            "In %(year)s the innovation fund received %(applications)s applications, of which "
            "%(granted)s (%(share)s %%) were granted, in all %(amount)s. The main applicants were "
            "%(women)s women and %(men)s men; %(outside)s %% of the applications came from "
            "outside health care.",
            s["applications"],
        )
        % {
            "year": ctx.year,
            "applications": s["applications"],
            "granted": s["granted"],
            "share": s["granted_share"],
            "amount": sek(s["amount"]),
            "women": s["women"],
            "men": s["men"],
            "outside": s["outside_health_care_share"],
        }
    )
    since = _since_start(ctx.year)
    # The figures from before Slussen, imported as records with their source.
    history = list(
        FundHistory.objects.filter(
            last_year__lt=min(since["first_year"] or ctx.year, ctx.year)
        ).order_by("first_year")
    )
    if history:
        known = all(h.amount is not None for h in history)
        figures = {
            "first": history[0].first_year,
            "applications": number_format(
                since["applications"] + sum(h.applications for h in history), force_grouping=True
            ),
            "granted": number_format(
                since["granted"] + sum(h.granted for h in history), force_grouping=True
            ),
            "amount": sek(since["amount"] + sum(h.amount or 0 for h in history)),
        }
        section.paragraphs.append(
            (
                _(
                    "Since %(first)s the fund has received %(applications)s applications and "
                    "granted %(granted)s of them, in all %(amount)s."
                )
                if known
                else _(
                    "Since %(first)s the fund has received %(applications)s applications and "
                    "granted %(granted)s of them."
                )
            )
            % figures
        )
        section.paragraphs.append(
            _("Figures before %(year)s: %(sources)s.")
            % {
                "year": since["first_year"] or ctx.year,
                "sources": "; ".join(
                    f"{h.first_year}–{h.last_year}: {h.source}"
                    if h.first_year != h.last_year
                    else f"{h.first_year}: {h.source}"
                    for h in history
                ),
            }
        )
    elif since["first_year"] and since["first_year"] < ctx.year:
        section.paragraphs.append(
            _(
                "Since %(first)s the fund has received %(applications)s applications and granted "
                "%(granted)s of them, in all %(amount)s."
            )
            % {
                "first": since["first_year"],
                "applications": since["applications"],
                "granted": since["granted"],
                "amount": sek(since["amount"]),
            }
        )
    section.blocks.append(
        Table(
            _("The innovation fund %(year)s in figures") % {"year": ctx.year},
            [_("Figure"), _("Value")],
            [
                [_("Applications"), s["applications"]],
                [_("Granted"), s["granted"]],
                [_("Granted (% of the applications)"), s["granted_share"]],
                [_("Granted amount (SEK)"), int(s["amount"])],
                [_("Applications from outside health care"), s["outside_health_care"]],
                [_("From outside health care (%)"), s["outside_health_care_share"]],
            ],
            {1: 0},
        )
    )
    genders = [
        (Gender.WOMAN.label, s["women"]),
        (Gender.MAN.label, s["men"]),
        (Gender.OTHER.label, s["other"]),
        (_("Not stated"), s["not_stated"]),
    ]
    gender = Table(
        _("Main applicants by gender %(year)s") % {"year": ctx.year},
        [_("Gender"), _("Applications"), _("Share (%)")],
        [
            [str(label), n, round(100 * n / s["applications"])]
            for i, (label, n) in enumerate(genders)
            if n or i < 2
        ],
    )
    section.blocks.append(
        Chart(
            charts.bar_chart(
                gender.caption,
                _("Bar chart of the number of applications per gender of the main applicant."),
                [(row[0], row[1]) for row in gender.rows],
            ),
            gender,
        )
    )
    columns = [_("Applications"), _("Granted"), _("Granted amount (SEK)")]
    kinds = Table(
        _("Applications per kind %(year)s") % {"year": ctx.year},
        [_("Kind"), *columns],
        [[str(r["kind"]), r["applications"], r["granted"], int(r["amount"])] for r in s["by_kind"]],
        {3: 0},
    )
    section.blocks.append(
        Chart(
            charts.bar_chart(
                kinds.caption,
                _("Bar chart of the number of applications per kind of application."),
                [(row[0], row[1]) for row in kinds.rows],
            ),
            kinds,
        )
    )
    orgs = Table(
        _("Applications per organisation %(year)s") % {"year": ctx.year},
        [pgettext("bokslut", "Organisation"), *columns],
        [
            [r["organisation__name"], r["applications"], r["granted"], int(r["amount"])]
            for r in s["by_organisation"]
        ],
        {3: 0},
    )
    section.blocks.append(
        Chart(
            charts.bar_chart(
                orgs.caption,
                _("Bar chart of the number of applications per organisation."),
                [(row[0], row[1]) for row in orgs.rows],
            ),
            orgs,
        )
    )
    section.blocks.append(
        Table(
            _("The calls of %(year)s") % {"year": ctx.year},
            [_("Call"), _("Budget (SEK)"), *columns],
            [
                [
                    r["call__title"],
                    int(r["call__budget"]),
                    r["applications"],
                    r["granted"],
                    int(r["amount"]),
                ]
                for r in s["by_call"]
            ],
            {1: 0, 4: 0},
        )
    )
    return section


# --- The portfolio of the innovation process --------------------------------------------------


def as_of(year):
    """The day the year's state is read at: its last day, or today for the current year."""
    return min(date(year, 12, 31), timezone.localdate())


def _case_label(registry_number, title, secrecy):
    if secrecy == Secrecy.PUBLIC:
        return f"{registry_number} {title}"
    return f"{registry_number} " + _("(not public)")


def portfolio(ctx):
    day = as_of(ctx.year)
    section = Section(
        "portfolio",
        _("The innovation portfolio"),
        paragraphs=[
            _(
                "The innovation cases in the innovation process, as they stood on %(date)s: the "
                "phase they worked in, the cases implemented during the year and the innovations "
                "that other units took into use (roll-out)."
            )
            % {"date": day.isoformat()}
        ],
    )
    runs = list(
        PhaseRun.objects.filter(started__lte=day).values_list(
            "innovation_id",
            "phase__generic",
            "phase__order",
            "started",
            "ended",
            "innovation__status",
            "innovation__closed_on",
        )
    )
    if not runs:
        section.paragraphs = [
            _("No innovation case was in the innovation process in %(year)s.") % {"year": ctx.year}
        ]
        return section
    order = {code: i for i, code in enumerate(GenericPhase.values)}
    first_start, leading, closed = {}, {}, {}
    for ic, generic, phase_order, started, ended, status, closed_on in runs:
        first_start[ic] = min(started, first_start.get(ic, started))
        if closed_on and closed_on <= day:
            closed[ic] = (status, closed_on)
        if ended is None or ended > day:  # the period was open on the day
            rank = (order[generic], phase_order)
            if ic not in leading or rank > leading[ic][0]:
                leading[ic] = (rank, generic)
    active = [ic for ic in first_start if ic not in closed]
    per_phase = Counter(leading[ic][1] for ic in active if ic in leading)

    def closed_in_year(status):
        return sum(1 for s, on in closed.values() if s == status and on.year == ctx.year)

    adoptions = list(
        Adoption.objects.filter(status=Adoption.Status.IN_USE, adopted_on__lte=day)
        .order_by("adopted_on", "id")
        .values_list(
            "innovation_id",
            "adopted_on",
            "innovation__case__registry_number",
            "innovation__case__title",
            "innovation__case__secrecy",
        )
    )
    units = defaultdict(int)
    first_use = {}
    for ic, adopted_on, *case in adoptions:
        units[ic] += 1
        first_use.setdefault(ic, (adopted_on, case))
    units_this_year = sum(1 for a in adoptions if a[1].year == ctx.year)
    rolled_out = {ic: v for ic, v in first_use.items() if v[0].year == ctx.year}
    days = {ic: (on - first_start[ic]).days for ic, (on, _c) in rolled_out.items()}
    median = round(statistics.median(days.values())) if days else None

    figures = Table(
        _("The innovation portfolio %(year)s in figures") % {"year": ctx.year},
        [_("Figure"), _("Value")],
        [
            [_("Innovation cases in the process on %(date)s") % {"date": day}, len(active)],
            [
                _("Started in %(year)s") % {"year": ctx.year},
                sum(1 for d in first_start.values() if d.year == ctx.year),
            ],
            [
                _("Implemented in %(year)s") % {"year": ctx.year},
                closed_in_year(InnovationCase.Status.IMPLEMENTED),
            ],
            [
                _("Stopped in %(year)s") % {"year": ctx.year},
                closed_in_year(InnovationCase.Status.STOPPED),
            ],
            [
                _("Innovations first taken into use by a unit in %(year)s") % {"year": ctx.year},
                len(rolled_out),
            ],
            [
                _("Units that took an innovation into use in %(year)s") % {"year": ctx.year},
                units_this_year,
            ],
            [_("Innovations in use in other units on %(date)s") % {"date": day}, len(first_use)],
            [_("Median time to roll-out (days)"), median],
        ],
    )
    section.blocks.append(figures)
    # The outcome indicators of the cases in the process during the year, as measured by the day.
    outcomes = process_selectors.outcome_counts(list(first_start), day)
    if outcomes["indicators"][0]:
        section.blocks.append(
            Table(
                _("Outcome indicators of the innovation cases on %(date)s") % {"date": day},
                [_("Outcome indicators"), _("Indicators"), _("Innovation cases")],
                [
                    [str(label), *outcomes[code]]
                    for code, label in process_selectors.OUTCOMES_LABELS
                ],
            )
        )
    phases = Table(
        _("Innovation cases per phase on %(date)s") % {"date": day},
        [_("Generic phase"), _("Innovation cases")],
        [[str(label), per_phase.get(code, 0)] for code, label in GenericPhase.choices],
    )
    section.blocks.append(
        Chart(
            charts.bar_chart(
                phases.caption,
                _("Bar chart of the number of active innovation cases per generic phase."),
                phases.rows,
            ),
            phases,
        )
    )
    if rolled_out:
        times = Table(
            _("Time to roll-out of the innovations first taken into use in %(year)s")
            % {"year": ctx.year},
            [
                _("Innovation case"),
                _("Started"),
                _("First taken into use"),
                _("Days"),
                _("Units using it on %(date)s") % {"date": day},
            ],
            [
                [_case_label(*case), str(first_start[ic]), str(on), days[ic], units[ic]]
                for ic, (on, case) in rolled_out.items()
            ],
        )
        section.blocks.append(
            Chart(
                charts.bar_chart(
                    times.caption,
                    _(
                        "Bar chart of the number of days from the start of each innovation case "
                        "to the first unit taking it into use."
                    ),
                    [(row[0], row[3]) for row in times.rows],
                ),
                times,
            )
        )
    return section


# --- Test environments ------------------------------------------------------------------------


def testbeds(ctx):
    year = ctx.year
    used = list(
        Testbed.objects.select_related("organisation")
        .annotate(
            n_requests=Count("requests", filter=Q(requests__created__year=year), distinct=True),
            n_plans=Count(
                "records",
                filter=Q(records__kind=Record.Kind.PLAN, records__created__year=year),
                distinct=True,
            ),
            n_results=Count(
                "records",
                filter=Q(records__kind=Record.Kind.RESULT, records__created__year=year),
                distinct=True,
            ),
        )
        .filter(Q(n_requests__gt=0) | Q(n_plans__gt=0) | Q(n_results__gt=0))
        .order_by("-n_requests", "-n_results", "name")
    )
    section = Section("testbeds_used", _("Test environments used"))
    if not used:
        section.paragraphs.append(
            _(
                "No request to use a test environment and no test plan or result was recorded "
                "in Slussen in %(year)s."
            )
            % {"year": year}
        )
        return section
    section.paragraphs.append(
        _(
            "In %(year)s, %(n)s of the region's test environments were used (requests through "
            "Slussen: %(requests)s; test results recorded: %(results)s)."
        )
        % {
            "year": year,
            "n": len(used),
            "requests": sum(t.n_requests for t in used),
            "results": sum(t.n_results for t in used),
        }
    )
    table = Table(
        _("Requests and recorded tests per test environment %(year)s") % {"year": year},
        [
            _("Test environment"),
            _("Owner"),
            _("Requests"),
            _("Test plans"),
            _("Test results"),
        ],
        [[t.name, t.organisation.display_name, t.n_requests, t.n_plans, t.n_results] for t in used],
    )
    section.blocks.append(
        Chart(
            charts.bar_chart(
                table.caption,
                _("Bar chart of the number of requests per test environment."),
                [(row[0], row[2]) for row in table.rows],
            ),
            table,
        )
    )
    return section


# --- Strategic projects and external funding ------------------------------------------------


# The workflow states of a project that has run (decided) or may run (not yet decided).
DECIDED = ("approved", "completed")
PROPOSED = ("proposed", "commented")


def _period(start, end):
    return f"{start}–{end or ''}"


def _amount(currency, amount):
    return f"{currency} {number_format(amount, 0, force_grouping=True)}"


def strategic(ctx):
    year = ctx.year
    projects, proposed = [], []
    for p in (
        strategic_selectors.portfolio()
        .filter(start_year__lte=year)
        .filter(Q(end_year__isnull=True) | Q(end_year__gte=year))
        .filter(state__code__in=(*DECIDED, *PROPOSED))
    ):
        (projects if p.state.code in DECIDED else proposed).append(p)
    section = Section("strategic", _("Strategic projects and external funding"))
    if proposed:
        section.paragraphs.append(
            _("Proposed for %(year)s and not yet decided: %(titles)s.")
            % {"year": year, "titles": ", ".join(p.title for p in proposed)}
        )
    if not projects:
        section.paragraphs.insert(
            0, _("No region-wide strategic project ran in %(year)s.") % {"year": year}
        )
        return section
    participants = Counter()
    for p in projects:
        for org in {p.lead_organisation, *p.organisations.all()}:
            participants[org.display_name] += 1
    section.paragraphs.insert(
        0,
        ngettext(
            "%(n)s region-wide strategic project ran in %(year)s, with %(orgs)s of the region's "
            "organisations taking part.",
            "%(n)s region-wide strategic projects ran in %(year)s, with %(orgs)s of the region's "
            "organisations taking part.",
            len(projects),
        )
        % {"n": len(projects), "year": year, "orgs": len(participants)},
    )
    totals = strategic_selectors.funding_totals(projects)
    if totals:
        section.paragraphs.append(
            _("External funding with a known amount, over the projects' whole periods: %(sums)s.")
            % {"sums": ", ".join(_amount(c, a) for c, a in totals)}
        )
    section.blocks.append(
        Table(
            _("Strategic projects %(year)s") % {"year": year},
            [
                _("Project"),
                _("Lead organisation"),
                _("Participating organisations"),
                _("External partners"),
                _("Period"),
                _("Status"),
            ],
            [
                [
                    p.title,
                    p.lead_organisation.display_name,
                    ", ".join(o.display_name for o in p.organisations.all()),
                    p.partners,
                    _period(p.start_year, p.end_year),
                    p.state.label,
                ]
                for p in projects
            ],
        )
    )
    per_org = Table(
        _("Strategic projects per organisation %(year)s") % {"year": year},
        [pgettext("bokslut", "Organisation"), _("Projects")],
        [[name, n] for name, n in sorted(participants.items(), key=lambda x: (-x[1], x[0]))],
    )
    section.blocks.append(
        Chart(
            charts.bar_chart(
                per_org.caption,
                _("Bar chart of the number of strategic projects each organisation took part in."),
                per_org.rows,
            ),
            per_org,
        )
    )
    funding = [(p, f) for p in projects for f in p.funding.all()]
    if funding:
        section.blocks.append(
            Table(
                _("External funding of the strategic projects of %(year)s") % {"year": year},
                [
                    _("Project"),
                    _("Funder"),
                    _("Programme or call"),
                    _("Period"),
                    _("Amount"),
                    _("Currency"),
                ],
                [
                    [
                        p.title,
                        f.funder,
                        f.programme,
                        _period(f.start_year, f.end_year),
                        None if f.amount is None else int(f.amount),
                        f.currency,
                    ]
                    for p, f in funding
                ],
                {4: 0},
            )
        )
    return section
