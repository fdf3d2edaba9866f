"""Reads of the innovation fund, shared by the pages, the exports and the annual report."""

import math
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from statistics import mean

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch, Q, Sum
from django.db.models.functions import ExtractYear
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import get_language

from slussen.accounts import people
from slussen.cases.models import Case
from slussen.cases.selectors import text_q
from slussen.core.compiled import Compiled
from slussen.core.kept import kept
from slussen.core.models import WorkflowState
from slussen.core.scoring import ScoreSummary, summarise
from slussen.core.scoring import weighted_mean as _weighted

from .models import (
    Application,
    Call,
    CallStamp,
    Criterion,
    Gender,
    Kind,
    Review,
    Score,
    Sector,
)

GRANTED = Q(granted_amount__isnull=False)


def open_calls(now=None):
    now = now or timezone.now()
    return Call.objects.filter(opens_at__lte=now, closes_at__gte=now).order_by("closes_at")


def calls(*, status="", year=None, now=None):
    """Every call with its review criteria (all public, like the call pages), newest first;
    ``status`` is upcoming, open or closed at ``now``, ``year`` the year the money is for."""
    now = now or timezone.now()
    qs = Call.objects.prefetch_related("criteria")
    if status == "open":
        qs = qs.filter(opens_at__lte=now, closes_at__gte=now)
    elif status == "upcoming":
        qs = qs.filter(opens_at__gt=now)
    elif status == "closed":
        qs = qs.filter(closes_at__lt=now)
    if year:
        qs = qs.filter(grant_year=year)
    return qs.order_by("-opens_at", "-id")


def applications():
    return Application.objects.select_related("call", "state", "case", "organisation", "applicant")


def my_applications(user):
    return applications().filter(applicant=user).order_by("-updated")


def signoffs_for(user):
    """Waiting for ``user``'s approval: only where they are a line manager (someone named
    before that rule, or who has left the line, sees nothing; ``rules._the_manager``)."""
    return (
        applications()
        .filter(manager=user, state__code="signoff")
        .filter(organisation__in=people.organisations_for(user, "fund.manager"))
        .order_by("submitted_at")
    )


def prescreening_queue(user):
    return applications().filter(call__prescreeners=user, state__code="prescreening")


def review_queue(user):
    return (
        applications()
        .filter(assignments__expert=user, state__code="review")
        .exclude(reviews__expert=user, reviews__submitted_at__isnull=False)
        .exclude(reviews__expert=user, reviews__has_conflict=True)
    )


def application_detail(pk):
    return (
        applications()
        .select_related("manager", "previous", "origin_case")
        .prefetch_related(
            "participants",
            "milestones",
            "budget_lines",
            "files",
            Prefetch("answers", to_attr="answer_list"),
        )
    )


def _call_summaries(call) -> dict[int, ScoreSummary]:
    """``summarise`` for every application of a call, from plain values (a call may have a
    thousand applications: no review or score objects are built). No comments: the overview
    shows none."""
    summaries = defaultdict(ScoreSummary)
    reviews = Review.objects.filter(application__call=call).order_by()
    conflicts = reviews.filter(has_conflict=True).values_list("application_id")
    for application_id, n in conflicts.annotate(n=Count("id")):
        summaries[application_id].conflicts = n
    # Per review: the sum, number and sum of squares of its scores, added up by the database.
    per_review = defaultdict(list)  # application -> [(sum, n, sum of squares)]
    submitted = reviews.filter(has_conflict=False, submitted_at__isnull=False)
    for application_id, total, n, squares in (
        submitted.values("id", "application_id")
        .annotate(
            total=Sum("scores__value"),
            n=Count("scores"),
            squares=Sum(F("scores__value") * F("scores__value")),
        )
        .filter(n__gt=0)
        .values_list("application_id", "total", "n", "squares")
    ):
        per_review[application_id].append((total, n, squares))
    # Per application and criterion: the experts' sum, number and sum of squares, for the
    # spread between experts criterion by criterion.
    spreads, means, weights = defaultdict(list), defaultdict(dict), {}
    for application_id, criterion_id, weight, total, n, squares in (
        Score.objects.filter(review__in=submitted)
        .order_by()
        .values("review__application_id", "criterion_id", "criterion__weight")
        .annotate(total=Sum("value"), n=Count("id"), squares=Sum(F("value") * F("value")))
        .values_list(
            "review__application_id", "criterion_id", "criterion__weight", "total", "n", "squares"
        )
    ):
        spreads[application_id].append(math.sqrt(max(squares / n - (total / n) ** 2, 0)))
        means[application_id][criterion_id] = total / n
        weights[criterion_id] = weight
    for application_id, rows in per_review.items():
        summary = summaries[application_id]
        count = sum(n for _t, n, _s in rows)
        average = sum(t for t, _n, _s in rows) / count
        per_expert = [t / n for t, n, _s in rows]
        summary.reviews = len(rows)
        summary.mean = round(average, 2)
        summary.low, summary.high = round(min(per_expert), 2), round(max(per_expert), 2)
        summary.stdev = round(mean(spreads[application_id]), 2)
        summary.weighted = _weighted(means[application_id], weights)
    return summaries


