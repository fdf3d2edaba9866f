"""Reads of the innovation process shared by pages (and later the API and the annual report)."""

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache, caches
from django.db import connection
from django.db.models import (
    Aggregate,
    BooleanField,
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractYear, RowNumber
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy

from slussen.accounts.models import User
from slussen.cases.models import Case
from slussen.cases.selectors import text_q

from .models import (
    Adoption,
    AdoptionStep,
    ChecklistAnswer,
    ChecklistItem,
    Direction,
    Funding,
    GenericPhase,
    Indicator,
    InnovationCase,
    InnovationType,
    Measurement,
    PhaseRun,
    ProcessTemplate,
)
from .rules import PEOPLE, visible_q

STALE_DAYS = 90
ALERT_ROWS = 15  # cases listed under each alert of the portfolio
FIGURES_SECONDS = 24 * 3600  # the portfolio's figures kept (see ``cached_figures``)
REFRESH_SECONDS = 60  # after a change, the figures are computed again at most this often
CHECK_SECONDS = 10  # a process looks for newer figures of the servers at most this often
OPEN = (InnovationCase.Status.ACTIVE, InnovationCase.Status.PAUSED)


def visible(user):
    qs = InnovationCase.objects.all()
    scope = visible_q(user)
    return qs if scope is None else qs.filter(scope)


def with_units(qs):
    in_use = Adoption.objects.filter(status=Adoption.Status.IN_USE)
    return qs.annotate(units_in_use=Count("adoptions", filter=Q(adoptions__in=in_use)))


def listing(user, *, q="", innovation_type="", generic="", status=""):
    qs = visible(user).select_related(
        "case", "case__organisation", "template", "phase", "line_owner", "advisor"
    )
    if q.strip():  # the register's search, read from the index rows of these cases only
        scope = Case.objects.filter(pk__in=qs.values("case_id"))
        qs = qs.filter(case__in=Case.objects.filter(text_q(q.strip(), scope)))
    if innovation_type:
        qs = qs.filter(template__innovation_type=innovation_type)
    if generic:
        qs = qs.filter(phase__generic=generic)
    if status:
        qs = qs.filter(status=status)
    return with_units(qs).order_by("-last_activity", "-id")


def waiting_to_start(user):
    """Accepted cases this person handles that have not entered the process yet."""
    if not user.is_authenticated:
        return Case.objects.none()
    qs = Case.objects.filter(state__code="accepted", innovation__isnull=True)
    if not user.is_region_wide:
        qs = qs.filter(Q(organisation_id__in=user.handled_org_ids) | Q(handler=user))
    return qs.select_related("organisation").order_by("-created")


# Alerts


# Each alert as a condition, so that the kept lists' rows are checked against it as they are
# read (``_kept_lists``), and as the list it makes of a queryset.


def _ownerless_q(now=None):
    return Q(status__in=OPEN) & (Q(line_owner__isnull=True) | Q(line_owner__is_active=False))


def ownerless(qs):
    return qs.filter(_ownerless_q())


def _stale_q(now=None):
    since = (now or timezone.now()) - timedelta(days=STALE_DAYS)
    return Q(status__in=OPEN, last_activity__lt=since)


def stale(qs, now=None):
    return qs.filter(_stale_q(now))


def _not_rolled_out_q(now=None):
    in_use = Adoption.objects.filter(
        innovation=OuterRef("pk"), status=Adoption.Status.IN_USE, pilot=False
    )
    return (
        Q(status=InnovationCase.Status.IMPLEMENTED)
        | Q(status__in=OPEN, phase__generic=GenericPhase.IMPLEMENTATION)
    ) & ~Q(Exists(in_use))


def not_rolled_out(qs):
    """The pilot is over (the case has left development and testing) but no unit beyond the
    pilot uses it."""
    return qs.filter(_not_rolled_out_q())


def _maintenance_left_q(now=None):
    return Q(status=InnovationCase.Status.IMPLEMENTED) & (
        Q(maintenance_owner__isnull=True) | Q(maintenance_owner__is_active=False)
    )


def maintenance_left(qs):
    """Implemented cases whose maintenance owner has left (or was never named)."""
    return qs.filter(_maintenance_left_q())


REVIEW_NOTICE_DAYS = 30  # the portfolio and the reminders look this far ahead


def _review_due_q(now=None):
    soon = timezone.localdate(now or timezone.now()) + timedelta(days=REVIEW_NOTICE_DAYS)
    return Q(status=InnovationCase.Status.IMPLEMENTED, review_on__lte=soon)


def review_due(qs, now=None):
    """Implemented cases whose review date has passed or comes within ``REVIEW_NOTICE_DAYS``."""
    return qs.filter(_review_due_q(now))


def alerts_for(ic, now=None):
    """The alerts of one case, as codes (the page words them)."""
    now = now or timezone.now()
    found = []
    if ic.status in OPEN:
        if ic.line_owner_id is None or not ic.line_owner.is_active:
            found.append("ownerless")
        if ic.last_activity < now - timedelta(days=STALE_DAYS):
            found.append("stale")
        if any(getattr(ic, f"{f}_id") and not getattr(ic, f).is_active for f in PEOPLE):
            found.append("left")
    elif ic.status == InnovationCase.Status.IMPLEMENTED:
        if ic.maintenance_owner_id is None or not ic.maintenance_owner.is_active:
            found.append("maintenance_left")
        soon = timezone.localdate(now) + timedelta(days=REVIEW_NOTICE_DAYS)
        if ic.review_on and ic.review_on <= soon:
            found.append("review_due")
    return found


# One case


def workspace(ic):
    items = list(
        ChecklistItem.objects.filter(phase__template=ic.template_id).select_related("phase")
    )
    answers = {a.item_id: a for a in ChecklistAnswer.objects.filter(innovation=ic)}
    runs = list(ic.runs.select_related("phase"))
    return {
        "phases": list(ic.template.phases.all()),
        "runs": runs,
        "open_runs": [r for r in runs if r.ended is None],
        "decisions": list(
            ic.decisions.select_related("from_phase", "to_phase", "decided_by", "approved_by")
        ),
        "items": items,
        "answers": answers,
        "participants": list(ic.participants.select_related("organisation")),
        "tasks": list(ic.tasks.select_related("assignee")),
        "funding": list(ic.funding.all()),
        "indicators": list(
            ic.indicators.prefetch_related(
                Prefetch("measurements", queryset=Measurement.objects.select_related("unit"))
            )
        ),
        "tests": list(ic.tests.select_related("attachment")),
        "adoptions": list(ic.adoptions.select_related("unit", "wave", "confirmed_by")),
        "waves": list(ic.waves.all()),
    }


def timeline_chart(phases, runs, today=None):
    """One row per phase with a bar per period, positioned in per cent of the case's life.
    Periods overlap when phases run in parallel; a reopened period shows that the case went
    back."""
    today = today or timezone.localdate()
    if not runs:
        return []
    first = min(r.started for r in runs)
    span = max((today - first).days, 1)
    rows = []
    for phase in phases:
        bars = []
        for r in runs:
            if r.phase_id != phase.pk:
                continue
            x = min((r.started - first).days / span * 100, 98.0)
            width = max(((r.ended or today) - r.started).days / span * 100, 2.0)
            # Formatted here: SVG wants a dot, the Swedish locale would print a comma.
            bars.append({"run": r, "x": f"{x:.2f}", "width": f"{min(width, 100 - x):.2f}"})
        rows.append({"phase": phase, "bars": bars})
    return rows


# Spread: units in use against target, over time

CHART_W, CHART_H = 600, 200  # the SVG's drawing area (viewBox units)


def spread(ic, today=None) -> dict:
    """How far the roll-out has come: the target units (every unit in the plan, the pilot
    too), those in use now, and the number in use after each dated step, for a step chart and
    its table."""
    today = today or timezone.localdate()
    adoptions = list(ic.adoptions.all())
    target = len(adoptions)
    steps = list(
        AdoptionStep.objects.filter(adoption__innovation=ic)
        .order_by("on", "id")
        .values_list("adoption_id", "status", "on")
    )
    status, points = {}, []
    for adoption_id, code, on in steps:
        status[adoption_id] = code
        in_use = sum(1 for c in status.values() if c == Adoption.Status.IN_USE)
        if points and points[-1]["on"] == on:
            points[-1]["in_use"] = in_use
        elif not points or points[-1]["in_use"] != in_use:
            points.append({"on": on, "in_use": in_use})
    in_use = sum(1 for a in adoptions if a.status == Adoption.Status.IN_USE)
    chart = None
    if points and target:
        first, last = points[0]["on"], max(today, points[-1]["on"])
        span = max((last - first).days, 1)

        def x(day):
            return (day - first).days / span * CHART_W

        def y(count):
            return CHART_H - count / target * CHART_H

        # Formatted here: SVG wants a dot, the Swedish locale would print a comma.
        line, previous = [], None
        for p in points:
            if previous is not None:
                line.append(f"{x(p['on']):.1f},{y(previous):.1f}")
            line.append(f"{x(p['on']):.1f},{y(p['in_use']):.1f}")
            previous = p["in_use"]
        line.append(f"{x(last):.1f},{y(previous):.1f}")
        chart = {
            "line": " ".join(line),
            "target_y": f"{y(target):.1f}",
            "dots": [{"x": f"{x(p['on']):.1f}", "y": f"{y(p['in_use']):.1f}", **p} for p in points],
            "first": first,
            "last": last,
            "width": CHART_W,
            "height": CHART_H,
        }
    return {"target": target, "in_use": in_use, "points": points, "chart": chart}


SERIES_STYLES = 6  # the chart's series styles (colour and dash), ``series-0`` … ``series-5``


def indicator_charts(indicators) -> list[dict]:
    """Per indicator: its measurements as a line against baseline and target (SVG numbers
    formatted with a dot), beside the numbers as a table. Measured per unit of care, each unit
    is a series of its own (the measurements of the case as a whole one more), on one time axis
    and one scale, so that the units can be compared."""
    charts = []
    for indicator in indicators:
        values = sorted(indicator.measurements.all(), key=lambda m: (m.measured_on, m.pk))
        per_unit = any(m.unit_id for m in values)
        chart = None
        if values:
            numbers = [float(m.value) for m in values]
            low = min(numbers + [float(indicator.baseline), float(indicator.target)])
            high = max(numbers + [float(indicator.baseline), float(indicator.target)])
            spread_ = (high - low) or 1.0
            first, last = values[0].measured_on, values[-1].measured_on
            span = max((last - first).days, 1)

            single = first == last

            def x(day, first=first, span=span, single=single):
                return CHART_W / 2 if single else (day - first).days / span * CHART_W

            def y(value, low=low, spread_=spread_):
                return CHART_H - (float(value) - low) / spread_ * CHART_H

            groups = defaultdict(list)
            for m in values:
                groups[m.unit_id].append(m)

            # The case as a whole first, then the units by name.
            def by_name(pk, groups=groups):
                return (pk is not None, groups[pk][0].unit.name if pk else "")

            order = sorted(groups, key=by_name)
            series = [
                {
                    "unit": groups[pk][0].unit,
                    "style": f"series-{i % SERIES_STYLES}",
                    "line": " ".join(
                        f"{x(m.measured_on):.1f},{y(m.value):.1f}" for m in groups[pk]
                    ),
                    "dots": [
                        {"x": f"{x(m.measured_on):.1f}", "y": f"{y(m.value):.1f}", "m": m}
                        for m in groups[pk]
                    ],
                }
                for i, pk in enumerate(order)
            ]
            chart = {
                "series": series,
                "baseline_y": f"{y(indicator.baseline):.1f}",
                "target_y": f"{y(indicator.target):.1f}",
                "width": CHART_W,
                "height": CHART_H,
            }
        charts.append(
            {"indicator": indicator, "values": values, "chart": chart, "per_unit": per_unit}
        )
    return charts


def _per_case(rows, field="innovation"):
    """The number of ``rows`` of each case (``rows`` point to it through ``field``), counted for
    the cases read only: a subquery per row shown, not a grouping of every case in scope."""
    counted = (
        rows.filter(**{field: OuterRef("pk" if field == "innovation" else "case_id")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


def rollouts(qs):
    """The cases with a roll-out plan: units in use against target units (the pilot counts as
    a unit in use, as in the case's spread chart)."""
    return (
        qs.filter(Exists(Adoption.objects.filter(innovation=OuterRef("pk"))))
        .annotate(
            target_units=_per_case(Adoption.objects.all()),
            units_in_use=_per_case(Adoption.objects.filter(status=Adoption.Status.IN_USE)),
        )
        .order_by("-last_activity", "-id")
    )


# Portfolio


def _bars(counter, labels):
    top = max(counter.values(), default=0) or 1
    return [
        {
            "code": code,
            "label": label,
            "value": counter.get(code, 0),
            "pct": f"{counter.get(code, 0) / top * 100:.1f}",  # for SVG: always a dot
        }
        for code, label in labels
    ]


class _Median(Aggregate):
    """PostgreSQL's median: the middle value, or the mean of the middle two."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def _medians(runs, group, today) -> dict[tuple, int]:
    """Median length in days of the periods in ``runs``, per ``group``, in the database: the
    middle one or two periods of each group when ordered by length (the same as
    ``statistics.median``, rounded). Reads a row or two per group, not every period.

    On PostgreSQL an aggregate sorts each group once (a region's 137 000 periods in a third of
    the time of numbering them in windows and keeping the middle rows)."""
    days = ExpressionWrapper(
        Coalesce("ended", Value(today, output_field=DateField())) - F("started"),
        output_field=DurationField(),
    )
    if connection.vendor == "postgresql":
        found = runs.values_list(*group).annotate(median=_Median(days)).order_by()
        return {tuple(key): round(median / timedelta(days=1)) for *key, median in found}
    partition = [F(name) for name in group]
    middle = (
        runs.annotate(
            days=days,
            position=Window(RowNumber(), partition_by=partition, order_by=[days.asc(), "id"]),
            size=Window(Count("id"), partition_by=partition),
        )
        .filter(Q(position=(F("size") + 1) / 2) | Q(position=(F("size") + 2) / 2))
        .values_list(*group, "days")
    )
    found = defaultdict(list)
    for *key, length in middle:
        found[tuple(key)].append(length.days)
    return {key: round(sum(values) / len(values)) for key, values in found.items()}


def _counts(qs, field, count=None):
    return Counter(dict(qs.values_list(field).annotate(n=count or Count("id")).order_by()))


def _figures(qs, now) -> dict:
    """The portfolio's figures, aggregated in the database: counts per status, phase, type and
    direction, how far cases have come, the median days per phase, and each alert's count."""
    today = timezone.localdate(now)
    runs = PhaseRun.objects.filter(innovation__in=qs).order_by()
    per_phase = ["phase__template__innovation_type", "phase__code"]
    return {
        "by_status": _counts(qs, "status"),
        "by_generic": _counts(qs.filter(status__in=OPEN), "phase__generic"),
        "by_type": _counts(qs, "template__innovation_type"),
        # A JSON list of codes: the quoted code occurs in its text (no code is part of another).
        "by_direction": Counter(
            qs.aggregate(
                **{
                    code: Count("id", filter=Q(directions__icontains=f'"{code}"'))
                    for code in Direction.values
                }
            )
        ),
        "reached": _counts(runs, "phase__generic", Count("innovation", distinct=True)),
        "median": {key[0]: days for key, days in _medians(runs, ["phase__generic"], today).items()},
        "phase_days": _medians(runs, per_phase, today),
        "phase_counts": {
            (itype, code): (n, name_sv, name_en)
            for itype, code, name_sv, name_en, n in runs.values_list(
                *per_phase, "phase__name_sv", "phase__name_en"
            )
            .annotate(n=Count("id"))
            .order_by()
        },
        "funding": list(funding_rollup(qs)),
        "outcomes": outcome_counts(qs),
        "alerts": {
            "not_rolled_out": not_rolled_out(qs).count(),
            "stale": stale(qs, now).count(),
            "ownerless": ownerless(qs).count(),
            "maintenance_left": maintenance_left(qs).count(),
            "review_due": review_due(qs, now).count(),
        },
        # The first cases of each list, found with the counts they are counted in: the page
        # reads these few rows by id (``portfolio``), not each list's walk of the scope.
        "lists": {
            name: list(found.values_list("pk", flat=True)[:ALERT_ROWS])
            for name, found in _lists(qs, now).items()
        },
    }


def _lists(qs, now) -> dict:
    """The portfolio's lists of cases, each in its order."""
    return {
        "not_rolled_out": not_rolled_out(qs),
        "stale": stale(qs, now).order_by("last_activity", "id"),
        "ownerless": ownerless(qs),
        "rollouts": rollouts(qs),
        "maintenance_left": maintenance_left(qs),
        "review_due": review_due(qs, now).order_by("review_on", "id"),
        "supported": most_supported(qs),
    }


def _figures_key(user, filters) -> str:
    scope = "region" if visible_q(user) is None else f"user-{user.pk}"
    return f"process:portfolio:2:{scope}:{(filters or Filters()).key}"


def _figures_stamp(qs, now) -> str:
    """What the figures depend on: the scope's latest activity (every change of an innovation
    case through the services sets it) and the day (the open periods' lengths grow by it)."""
    latest = qs.aggregate(latest=Max("last_activity"))["latest"]
    day = timezone.localdate(now).isoformat()
    return "{}:{}".format(day, latest.timestamp() if latest else "-")


def cached_figures(user, qs, filters, now) -> tuple[dict, object]:
    """``_figures`` and the time they were computed if a change has come since (else None).

    The figures cost a second at a million cases, and a region changes some case every second:
    computed on the request that noticed a change, they made a reader wait at every change. So
    they are kept per reader's scope for every server (``CACHES["shared"]``), and a reader who
    finds them behind the latest change is shown them as they are, with their time, while one
    task computes them again in the background (``tasks.refresh_portfolio_figures``), at most
    once per ``REFRESH_SECONDS`` across every server. Only the very first reader of a scope
    waits for them."""
    key = _figures_key(user, filters)
    stamp = _figures_stamp(qs, now)
    found = cache.get(key)
    if found is None or found[0] != stamp:
        found = caches["shared"].get(key) or found
        if found is not None:
            cache.set(key, found, FIGURES_SECONDS)
    if found is None:  # never computed for this scope
        found = _keep(key, stamp, now, _figures(qs, now))
    if found[0] == stamp:
        return found[2], None
    _ask_refresh(user, filters, key, now)
    return found[2], found[1]


def _ask_refresh(user, filters, key, now):
    """One refresh of the figures under ``key`` in the background, unless one was asked for
    (by any server) within ``REFRESH_SECONDS``."""
    if not cache.add(f"{key}:asked", True, REFRESH_SECONDS):
        return  # this process asked within the minute: no round trip to ask again
    if caches["shared"].add(f"{key}:refresh", now.timestamp(), REFRESH_SECONDS):
        from .tasks import refresh_portfolio_figures

        refresh_portfolio_figures.enqueue(user.pk, filters.params() if filters else {})


def _keep(key, stamp, now, figures):
    found = (stamp, now, figures)
    caches["shared"].set(key, found, FIGURES_SECONDS)
    cache.set(key, found, FIGURES_SECONDS)
    return found


def refresh_figures(user, filters=None, now=None):
    """Compute the portfolio's figures of ``user``'s scope again and keep them for every
    server (the background task behind ``cached_figures`` and ``glance``); the kept ones, if
    nothing has changed since, are only marked as checked now."""
    now = now or timezone.now()
    key = _figures_key(user, filters)
    qs = _scope_once(user, portfolio_scope(user, filters))
    stamp = _figures_stamp(qs, now)  # read first: a change meanwhile is refreshed again
    found = caches["shared"].get(key)
    figures = found[2] if found is not None and found[0] == stamp else _figures(qs, now)
    return _keep(key, stamp, now, figures)[2]


def glance(user, now=None) -> tuple[dict, object]:
    """The unit's portfolio at a glance (the start page): how many cases are active, paused,
    without activity for ``STALE_DAYS`` and without an owner in the line, and the time they
    were last known right if that is more than ``REFRESH_SECONDS`` ago (else None).

    Read from the portfolio's kept figures without evaluating the scope at all (a fifth of a
    head of unit's start page at a million cases); figures older than ``REFRESH_SECONDS`` are
    shown with their time while one task checks them again. Counted in the database only the
    first time, before anything is kept."""
    now = now or timezone.now()
    key = _figures_key(user, None)
    found = cache.get(key)
    old = found is None or now - found[1] > timedelta(seconds=REFRESH_SECONDS)
    # Figures older than the minute (or none): the servers' copy is looked at, at most once
    # per ``CHECK_SECONDS`` in this process, and a refresh asked for.
    if old and cache.add(f"{key}:checked", True, CHECK_SECONDS):
        found = caches["shared"].get(key) or found
        if found is not None:
            cache.set(key, found, FIGURES_SECONDS)
        if found is None or now - found[1] > timedelta(seconds=REFRESH_SECONDS):
            _ask_refresh(user, None, key, now)
    if found is None:
        since = now - timedelta(days=STALE_DAYS)
        open_ = Q(status__in=OPEN)
        owner_gone = Q(line_owner__isnull=True) | Q(line_owner__is_active=False)
        counted = visible(user).aggregate(
            active=Count("pk", filter=Q(status=InnovationCase.Status.ACTIVE)),
            paused=Count("pk", filter=Q(status=InnovationCase.Status.PAUSED)),
            stale=Count("pk", filter=open_ & Q(last_activity__lt=since)),
            ownerless=Count("pk", filter=open_ & owner_gone),
        )
        return counted, None
    stamp, as_of, figures = found
    counted = {
        "active": figures["by_status"].get(InnovationCase.Status.ACTIVE, 0),
        "paused": figures["by_status"].get(InnovationCase.Status.PAUSED, 0),
        "stale": figures["alerts"]["stale"],
        "ownerless": figures["alerts"]["ownerless"],
    }
    return counted, as_of if now - as_of > timedelta(seconds=REFRESH_SECONDS) else None


SCOPE_IDS = 5000  # a scope this small is read once per page as ids (see ``_scope_once``)


def _scope_once(user, qs):
    """A narrow scope (a unit's cases among a region's) as the ids of its innovation cases, read
    once: each list of the page then reads its few rows by id, instead of walking the region's
    innovation cases in its order and asking the register at every one whether it is in scope.
    A wide scope (region-wide, or more than ``SCOPE_IDS`` cases) stays a query: walked in
    order, it meets its first rows at once."""
    if visible_q(user) is None:
        return qs
    ids = list(qs.order_by().values_list("pk", flat=True)[: SCOPE_IDS + 1])
    if len(ids) > SCOPE_IDS:
        return qs
    if connection.vendor == "postgresql":  # one parameter, however many ids (not one each)
        return InnovationCase.objects.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", (ids,)))
    return InnovationCase.objects.filter(pk__in=ids)


def portfolio(user, filters=None, now=None):
    """Everything the portfolio page shows, in a fixed number of queries."""
    now = now or timezone.now()
    qs = _scope_once(user, portfolio_scope(user, filters))
    figures, as_of = cached_figures(user, qs, filters, now)
    by_status = figures["by_status"]
    implemented = by_status.get(InnovationCase.Status.IMPLEMENTED, 0)
    funnel_counts = Counter({g: figures["reached"].get(g, 0) for g in GenericPhase.values})
    funnel_counts["implemented"] = implemented
    english = get_language() == "en"
    phase_rows = [
        {
            "type": InnovationType(itype).label,
            "phase": names[2] if english else names[1],
            "cases": names[0],
            "median": figures["phase_days"][(itype, code)],
        }
        for (itype, code), names in sorted(figures["phase_counts"].items())
    ]
    return {
        "as_of": as_of,  # when the figures were computed, if a change has come since
        "total": sum(by_status.values()),
        "active": sum(by_status.get(s, 0) for s in OPEN),
        "implemented": implemented,
        "by_generic": _bars(figures["by_generic"], GenericPhase.choices),
        "by_type": _bars(figures["by_type"], InnovationType.choices),
        "by_direction": _bars(figures["by_direction"], Direction.choices),
        "funnel": _bars(
            funnel_counts,
            [*GenericPhase.choices, ("implemented", InnovationCase.Status.IMPLEMENTED.label)],
        ),
        "median": [
            (code, label, figures["median"].get(code)) for code, label in GenericPhase.choices
        ],
        "phase_rows": phase_rows,
        # Each alert: how many cases (from the cached figures) and the first few of them.
        "alerts": figures["alerts"],
        **_kept_lists(qs, figures["lists"], now),
        "funding": figures["funding"],
        "funding_years": _funding_years(figures["funding"]),
        "outcomes": [(code, label, *figures["outcomes"][code]) for code, label in OUTCOMES_LABELS],
        "indicators": list(
            with_latest(Indicator.objects.filter(innovation__in=qs))
            .select_related("innovation__case")
            .order_by("innovation__case__registry_number", "name", "id")[:ALERT_ROWS]
        )
        if figures["outcomes"]["indicators"][0]
        else [],
    }


def _kept_lists(qs, kept, now) -> dict:
    """The rows of the kept lists (``_figures``), read in one query by id within the scope
    ``qs`` as it is now, each list in its kept order, with what the lists show of each case
    (the units of its roll-out, its supporters) counted for these rows only. A row that no
    longer meets its list's condition (an owner named since, a unit that took it up) is left
    out at once; one that has come to meet it is listed once the figures are computed again."""
    supporters = Case._meta.get_field("supporters").related_model.objects.all()
    wanted = sorted({pk for ids in kept.values() for pk in ids})
    if not wanted:
        return {name: [] for name in kept}
    conditions = {
        "not_rolled_out": _not_rolled_out_q(now),
        "stale": _stale_q(now),
        "ownerless": _ownerless_q(now),
        "rollouts": Q(Exists(Adoption.objects.filter(innovation=OuterRef("pk")))),
        "maintenance_left": _maintenance_left_q(now),
        "review_due": _review_due_q(now),
        "supported": Q(case_id__in=supporters.values("case_id")),
    }
    rows = {
        ic.pk: ic
        for ic in qs.filter(pk__in=wanted)
        .select_related("case", "case__organisation", "phase", "line_owner")
        .annotate(
            target_units=_per_case(Adoption.objects.all()),
            units_in_use=_per_case(Adoption.objects.filter(status=Adoption.Status.IN_USE)),
            support_count=_per_case(supporters, "case"),
            **{
                f"in_{name}": ExpressionWrapper(q, output_field=BooleanField())
                for name, q in conditions.items()
            },
        )
        .order_by()
    }
    return {
        name: [rows[pk] for pk in ids if pk in rows and getattr(rows[pk], f"in_{name}")]
        for name, ids in kept.items()
    }


# The portfolio's filters and the cases behind each figure


@dataclass(frozen=True)
class Filters:
    """What the portfolio is narrowed to: an organisation (with its subtree), a strategic
    direction, an innovation type and a unit of care (the cases of the unit and those rolled
    out there)."""

    organisation: object = None
    direction: str = ""
    innovation_type: str = ""
    unit: object = None

    @property
    def key(self) -> str:
        return "{}:{}:{}:{}".format(
            self.organisation.pk if self.organisation else "-",
            self.direction or "-",
            self.innovation_type or "-",
            self.unit.pk if self.unit else "-",
        )

    @property
    def direction_label(self):
        return Direction(self.direction).label if self.direction else ""

    @property
    def type_label(self):
        return InnovationType(self.innovation_type).label if self.innovation_type else ""

    def params(self) -> dict:
        """The filters as query parameters, for the links from the figures."""
        found = {
            "organisation": self.organisation.pk if self.organisation else "",
            "direction": self.direction,
            "innovation_type": self.innovation_type,
            "unit": self.unit.pk if self.unit else "",
        }
        return {name: value for name, value in found.items() if value}


def portfolio_scope(user, filters=None):
    """The innovation cases the portfolio counts for ``user``: those they may see, narrowed by
    ``filters``. The figures and the lists behind them both start here."""
    qs = visible(user)
    if filters is None:
        return qs
    if filters.organisation is not None:
        qs = qs.filter(case__organisation_id__in=filters.organisation.subtree_ids())
    if filters.direction:
        # A JSON list of codes: the quoted code occurs in its text (no code is part of another).
        qs = qs.filter(directions__icontains=f'"{filters.direction}"')
    if filters.innovation_type:
        qs = qs.filter(template__innovation_type=filters.innovation_type)
    if filters.unit is not None:
        units = filters.unit.subtree_ids()
        rolled_out = Adoption.objects.filter(innovation=OuterRef("pk"), unit_id__in=units)
        qs = qs.filter(Q(case__organisation_id__in=units) | Q(Exists(rolled_out)))
    return qs


def funding_rollup(qs):
    """Funding by source and year (the year the funded period starts): the amount, the
    co-financing and the number of cases."""
    return (
        Funding.objects.filter(innovation__in=qs)
        .annotate(year=ExtractYear("period_start"))
        .values("funder", "year")
        .annotate(
            amount=Sum("amount"),
            co_financing=Sum("co_financing"),
            cases=Count("innovation", distinct=True),
        )
        .order_by("-year", "funder")
    )


def _funding_years(rows) -> list[dict]:
    years = defaultdict(lambda: {"amount": 0, "co_financing": 0})
    for row in rows:
        years[row["year"]]["amount"] += row["amount"] or 0
        years[row["year"]]["co_financing"] += row["co_financing"] or 0
    return [{"year": year, **sums} for year, sums in sorted(years.items(), reverse=True)]


def with_latest(indicators, day=None):
    """Indicators with their latest measurement (``latest``, ``latest_on``) – of whichever unit
    when measured per unit – measured by ``day`` if given."""
    last = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-measured_on", "-id")
    if day is not None:
        last = last.filter(measured_on__lte=day)
    return indicators.annotate(
        latest=Subquery(last.values("value")[:1]),
        latest_on=Subquery(last.values("measured_on")[:1]),
    )


# An indicator has come some way (improved) or all the way (reached) from its baseline towards
# its target, whichever way the target lies.
UP = Q(target__gte=F("baseline"))
OUTCOMES = {
    "indicators": Q(),
    "measured": Q(latest__isnull=False),
    "improved": (UP & Q(latest__gt=F("baseline"))) | (~UP & Q(latest__lt=F("baseline"))),
    "reached": (UP & Q(latest__gte=F("target"))) | (~UP & Q(latest__lte=F("target"))),
}
OUTCOMES_LABELS = [
    ("indicators", gettext_lazy("Outcome indicators")),
    ("measured", gettext_lazy("Measured at least once")),
    ("improved", gettext_lazy("Better than the baseline")),
    ("reached", gettext_lazy("Target reached")),
]


def outcome_counts(qs, day=None) -> dict[str, tuple[int, int]]:
    """Per outcome: how many indicators and how many cases, in one query (measured by ``day``
    if given: the annual report reads the year's last day)."""
    found = with_latest(Indicator.objects.filter(innovation__in=qs), day).aggregate(
        **{f"{code}_n": Count("id", filter=q) for code, q in OUTCOMES.items()},
        **{
            f"{code}_c": Count("innovation", filter=q, distinct=True)
            for code, q in OUTCOMES.items()
        },
    )
    return {code: (found[f"{code}_n"], found[f"{code}_c"]) for code in OUTCOMES}


def _in_year(value):
    return int(value) if str(value).isdigit() and 1900 < int(value) < 2200 else None


def figure_cases(qs, figure, value="", year="", now=None):
    """The cases behind one figure of the portfolio, from the same scope and the same
    definitions as the figure; ``None`` when there is no such figure."""
    now = now or timezone.now()
    simple = {
        "total": lambda: qs,
        "active": lambda: qs.filter(status__in=OPEN),
        "implemented": lambda: qs.filter(status=InnovationCase.Status.IMPLEMENTED),
        "not_rolled_out": lambda: not_rolled_out(qs),
        "stale": lambda: stale(qs, now),
        "ownerless": lambda: ownerless(qs),
        "maintenance_left": lambda: maintenance_left(qs),
        "review_due": lambda: review_due(qs, now),
    }
    if figure in simple:
        return simple[figure]()
    if figure == "phase" and value in GenericPhase.values:
        return qs.filter(status__in=OPEN, phase__generic=value)
    if figure == "reached" and value in GenericPhase.values:
        runs = PhaseRun.objects.filter(innovation=OuterRef("pk"), phase__generic=value)
        return qs.filter(Exists(runs))
    if figure == "reached" and value == "implemented":
        return qs.filter(status=InnovationCase.Status.IMPLEMENTED)
    if figure == "type" and value in InnovationType.values:
        return qs.filter(template__innovation_type=value)
    if figure == "direction" and value in Direction.values:
        return qs.filter(directions__icontains=f'"{value}"')
    if figure == "funding" and value and _in_year(year):
        rows = Funding.objects.filter(
            innovation=OuterRef("pk"), funder=value, period_start__year=_in_year(year)
        )
        return qs.filter(Exists(rows))
    if figure == "outcome" and value in OUTCOMES:
        found = with_latest(Indicator.objects.all()).filter(OUTCOMES[value])
        return qs.filter(Exists(found.filter(innovation=OuterRef("pk"))))
    return None


def case_rows(qs):
    """The cases of a drill-down or an export, with what each row shows, in a fixed number of
    queries."""
    in_use = Adoption.objects.filter(innovation=OuterRef("pk"), status=Adoption.Status.IN_USE)
    amount = (
        Funding.objects.filter(innovation=OuterRef("pk"))
        .order_by()
        .values("innovation")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    count = {
        name: Subquery(
            model.objects.filter(innovation=OuterRef("pk"))
            .order_by()
            .values("innovation")
            .annotate(n=Count("id"))
            .values("n")
        )
        for name, model in (("target_units", Adoption), ("indicator_count", Indicator))
    }
    return (
        qs.select_related(
            "case", "case__organisation", "template", "phase", "line_owner", "advisor"
        )
        .annotate(
            units_in_use=Coalesce(
                Subquery(
                    in_use.order_by().values("innovation").annotate(n=Count("id")).values("n")
                ),
                0,
            ),
            target_units=Coalesce(count["target_units"], 0),
            indicator_count=Coalesce(count["indicator_count"], 0),
            funding_total=Coalesce(
                Subquery(amount), Value(0), output_field=Funding._meta.get_field("amount")
            ),
        )
        .order_by("case__registry_number", "id")
    )


def most_supported(qs):
    """Innovation cases whose need colleagues (or the public) said is theirs too, most first.
    The supporters are the intake's, reached through the case (``case.supporters``): only the
    supported cases are read and counted, not every case in scope grouped with its supporters."""
    supporters = Case._meta.get_field("supporters").related_model.objects.all()
    return (
        qs.filter(case_id__in=supporters.values("case_id"))
        .annotate(support_count=_per_case(supporters, "case"))
        .order_by("-support_count", "-started")
    )


def leavers(user):
    """People who have left (inactive) and still hold a role in cases this person oversees."""
    qs = visible(user)
    ids = set()
    for f in PEOPLE:
        ids.update(qs.filter(**{f"{f}__is_active": False}).values_list(f"{f}_id", flat=True))
    ids.update(qs.filter(case__handler__is_active=False).values_list("case__handler_id", flat=True))
    return User.objects.filter(pk__in=ids)


def cases_of(user, person):
    query = Q(case__handler=person)
    for f in PEOPLE:
        query |= Q(**{f: person})
    return (
        visible(user)
        .filter(query)
        .select_related("case", "case__organisation", "phase", "line_owner", "advisor")
    )


# Moving running cases to another template: what changes, matched by code (never by display
# text), and what a preview was made against.

RUNNING = (InnovationCase.Status.ACTIVE, InnovationCase.Status.PAUSED)


def template_fingerprint(template) -> str:
    """The version, phases and checklist a preview was made against: a move made from a
    preview refuses when the template no longer matches it."""
    rows = [template.pk, template.innovation_type, template.version, template.is_published]
    for phase in template.phases.order_by("order", "id").prefetch_related("checklist"):
        items = [[i.code, i.order, i.name_sv, i.name_en, i.required] for i in phase.checklist.all()]
        rows.append([phase.code, phase.order, phase.generic, phase.name_sv, phase.name_en, items])
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:32]


def map_phase(phase, phases):
    """Where a case working in ``phase`` works in a template of ``phases`` (ordered): the phase
    of the same code, else the first of the same generic phase, else the first phase."""
    return (
        next((p for p in phases if p.code == phase.code), None)
        or next((p for p in phases if p.generic == phase.generic), None)
        or phases[0]
    )


def map_items(old_items, new_items) -> dict:
    """Old checklist item id -> its counterpart among ``new_items``: the item of the same code
    in the phase of the same code, else the only item of that code in the new template."""
    by_place = {(i.phase.code, i.code): i for i in new_items}
    by_code = defaultdict(list)
    for item in new_items:
        by_code[item.code].append(item)
    mapping = {}
    for item in old_items:
        match = by_place.get((item.phase.code, item.code))
        if match is None and len(by_code[item.code]) == 1:
            match = by_code[item.code][0]
        if match is not None:
            mapping[item.pk] = match
    return mapping


def _renamed(old, new) -> bool:
    return (old.name_sv, old.name_en) != (new.name_sv, new.name_en)


def _checklist(template):
    return list(
        ChecklistItem.objects.filter(phase__template=template)
        .select_related("phase")
        .order_by("phase__order", "order", "id")
    )


def template_changes(old, new) -> dict:
    """What changes for a case moving from template ``old`` to ``new``: phases and checklist
    items added, removed, renamed or moved to another phase, matched by code."""
    old_phases = list(old.phases.order_by("order"))
    new_phases = list(new.phases.order_by("order"))
    old_codes = {p.code: p for p in old_phases}
    new_codes = {p.code: p for p in new_phases}
    old_items, new_items = _checklist(old), _checklist(new)
    mapping = map_items(old_items, new_items)
    matched = {i.pk for i in mapping.values()}
    return {
        "old": old,
        "new": new,
        "phases": new_phases,
        "items": new_items,
        "mapping": mapping,
        "phases_added": [p for p in new_phases if p.code not in old_codes],
        "phases_removed": [p for p in old_phases if p.code not in new_codes],
        "phases_renamed": [
            (old_codes[p.code], p)
            for p in new_phases
            if p.code in old_codes and _renamed(old_codes[p.code], p)
        ],
        "items_added": [i for i in new_items if i.pk not in matched],
        "items_removed": [i for i in old_items if i.pk not in mapping],
        "items_renamed": [
            (i, mapping[i.pk]) for i in old_items if i.pk in mapping and _renamed(i, mapping[i.pk])
        ],
        "items_moved": [
            (i, mapping[i.pk])
            for i in old_items
            if i.pk in mapping and i.phase.code != mapping[i.pk].phase.code
        ],
        "items_now_required": [
            (i, mapping[i.pk])
            for i in old_items
            if i.pk in mapping and mapping[i.pk].required and not i.required
        ],
    }


def move_preview(ic, changes) -> dict:
    """What moving ``ic`` (with its ``answers`` and their items prefetched) to
    ``changes["new"]`` does to it: the phase it works in after, the answers that carry over
    (completed items stay completed) and the completed items the new template no longer has
    (their answers stay in the case's history)."""
    answers = [a for a in ic.answers.all() if a.item.phase.template_id == ic.template_id]
    done = [a for a in answers if a.state != ChecklistAnswer.State.OPEN]
    mapping = changes["mapping"]
    return {
        "ic": ic,
        "phase": ic.phase,
        "to_phase": map_phase(ic.phase, changes["phases"]),
        "kept": [(a, mapping[a.item_id]) for a in done if a.item_id in mapping],
        "left": [a for a in done if a.item_id not in mapping],
    }


def behind(template):
    """Running cases on an older version of ``template``'s innovation type, oldest version
    first, ready for :func:`move_preview`."""
    return (
        InnovationCase.objects.filter(
            template__innovation_type=template.innovation_type,
            template__version__lt=template.version,
            status__in=RUNNING,
        )
        .select_related("case", "template", "phase")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=ChecklistAnswer.objects.select_related("item__phase"),
            )
        )
        .order_by("template__version", "case__registry_number", "pk")
    )


def templates_overview():
    """The newest published version of each innovation type, with how many running cases are
    on an older version."""
    rows = []
    for itype, label in InnovationType.choices:
        template = (
            ProcessTemplate.objects.filter(innovation_type=itype, is_published=True)
            .order_by("-version")
            .first()
        )
        if template is not None:
            rows.append({"template": template, "type": label, "behind": behind(template).count()})
    return rows
