"""Reads of intake that pages share."""

from datetime import timedelta

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from slussen.cases.models import Case, CaseEvent
from slussen.cases.selectors import similarity_scope, state_ids, text_q
from slussen.core.models import WorkflowState, WorkflowTransition

from . import search
from .models import CaseLink, Submission, Supporter

ALL_STATES = "all"  # the queue's state filter: decided cases too


def queue(user, *, q="", organisation=None, state="", kind="", age=None, overdue=False, sort=""):
    """The intake work queue: an advisor's organisations (and cases they handle); everything
    for a coordinator. ``q``: the register's search (``cases.selectors.text_q``: words in any
    inflection, compounds, beginnings, a registry number), read from the index rows of the
    queue's cases only: a case the register finds for her is found in her queue too."""
    supported = (
        Supporter.objects.filter(case_id=OuterRef("case_id"))
        .order_by()
        .values("case_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = Submission.objects.select_related(
        "case__state", "case__organisation", "case__handler"
    ).annotate(supporter_count=Coalesce(Subquery(supported[:1]), 0))
    scope = None
    if not user.is_region_wide:
        qs = qs.filter(Q(case__organisation_id__in=user.handled_org_ids) | Q(case__handler=user))
        scope = Case.objects.filter(Q(organisation_id__in=user.handled_org_ids) | Q(handler=user))
    if q.strip():
        qs = qs.filter(case__in=Case.objects.filter(text_q(q.strip(), scope)))
    if organisation:
        qs = qs.filter(case__organisation__path__startswith=organisation.path)
    if not state:  # a work queue: what still waits for a decision
        qs = qs.filter(case__state_id__in=state_ids(final=False))
    elif state != ALL_STATES:
        qs = qs.filter(case__state_id__in=state_ids(state))
    if kind:
        qs = qs.filter(case__kind=kind)
    if age:
        qs = qs.filter(created__lt=timezone.now() - timedelta(days=age))
    if overdue:
        today = timezone.localdate()
        qs = qs.filter(first_response__isnull=True, due__lt=today, case__state__is_final=False)
    return qs.order_by(sort or "-created", "-pk")


def similar(user, text, *, exclude=None, limit=5):
    return search.similar(text, similarity_scope(user), exclude=exclude, limit=limit)


def suggestions(user, text, *, limit=3):
    """The writing forms' suggestion box: each project once (``search.suggestions``)."""
    return search.suggestions(text, similarity_scope(user), limit=limit)


def supporters(case):
    """Who shares the case's need, oldest first, with their organisations."""
    return list(case.supporters.select_related("user", "organisation", "merged_from"))


def links(case):
    return list(
        CaseLink.objects.filter(Q(case=case) | Q(other=case)).select_related(
            "case__state", "other__state", "created_by"
        )
    )


def labels(case) -> tuple[dict, dict]:
    """Display names of the transitions and states a timeline refers to by code."""
    workflow_id = case.state.workflow_id
    transitions = WorkflowTransition.objects.filter(workflow_id=workflow_id)
    states = WorkflowState.objects.filter(workflow_id=workflow_id)
    return {t.code: t.label for t in transitions}, {s.code: s.label for s in states}


def public_timeline(case):
    """What the submitter sees: every event meant for them."""
    events = list(
        case.events.filter(visible_to_submitter=True).select_related("actor").order_by("created")
    )
    transitions, states = labels(case)
    # Where several steps lead from one state to the same next state (three kinds of referral
    # end in "Referred"), the step's name tells the submitter which; elsewhere the new state
    # says it all.
    pairs = list(
        WorkflowTransition.sources.through.objects.filter(
            workflowtransition__workflow_id=case.state.workflow_id
        ).values_list("workflowstate__code", "workflowtransition__target__code")
    )
    shared = {target for source, target in pairs if pairs.count((source, target)) > 1}
    for event in events:
        event.to_label = states.get(event.data.get("to"), "") or event.to_text
        if event.data.get("to") in shared:
            event.transition_label = transitions.get(event.data.get("transition"), "")
        else:
            event.transition_label = ""
    return events


def supporter_timeline(case):
    """What a supporter reads of a case's history: its status changes, each with what the step
    decided in words anyone may read (``cases.workflows.outcome``), and its progress; never the
    reasons or messages written to the submitter."""
    from slussen.cases.workflows import outcome

    events = [e for e in public_timeline(case) if e.type in ("transition", "progress")]
    for event in events:
        event.outcome = (
            outcome(event.data.get("transition", "")) if event.type == "transition" else ""
        )
    return events


def progress(case):
    """Where the case is now in the work after triage (the innovation process and beyond),
    in the submitter's words: the newest progress event, or ``None``."""
    return (
        case.events.filter(type=CaseEvent.Type.PROGRESS, visible_to_submitter=True)
        .order_by("-created", "-id")
        .first()
    )


def colleagues_ideas(user):
    """Ideas, needs and proposals whose submitters let colleagues see them: fully public, not
    ended, each with its supporters counted (one query however many). The list form of
    ``intake.see_shared``."""
    from .rules import ENDED_STATES, shared_q

    if not user.is_authenticated or user.is_external:
        return Case.objects.none()
    return (
        Case.objects.filter(shared_q())
        .exclude(state__code__in=ENDED_STATES)
        .select_related("organisation", "submitter", "submission", "state")
        .annotate(support_count=_supporters())
        .order_by("-created", "-pk")
    )


def _supporters():
    """A case's number of supporters, counted for the rows read only (a page of a list of
    thousands), not by grouping the whole list."""
    from .models import Supporter

    counted = (
        Supporter.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def colleague_comments(case):
    """Colleagues' comments on a shared idea, oldest first, with who wrote them."""
    return (
        CaseEvent.objects.filter(case=case, type=CaseEvent.Type.COMMENT, data__colleague=True)
        .select_related("actor")
        .order_by("created", "pk")
    )