OVERVIEW_PAGE = 50


OVERVIEW_SECONDS = 300
# What a row of the overview shows: the page's applications are read with these columns only
# (not their long texts, applicants or the call, which the page has read already).
OVERVIEW_COLUMNS = [
    "title",
    "granted_amount",
    "call_id",
    "state__code",
    "state__name_sv",
    "state__name_en",
    "state__workflow_id",
    "case__registry_number",
    "organisation__name",
    "organisation__short_name",
]


@dataclass
class Ranking:
    """A call's submitted applications in the overview's order as plain values
    ``(pk, state id, granted, requested, registry seq)``, their score summaries and the call's
    totals over all of them: what a request of the overview needs beyond its page."""

    rows: list
    states: dict  # state id -> WorkflowState
    summaries: dict  # application id -> ScoreSummary
    applications: int
    requested: int
    granted_count: int
    granted: int
    by_state: list  # [(state id, how many)] in the states' order
    # (application id, language) -> the row's figures as the page shows them (``_shown``).
    shown: dict = field(default_factory=dict)


# This process's rankings, the latest first: ((call id, stamp) -> Ranking). A request with
# nothing changed takes its page from here without reading, unpickling or summing the call's
# applications again, so a call of 20 000 costs what a call of 2 000 does.
_RANKINGS: OrderedDict = OrderedDict()
_RANKINGS_LOCK = threading.Lock()
RANKINGS_KEPT = 16


def _ranked(call) -> Ranking:
    """The call's ranking, kept while nothing in the call changes: the key is the call's
    change counts (``CallStamp``, counted in the transaction of every write that changes what
    the overview shows: ``services.stamp_calls``), read by the call's key, so one small query
    decides that what is kept is current. Kept in this process (no copy per request) and in
    the cache (one ranking per count)."""
    counts = CallStamp.objects.filter(call_id=call.pk).values_list("applications", "details")
    found = counts.first()
    if found is None:  # a call made without its stamp (never by the services): nothing kept
        return _rank(call)
    key = (call.pk, call.created.timestamp(), *found)
    with _RANKINGS_LOCK:
        found = _RANKINGS.get(key)
        if found is not None:
            _RANKINGS.move_to_end(key)
            return found
    cache_key = "fund:overview:{}:{}:{}:{}".format(*key)
    # The default cache (Redis, shared, in production): a ranking of 20 000 is megabytes,
    # not for the database's cache table.
    found = cache.get_or_set(cache_key, lambda: _rank(call), OVERVIEW_SECONDS)
    with _RANKINGS_LOCK:
        for old in [k for k in _RANKINGS if k[0] == call.pk]:
            del _RANKINGS[old]  # an earlier stamp of the call is never asked for again
        _RANKINGS[key] = found
        while len(_RANKINGS) > RANKINGS_KEPT:
            _RANKINGS.popitem(last=False)
    return found


