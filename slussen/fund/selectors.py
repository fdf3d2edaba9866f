"""Reads of the innovation fund, shared by the pages, the exports and the annual report."""

import math
from collections import defaultdict
from dataclasses import dataclass
from statistics import mean

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import get_language

from slussen.accounts import people
from slussen.cases.models import Case
from slussen.cases.selectors import text_q
from slussen.core.models import WorkflowState
from slussen.core.scoring import ScoreSummary, summarise
from slussen.core.scoring import weighted_mean as _weighted

from .models import Application, Call, Criterion, Gender, Kind, Review, Score, Sector

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


def _ranked(call):
    """The call's submitted applications as plain values in the overview's order, their
    states and score summaries. Kept in the cache while nothing changes: the key holds the
    latest change of the call's applications (``updated``) and reviews (a declaration adds a
    review, a score sets ``submitted_at``), read in two small aggregates instead of summing
    every score again."""
    applications_of = Application.objects.filter(call=call).order_by()
    reviews_of = Review.objects.filter(application__call=call).order_by()
    a = applications_of.aggregate(n=Count("id"), latest=Max("updated"))
    r = reviews_of.aggregate(n=Count("id"), latest=Max("submitted_at"))
    key = "fund:overview:{}:{}:{}:{}:{}:{}".format(
        call.pk,
        call.updated.timestamp(),
        a["n"],
        a["latest"].timestamp() if a["latest"] else "-",
        r["n"],
        r["latest"].timestamp() if r["latest"] else "-",
    )
    return cache.get_or_set(key, lambda: _rank(call, applications_of), OVERVIEW_SECONDS)


def _rank(call, applications_of):
    light = list(
        applications_of.filter(submitted_at__isnull=False)
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
            r[4],
        )
    )
    return light, states, dict(summaries)


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
    """The submitted applications of a call, those under way first and then by mean score,
    one page at a time with their score summaries, and the call's totals over all of them.
    A call may have a thousand applications: the order and the totals come from plain values,
    whole objects only for the page shown; a fixed number of queries whatever the size.
    ``q`` narrows the list (not the totals) through the one search."""
    light, states, summaries = _ranked(call)
    empty = ScoreSummary()
    granted = sum(r[2] or 0 for r in light)
    totals = {
        "applications": len(light),
        "requested": sum(r[3] or 0 for r in light),
        "granted_count": sum(1 for r in light if r[2] is not None),
        "granted": granted,
        "left": call.budget - granted,
        "by_state": {},
    }
    for r in light:
        label = states[r[1]].label
        totals["by_state"][label] = totals["by_state"].get(label, 0) + 1
    if q.strip():
        found = set(search_applications(q, call=call).values_list("pk", flat=True))
        light = [r for r in light if r[0] in found]
    page = Paginator(light, OVERVIEW_PAGE).get_page(page_number)
    requested = {r[0]: r[3] for r in page.object_list}
    objects = applications().in_bulk([r[0] for r in page.object_list])
    page.object_list = [objects[r[0]] for r in page.object_list]
    for app in page.object_list:
        app.summary = summaries.get(app.pk, empty)
        app.requested = requested[app.pk]
    return page, totals


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
    since = _counts(submitted.filter(submitted_at__year__lte=year))
    figures["since_start"] = {
        "applications": since["applications"],
        "granted": since["granted"],
        "amount": since["amount"] or 0,
        "first_year": submitted.order_by("submitted_at")
        .values_list("submitted_at__year", flat=True)
        .first(),
    }
    return figures


STATISTICS_SECONDS = 300


def cached_statistics(year: int) -> dict:
    """``statistics``, kept while no application changes: the key holds the latest change
    (every write of an application sets ``updated``) and the number of applications."""
    marker = Application.objects.aggregate(latest=Max("updated"), n=Count("id"))
    latest = marker["latest"].timestamp() if marker["latest"] else "-"
    key = f"fund:statistics:{year}:{get_language()}:{latest}:{marker['n']}"
    return cache.get_or_set(key, lambda: statistics(year), STATISTICS_SECONDS)


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


def projects_to_follow():
    """Every running project for the coordinator: whether and by whom the grant is accepted,
    what is paid, and the reports waiting for approval."""
    from django.db.models import OuterRef, Subquery

    from .models import Instalment, Project, ReportReview

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
    return (
        Project.objects.filter(status__in=["running", "delayed"])
        .select_related(
            "application__applicant", "application__case", "application__call", "acceptance"
        )
        .select_related("acceptance__accepted_by")
        .annotate(paid=Subquery(paid[:1]), waiting=Subquery(waiting[:1]))
        .order_by("acceptance__accepted_at", "-year", "application__title", "pk")
    )