def _rank(call) -> Ranking:
    # Grouped by the columns read, not by every column of the application (its long texts).
    light = list(
        Application.objects.filter(call=call, submitted_at__isnull=False)
        .order_by()
        .values("pk", "state_id", "granted_amount", "case__registry_seq")
        .annotate(requested=Sum("budget_lines__amount"))
        .values_list("pk", "state_id", "granted_amount", "requested", "case__registry_seq")
    )
    states = {s.pk: s for s in WorkflowState.objects.filter(pk__in={r[1] for r in light})}
    summaries = _call_summaries(call)
    empty = ScoreSummary()
    light.sort(
        key=lambda r: (
            states[r[1]].is_final,
            -(summaries.get(r[0], empty).weighted or 0),
            states[r[1]].order,
            r[4] or 0,
        )
    )
    by_state = {}
    for r in light:
        by_state[r[1]] = by_state.get(r[1], 0) + 1
    return Ranking(
        rows=light,
        states=states,
        summaries={pk: summaries[pk] for pk in {r[0] for r in light} & summaries.keys()},
        applications=len(light),
        requested=sum(r[3] or 0 for r in light),
        granted_count=sum(1 for r in light if r[2] is not None),
        granted=sum(r[2] or 0 for r in light),
        by_state=sorted(by_state.items(), key=lambda item: (states[item[0]].order, item[0])),
    )


SEARCH_LIMIT = 50


def _matching_cases(q: str, applications_of):
    """The registry cases of ``applications_of`` found by the register's search (any
    inflection, compounds, the registry number), read from their own index rows only."""
    scope = Case.objects.filter(pk__in=applications_of.values("case_id"))
    return Case.objects.filter(text_q(q, scope))


def search_applications(q: str, *, call=None):
    """The submitted applications (of every call, or of ``call``) whose title or summary has
    every word of ``q``, or whose registry number contains it; the latest first."""
    qs = applications().filter(case__isnull=False)
    if call is not None:
        qs = qs.filter(call=call)
    return qs.filter(case__in=_matching_cases(q.strip(), qs)).order_by("-submitted_at", "-id")


def call_overview(call, page_number=1, q=""):
    """The submitted applications of a call, those under way first and then by weighted
    score, one page at a time with their score summaries, and the call's totals over all of
    them. The order and the totals are kept per call until something in it changes
    (``_ranked``); whole objects only for the page shown: a fixed number of queries and the
    same work per request whatever the size of the call. ``q`` narrows the list (not the
    totals) through the one search."""
    ranking = _ranked(call)
    empty = ScoreSummary()
    totals = {
        "applications": ranking.applications,
        "requested": ranking.requested,
        "granted_count": ranking.granted_count,
        "granted": ranking.granted,
        "left": call.budget - ranking.granted,
        "by_state": {ranking.states[pk].label: n for pk, n in ranking.by_state},
    }
    light = ranking.rows
    if q.strip():
        found = set(search_applications(q, call=call).values_list("pk", flat=True))
        light = [r for r in light if r[0] in found]
    page = Paginator(light, OVERVIEW_PAGE).get_page(page_number)
    rows = {r[0]: r for r in page.object_list}
    objects = (
        Application.objects.select_related("state", "case", "organisation")
        .only(*OVERVIEW_COLUMNS)
        .in_bulk([r[0] for r in page.object_list])
    )
    page.object_list = [objects[r[0]] for r in page.object_list if r[0] in objects]
    language = get_language()
    for app in page.object_list:
        app.summary = ranking.summaries.get(app.pk, empty)
        app.requested = rows[app.pk][3]
        app.shown = _shown(ranking, rows[app.pk], app.summary, language)
    return page, totals


def _shown(ranking, row, summary, language) -> dict:
    """A row's figures formatted as the overview shows them (in ``language``: "4,0" or
    "4.0"), once per ranking, that is per change of the call: the same page asked again
    formats nothing (seven numbers a row, fifty rows)."""
    key = (row[0], language)
    found = ranking.shown.get(key)
    if found is None:
        found = ranking.shown[key] = {
            "requested": floatformat(row[3] or 0, "0g"),
            "granted": floatformat(row[2], "0g") or "–",
            "weighted": floatformat(summary.weighted, 1),
            "mean": floatformat(summary.mean, 1),
            "low": floatformat(summary.low, 1),
            "high": floatformat(summary.high, 1),
            "stdev": floatformat(summary.stdev, 2),
        }
    return found


def application_scores(application):
    reviews = Review.objects.filter(application=application).select_related("expert")
    reviews = reviews.prefetch_related(
        Prefetch("scores", queryset=Score.objects.select_related("criterion"))
    )
    criteria = list(Criterion.objects.filter(call_id=application.call_id))
    summary = summarise(reviews, {c.pk: c.weight for c in criteria})
    for criterion in criteria:
        criterion.mean = summary.by_criterion.get(criterion.pk)
        criterion.spread = summary.spread_by_criterion.get(criterion.pk)
    return summary, criteria


def public_decisions(call):
    return (
        applications()
        .filter(call=call, decided_at__isnull=False)
        .order_by("-granted_amount", "title")
    )


def granted_projects(*, call=None, year=None, organisation=None, kind=""):
    """The granted projects of every call, as the calls' public decision pages list them
    (open data and the API); ``year`` is the year the money is for."""
    qs = Application.objects.filter(GRANTED, decided_at__isnull=False).select_related(
        "call", "case", "organisation"
    )
    if call:
        qs = qs.filter(call_id=call)
    if year:
        qs = qs.filter(call__grant_year=year)
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-call__grant_year", "-granted_amount", "title")


# --- Statistics ------------------------------------------------------------------------------


def _counts(qs):
    return qs.aggregate(
        applications=Count("id"),
        granted=Count("id", filter=GRANTED),
        amount=Sum("granted_amount"),
        women=Count("id", filter=Q(applicant_gender=Gender.WOMAN)),
        men=Count("id", filter=Q(applicant_gender=Gender.MAN)),
        other=Count("id", filter=Q(applicant_gender=Gender.OTHER)),
        not_stated=Count("id", filter=Q(applicant_gender="")),
        outside_health_care=Count("id", filter=Q(sector=Sector.OTHER)),
    )


def _share(part, whole):
    return round(100 * part / whole) if whole else 0


def statistics(year: int) -> dict:
    """The fund's figures for one year (applications submitted that year), for the statistics
    page, the exports and the annual innovation report."""
    submitted = Application.objects.filter(submitted_at__isnull=False)
    of_year = submitted.filter(submitted_at__year=year)
    figures = _counts(of_year)
    figures["amount"] = figures["amount"] or 0
    figures["year"] = year
    figures["outside_health_care_share"] = _share(
        figures["outside_health_care"], figures["applications"]
    )
    figures["granted_share"] = _share(figures["granted"], figures["applications"])
    by_kind = {
        row["kind"]: row
        for row in of_year.values("kind").annotate(
            applications=Count("id"),
            granted=Count("id", filter=GRANTED),
            amount=Sum("granted_amount"),
        )
    }
    figures["by_kind"] = [
        {
            "code": kind.value,
            "kind": kind.label,
            "applications": by_kind.get(kind, {}).get("applications", 0),
            "granted": by_kind.get(kind, {}).get("granted", 0),
            "amount": by_kind.get(kind, {}).get("amount") or 0,
        }
        for kind in Kind
    ]
    figures["by_organisation"] = [
        {**row, "amount": row["amount"] or 0}
        for row in of_year.values("organisation__name")
        .annotate(
            applications=Count("id"),
            granted=Count("id", filter=GRANTED),
            amount=Sum("granted_amount"),
        )
        .order_by("-applications", "organisation__name")
    ]
    figures["by_call"] = [
        {**row, "amount": row["amount"] or 0}
        for row in of_year.values("call__title", "call__budget")
        .annotate(
            applications=Count("id"),
            granted=Count("id", filter=GRANTED),
            amount=Sum("granted_amount"),
        )
        .order_by("call__title")
    ]
    up_to = submitted.filter(submitted_at__year__lte=year)
    since = _counts(up_to)
    figures["since_start"] = {
        "applications": since["applications"],
        "granted": since["granted"],
        "amount": since["amount"] or 0,
        # The first year up to the one shown: a year before the first application has none.
        "first_year": up_to.order_by("submitted_at")
        .values_list("submitted_at__year", flat=True)
        .first(),
    }
    return figures


def statistics_with_trends(year: int) -> dict:
    """``statistics`` and the ``trends`` up to the year: the statistics page and its exports
    (the annual report reads ``statistics`` alone)."""
    return {**statistics(year), "trends": trends(year)}


GENDER_COUNTS = ("granted_women", "granted_men", "granted_other", "granted_not_stated")


def trends(year: int) -> list[dict]:
    """Per year up to ``year`` (by the year of submission, as ``statistics``): applications,
    grants and the granted amount, and the main applicant's gender of the granted projects;
    each row with ``share`` (of the most applications in a year, for the chart's bars). Every
    year from the first to the last has its row: one without applications counts zero."""
    found = list(
        Application.objects.filter(submitted_at__isnull=False, submitted_at__year__lte=year)
        .annotate(year=ExtractYear("submitted_at"))
        .order_by()
        .values("year")
        .annotate(
            applications=Count("id"),
            granted=Count("id", filter=GRANTED),
            amount=Sum("granted_amount"),
            granted_women=Count("id", filter=GRANTED & Q(applicant_gender=Gender.WOMAN)),
            granted_men=Count("id", filter=GRANTED & Q(applicant_gender=Gender.MAN)),
            granted_other=Count("id", filter=GRANTED & Q(applicant_gender=Gender.OTHER)),
            granted_not_stated=Count("id", filter=GRANTED & Q(applicant_gender="")),
        )
        .order_by("year")
    )
    by_year = {r["year"]: r for r in found}
    zero = dict.fromkeys(("applications", "granted", "amount", *GENDER_COUNTS), 0)
    years = range(found[0]["year"], found[-1]["year"] + 1) if found else ()
    rows = [by_year.get(y) or {"year": y, **zero} for y in years]
    most = max((r["applications"] for r in rows), default=0)
    for row in rows:
        row["amount"] = row["amount"] or 0
        row["share"] = _share(row["applications"], most)
        row["granted_share"] = _share(row["granted"], most)
    return rows


STATISTICS_SECONDS = 300
# Asked on every request of the statistics page: compiled once (slussen.core.compiled).
_STAMPS = Compiled(lambda: CallStamp.objects.values_list("applications").order_by())


def stamp() -> str:
    """What changes whenever an application changes: the sum of every call's count of
    changes of its applications (``CallStamp.applications``; counters only grow, so the sum
    never comes back to a value something was kept under). Reviews do not change it: the
    statistics show none. Reads no application."""
    rows = _STAMPS.rows()  # a row per call: summed here, cheaper than an aggregate
    return f"{sum(n for (n,) in rows)}:{len(rows)}"


def cached_statistics(year: int, stamped=None) -> dict:
    """``statistics_with_trends``, kept while no application changes (``stamp``;
    ``stamped``: the stamp read before, so that everything a request keeps is kept under the
    one it read first)."""
    key = f"fund:statistics:{year}:{get_language()}:{stamped or stamp()}"
    return kept(key, lambda: statistics_with_trends(year), STATISTICS_SECONDS)


def kept_statistics_page(year: int, render, stamped) -> str:
    """The statistics page's body as ``render()`` makes it, kept like its figures: the page
    then costs little more than any page (the fund's target: half the floor's throughput)."""
    key = f"fund:statistics:html:{year}:{get_language()}:{stamped}"
    return kept(key, lambda: str(render()), STATISTICS_SECONDS)


def statistics_years():
    return sorted(
        {
            d.year
            for d in Application.objects.filter(submitted_at__isnull=False).datetimes(
                "submitted_at", "year"
            )
        },
        reverse=True,
    )


# --- More information: the thread and what a reply changed ------------------------------------


def snapshot(application) -> dict:
    """The application as the reviewers read it, as plain data kept with a thread message."""
    return {
        "title": application.title,
        "summary": application.summary,
        "goal": application.goal,
        "benefit": application.benefit,
        "participants": [
            [p.name, p.role, p.organisation, p.email] for p in application.participants.all()
        ],
        "milestones": [
            [m.activity, m.start.isoformat(), m.end.isoformat()]
            for m in application.milestones.all()
        ],
        "budget": [[b.item, b.amount] for b in application.budget_lines.all()],
        "answers": [
            {
                "key": str(a.question.key) if a.question_id else f"text:{a.question_sv}",
                "sv": a.question_sv,
                "en": a.question_en,
                "text": a.text,
            }
            for a in application.answers.select_related("question")
        ],
    }


@dataclass
class Change:
    label: str
    before: str
    after: str


def _lines(rows, fmt) -> str:
    return "\n".join(fmt(row) for row in rows)


def changes(before: dict, after: dict) -> list[Change]:
    """What changed between two snapshots, field by field and answer by answer (a question
    added or removed reads as an empty side), in the active language."""
    from django.utils.formats import number_format
    from django.utils.translation import gettext as _

    def sek(n):
        return number_format(n, force_grouping=True)

    found = []
    for key, label in (
        ("title", _("Title")),
        ("summary", _("Summary")),
        ("goal", _("Goal")),
        ("benefit", _("Benefit and degree of innovation")),
    ):
        if before.get(key, "") != after.get(key, ""):
            found.append(Change(label, before.get(key, ""), after.get(key, "")))

    def budget(snap):
        rows = snap.get("budget", [])
        text = _lines(rows, lambda r: f"{r[0]}: {sek(r[1])}")
        total = sek(sum(r[1] for r in rows))
        return f"{text}\n{_('Total')}: {total}" if rows else ""

    tables = (
        (_("Budget"), budget),
        (_("Time plan"), lambda s: _lines(s.get("milestones", []), lambda r: " – ".join(r))),
        (_("Participants"), lambda s: _lines(s.get("participants", []), lambda r: ", ".join(r))),
    )
    for label, render in tables:
        old, new = render(before), render(after)
        if old != new:
            found.append(Change(label, old, new))
    english = get_language() == "en"
    old_answers = {a["key"]: a for a in before.get("answers", [])}
    new_answers = {a["key"]: a for a in after.get("answers", [])}
    for key in [*new_answers, *[k for k in old_answers if k not in new_answers]]:
        old, new = old_answers.get(key, {}), new_answers.get(key, {})
        if old.get("text", "") == new.get("text", ""):
            continue
        shown = new or old
        label = (english and shown.get("en")) or shown.get("sv", "")
        found.append(Change(label, old.get("text", ""), new.get("text", "")))
    return found


def thread(application) -> list:
    """The application's questions and replies, oldest first; each reply carries what it
    changed since the question it answers (``reply.changes``)."""
    from .models import ThreadMessage

    messages = list(ThreadMessage.objects.filter(application=application).select_related("author"))
    question = None
    for message in messages:
        message.changes = []
        if message.kind == ThreadMessage.Kind.QUESTION:
            question = message
        elif question is not None:
            message.changes = changes(question.snapshot, message.snapshot)
    return messages


# --- Post-award ------------------------------------------------------------------------------


@dataclass
class BudgetRow:
    item: str
    budget: int
    used: int | None

    @property
    def left(self):
        return None if self.used is None else self.budget - self.used


def budget_against_actual(project) -> list[BudgetRow]:
    """Each budget line of the application beside the money used on it so far, as the latest
    submitted report gives it (None: not reported yet)."""
    from .models import ReportSpend

    latest = project.reports.filter(submitted_at__isnull=False).order_by("-due", "-id").first()
    used = (
        dict(ReportSpend.objects.filter(report=latest).values_list("line_id", "amount"))
        if latest
        else {}
    )
    return [
        BudgetRow(item=line.item, budget=line.amount, used=used.get(line.pk))
        for line in project.application.budget_lines.all()
    ]


def project_reports(project):
    return project.reports.select_related("review").prefetch_related("files")


def late_reports_q(today=None) -> Q:
    """Follow-up reports past their due date and not in: the list form of
    ``FollowUpReport.late``."""
    return Q(submitted_at__isnull=True, due__lt=today or timezone.localdate())


def projects_to_follow():
    """Every running project for the coordinator: whether and by whom the grant is accepted,
    what is paid, the reports waiting for approval and the reports that are late."""
    from django.db.models import OuterRef, Subquery

    from .models import FollowUpReport, Instalment, Project, ReportReview

    paid = (
        Instalment.objects.filter(project=OuterRef("pk"), paid_at__isnull=False)
        .order_by()
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    waiting = (
        ReportReview.objects.filter(report__project=OuterRef("pk"), status="submitted")
        .order_by()
        .values("report__project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    late = (
        FollowUpReport.objects.filter(late_reports_q(), project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Project.objects.filter(status__in=["running", "delayed"])
        .select_related(
            "application__applicant", "application__case", "application__call", "acceptance"
        )
        .select_related("acceptance__accepted_by")
        .annotate(
            paid=Subquery(paid[:1]),
            waiting=Subquery(waiting[:1]),
            late=Subquery(late[:1]),
        )
        .order_by("acceptance__accepted_at", "-year", "application__title", "pk")
    )


def cached_statistics_years(stamped=None):
    key = f"fund:statistics:years:{stamped or stamp()}"
    return kept(key, statistics_years, STATISTICS_SECONDS)


# --- Across applications: search, filters, export ---------------------------------------------

APPLICATIONS_PAGE = 50


def visible_applications(user):
    """The applications ``user`` may see (``rules.visible_q``, the list form of
    ``fund.view``), drafts of others never among them."""
    from .rules import visible_q

    scope = visible_q(user)
    qs = applications()
    return qs if scope is None else qs.filter(scope)


def _scored(qs, *, low=None, high=None):
    """``qs`` narrowed to a weighted score from ``low`` to ``high`` (the experts' scores of
    submitted reviews without conflict, each weighted by its criterion), counted in a
    subquery of its own so that the rest of the query is not multiplied by scores."""
    done = Q(review__submitted_at__isnull=False, review__has_conflict=False)
    scored = (
        Score.objects.filter(done)
        .order_by()
        .values("review__application_id")
        .annotate(
            points=Sum(F("value") * F("criterion__weight")),
            weights=Sum("criterion__weight"),
        )
    )
    if low is not None:
        scored = scored.filter(points__gte=F("weights") * low)
    if high is not None:
        scored = scored.filter(points__lte=F("weights") * high)
    return qs.filter(pk__in=scored.values("review__application_id"))


def weighted_scores(ids) -> dict:
    """{application id: weighted score} for ``ids`` (a page, an export), in one query."""
    done = Q(review__submitted_at__isnull=False, review__has_conflict=False)
    rows = (
        Score.objects.filter(done, review__application_id__in=list(ids))
        .order_by()
        .values("review__application_id")
        .annotate(
            points=Sum(F("value") * F("criterion__weight")),
            weights=Sum("criterion__weight"),
        )
        .values_list("review__application_id", "points", "weights")
    )
    return {pk: round(points / weights, 2) for pk, points, weights in rows if weights}


def find_applications(user, filters: dict):
    """The applications ``user`` may see that match ``filters`` (the cleaned
    ``ApplicationFilterForm``: words or registry number through the one search, call, year
    submitted, kind, state, organisation, weighted score from and to), the latest first.
    Another's draft only when drafts are asked for, and only for whom ``visible_q`` allows."""
    qs = visible_applications(user)
    if filters.get("call"):
        qs = qs.filter(call=filters["call"])
    if filters.get("year"):
        qs = qs.filter(submitted_at__year=filters["year"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("state"):
        qs = qs.filter(state__code=filters["state"])
    else:  # others' drafts (the coordinators may open them) only when asked for
        qs = qs.exclude(Q(state__code="draft") & ~Q(applicant=user))
    if filters.get("organisation"):
        qs = qs.filter(organisation=filters["organisation"])
    low, high = filters.get("score_min"), filters.get("score_max")
    if low is not None or high is not None:
        qs = _scored(qs, low=low, high=high)
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(case__isnull=False).filter(case__in=_matching_cases(q, qs))
    return qs.order_by(F("submitted_at").desc(nulls_last=True), "-id")


# What the list of all applications shows of each (fund/applications.html, ``with_figures``).
LIST_COLUMNS = [
    "title",
    "kind",
    "submitted_at",
    "granted_amount",
    "call__title",
    "state__code",
    "state__name_sv",
    "state__name_en",
    "state__workflow_id",
    "case__registry_number",
    "organisation__name",
    "organisation__short_name",
]


def listed(qs):
    """``qs`` (of ``applications()``) read with what the list of all applications shows: not
    the applications' texts, their cases' descriptions nor their applicants' accounts (a
    page of fifty read some three hundred objects and six hundred dates for it)."""
    return (
        qs.select_related(None)
        .select_related("call", "state", "case", "organisation")
        .only(*LIST_COLUMNS)
    )


def with_figures(apps):
    """Each of ``apps`` (a page or an export, already read) with ``requested`` and
    ``weighted``: two queries, whatever their number."""
    apps = list(apps)
    ids = [a.pk for a in apps]
    requested = dict(
        Application.objects.filter(pk__in=ids)
        .order_by()
        .annotate(total=Sum("budget_lines__amount"))
        .values_list("pk", "total")
    )
    scores = weighted_scores(ids)
    for app in apps:
        app.requested = requested.get(app.pk) or 0
        app.weighted = scores.get(app.pk)
    return apps


def application_years():
    return cached_statistics_years()
