"""Every write of the innovation process: one transaction each, each with its audit event.

A gate decision also lands on the register's timeline (``cases.CaseEvent``) with its basis.
"""

import os

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from slussen.accounts import people
from slussen.accounts.hierarchy import managers_of
from slussen.cases import services as case_services
from slussen.cases.models import CaseEvent
from slussen.core import audit, notify, ratelimit, workflow
from slussen.core.clientip import client_ip
from slussen.core.permissions import can

from . import selectors
from .guards import DERIVED  # noqa: E402 – checklist items that follow from the case's fields
from .models import (
    Adoption,
    AdoptionStep,
    ChecklistAnswer,
    ChecklistItem,
    Funding,
    GateDecision,
    GateRequest,
    Indicator,
    InnovationCase,
    Measurement,
    Participant,
    PhaseRun,
    ProcessTemplate,
    RolloutWave,
    Showcase,
    Task,
    TemplatePhase,
    TestRecord,
)


def _touch(ic: InnovationCase):
    now = timezone.now()
    InnovationCase.objects.filter(pk=ic.pk).update(last_activity=now)
    ic.last_activity = now


# Templates


def current_template(innovation_type: str) -> ProcessTemplate:
    template = (
        ProcessTemplate.objects.filter(innovation_type=innovation_type, is_published=True)
        .order_by("-version")
        .first()
    )
    if template is None:
        raise ValidationError(_("There is no published process template for this type."))
    return template


def new_template_version(template: ProcessTemplate, actor) -> ProcessTemplate:
    """Copy a template with its phases and checklists into an unpublished draft version."""
    with transaction.atomic():
        latest = ProcessTemplate.objects.filter(innovation_type=template.innovation_type).aggregate(
            v=Max("version")
        )["v"]
        draft = ProcessTemplate.objects.create(
            innovation_type=template.innovation_type,
            version=latest + 1,
            is_published=False,
            name_sv=template.name_sv,
            name_en=template.name_en,
        )
        for phase in template.phases.prefetch_related("checklist"):
            items = list(phase.checklist.all())
            phase.pk = None
            phase.template = draft
            phase.save()
            for item in items:
                item.pk = None
                item.phase = phase
                item.save()
        audit.record(actor, "process.template_version", draft, source=template.pk)
    return draft


def publish_template(template: ProcessTemplate, actor) -> ProcessTemplate:
    if not template.phases.exists():
        raise ValidationError(_("A template needs at least one phase."))
    with transaction.atomic():
        template.is_published = True
        template.save(update_fields=["is_published"])
        audit.record(actor, "process.template_publish", template)
    return template


# Starting


# The case's people and who may be named as each (slussen.accounts.people).
PEOPLE = {
    "line_owner": "process.owner",
    "advisor": "process.advisor",
    "receiving_owner": "process.owner",
    "maintenance_owner": "process.owner",
}


def _check_people(organisation, fields, current=None) -> None:
    """Refuse anyone named in one of the case's roles who may not hold it for the case's
    organisation (an external actor, another organisation's people). A person already named
    is not checked again when other fields change."""
    errors = {}
    for name, code in PEOPLE.items():
        person = fields.get(name)
        if person is None or (current is not None and getattr(current, f"{name}_id") == person.pk):
            continue
        try:
            people.check(person, code, organisation)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)


def start(case, actor, *, innovation_type, **fields) -> InnovationCase:
    """Make a register case an innovation case on the current template of its type.

    An accepted intake case starts as it is; a case still new or being assessed is accepted in
    the register first (so the register tells the same story).
    """
    if not can(actor, "process.start", case):
        raise PermissionDenied
    if InnovationCase.objects.filter(case=case).exists():
        raise ValidationError(_("The innovation process has already been started for this case."))
    state = case.state.code
    if state not in ("new", "assessing", "accepted"):
        raise ValidationError(
            _("A case that is “%(state)s” cannot become an innovation case; reopen it first.")
            % {"state": case.state.label}
        )
    _check_people(case.organisation, fields)
    template = current_template(innovation_type)
    first = template.phases.order_by("order").first()
    if first is None:
        raise ValidationError(_("A template needs at least one phase."))
    with transaction.atomic():
        reason = _("Taken into the innovation process.")
        if state == "new":
            workflow.apply(case, "start_assessment", actor, reason=reason)
        if state in ("new", "assessing"):
            workflow.apply(case, "accept", actor, reason=reason)
        ic = InnovationCase.objects.create(
            case=case, template=template, phase=first, last_activity=timezone.now(), **fields
        )
        PhaseRun.objects.create(innovation=ic, phase=first, started=timezone.localdate())
        audit.record(
            actor, "process.start", ic, case=case.pk, template=template.pk, version=template.version
        )
    return ic


# Gates


def open_runs(ic):
    return list(ic.runs.filter(ended__isnull=True).select_related("phase"))


STEP_FOR = {"go": "go", "back": "back", "pause": "pause", "stop": "stop"}


def _step(ic, decision, to_phase):
    """The engine step of a gate decision, and the phase it leads to."""
    D = GateDecision.Decision
    here = ic.phase
    phases = list(ic.template.phases.order_by("order"))
    later = [p for p in phases if p.order > here.order]
    earlier = [p for p in phases if p.order < here.order]
    if decision == D.GO and ic.status == InnovationCase.Status.PAUSED:
        return "resume", None
    if decision == D.GO:
        if to_phase is None:
            to_phase = later[0] if later else None
        elif to_phase not in later:
            raise ValidationError(_("Choose a later phase for a go decision."))
        return ("close" if to_phase is None else "go"), to_phase
    if decision == D.BACK:
        if to_phase is None and earlier:
            to_phase = earlier[-1]
        if to_phase not in earlier:
            raise ValidationError(_("Choose an earlier phase to go back to."))
        return "back", to_phase
    return STEP_FOR[decision], None


def gate_problems(
    ic: InnovationCase, decision: str, target: TemplatePhase | None, *, user=None, zone=None
) -> list[str]:
    """What stops the decision now (every problem, each in words the user can act on); empty
    when it may pass. Without ``user`` (the page's preview) every check but the mandate."""
    if ic.status not in (InnovationCase.Status.ACTIVE, InnovationCase.Status.PAUSED):
        return []
    try:
        code, target = _step(ic, decision, target)
    except ValidationError as error:
        return list(error.messages)
    transition = _transition(code)
    if user is None:
        transition = _Guards(transition, [g for g in transition.guards if g != "process.mandate"])
    context = {"here": ic.phase, "to_phase": target, "zone": zone}
    return workflow.problems(ic, transition, user, context)


class _Guards:
    """A transition seen with only some of its guards (the preview leaves the mandate out)."""

    def __init__(self, transition, guards):
        self.code, self.guards = transition.code, guards


def _transition(code):
    from slussen.core.models import WorkflowTransition

    from .workflows import INNOVATION_WORKFLOW

    return WorkflowTransition.objects.select_related("target").get(
        workflow=workflow.current(INNOVATION_WORKFLOW), code=code
    )


def decide(
    ic: InnovationCase,
    actor,
    *,
    decision,
    basis,
    zone,
    decided_on,
    to_phase=None,
    overlap=False,
    manager=None,
):
    """Record a gate decision and move the case: go (next or chosen later phase, or close as
    implemented after the last), go back (to an earlier phase), pause, stop.

    Each is a step of the engine (``process/workflows.py``), checked by its guards: the
    required items of every phase passed over, the spread plan, the maintenance owner, and the
    mandate. A yellow decision by someone who is not the line manager becomes a request to the
    manager named in ``manager`` (:class:`GateRequest`), who decides it in Slussen.
    """
    basis = (basis or "").strip()
    if not basis:
        raise ValidationError(_("Write the basis for the decision."))
    if not can(actor, "process.decide", ic) and not can(actor, "process.decide_yellow", ic):
        raise PermissionDenied
    if decided_on > timezone.localdate():
        raise ValidationError(_("The decision date cannot be in the future."))
    with transaction.atomic():
        ic = (
            InnovationCase.objects.select_for_update()
            .select_related("phase", "case", "template")
            .get(pk=ic.pk)
        )
        if ic.status in (InnovationCase.Status.STOPPED, InnovationCase.Status.IMPLEMENTED):
            raise ValidationError(_("The case is closed; no further gate decisions."))
        code, target = _step(ic, decision, to_phase)
        if zone == GateDecision.Zone.YELLOW and not can(actor, "process.decide_yellow", ic):
            return _request_approval(
                ic, actor, code, decision, target, overlap, basis, zone, decided_on, manager
            )
        return _record(
            ic, actor, code, decision, target, overlap, basis, zone, decided_on, decider=actor
        )


def _record(ic, actor, code, decision, target, overlap, basis, zone, decided_on, *, decider,
            approved_by=None):  # fmt: skip
    """Take the step through the engine (guards, audit, notices), then keep the phases."""
    here = ic.phase
    labels = _gate_title(ic, code, target)
    workflow.apply(
        ic,
        code,
        decider,
        reason=basis,
        context={"here": here, "to_phase": target, "zone": zone},
        title=labels,
        decision=decision,
        zone=zone,
        from_phase=here.code,
        to_phase=target.code if target else "",
    )
    ic.refresh_from_db(fields=["status"])
    gate = GateDecision.objects.create(
        innovation=ic,
        decision=decision,
        from_phase=here,
        to_phase=target,
        overlap=bool(overlap and code == "go"),
        basis=basis,
        zone=zone,
        decided_by=actor,
        approved_by=approved_by,
        decided_on=decided_on,
        closes_case=code == "close",
    )
    today = decided_on
    runs = ic.runs.filter(ended__isnull=True)
    if code == "go":
        if not gate.overlap:
            runs.filter(phase=here).update(ended=today)
        PhaseRun.objects.create(innovation=ic, phase=target, started=today)
        ic.phase = target
    elif code == "back":
        runs.update(ended=today)
        PhaseRun.objects.create(innovation=ic, phase=target, started=today, reopened=True)
        ic.phase = target
    elif code in ("stop", "close"):
        runs.update(ended=today)
        ic.closed_on = today
    ic.last_activity = timezone.now()
    ic.save(update_fields=["phase", "closed_on", "last_activity"])
    CaseEvent.objects.create(
        case=ic.case,
        type=CaseEvent.Type.TRANSITION,
        actor=actor,
        body=basis,
        visible_to_submitter=False,
        data={
            "workflow": "innovation",
            "transition": f"process.{decision}",
            "zone": zone,
            "labels": _event_labels(here, target, ic, code),
        },
    )
    # What the submitter reads on the tracking page: where the idea is now, not the basis.
    CaseEvent.objects.create(
        case=ic.case,
        type=CaseEvent.Type.PROGRESS,
        actor=None,
        visible_to_submitter=True,
        data={"workflow": "innovation", "tell_submitter": True, **_progress(ic, code, target)},
    )
    audit.record(
        actor,
        f"process.gate_{decision}",
        ic,
        from_phase=here.code,
        to_phase=target.code if target else "",
        zone=zone,
        status=ic.status,
        approved_by=approved_by.pk if approved_by else None,
    )
    return gate


def _both(func):
    """A text in Swedish and English, for events read later in either language."""
    from django.utils import translation

    result = {}
    for language in ("sv", "en"):
        with translation.override(language):
            result[language] = str(func())
    return result


def _event_labels(here, target, ic, code):
    def to():
        if target is not None:
            return target.label
        return InnovationCase.Status(ic.status).label

    return {"from": _both(lambda: here.label), "to": _both(to)}


def _progress(ic, code, target):
    """The submitter's words for where the idea is now (tracking page and mail)."""
    from django.utils.translation import gettext

    def text():
        if code == "close":
            return gettext(
                "Your idea has been introduced in care and is now maintained by the line."
            )
        if code == "stop":
            return gettext("Work on your idea has been stopped. The handling unit explains why.")
        if code == "pause":
            return gettext("Work on your idea is paused for now.")
        if code == "resume":
            return gettext("Work on your idea has started again.")
        phase = target.label if target else ic.phase.label
        return gettext("Your idea has moved on to the phase “%(phase)s”.") % {"phase": phase}

    return {"text": _both(text), "phase": _both(lambda: (target or ic.phase).label)}


def _gate_title(ic, code, target):
    from django.utils.translation import gettext

    label = workflow.describe(ic.case)

    def title():
        if code == "go":
            return gettext("%(case)s: go decision – on to “%(phase)s”") % {
                "case": label,
                "phase": target.label,
            }
        if code == "back":
            return gettext("%(case)s: back to “%(phase)s”") % {"case": label, "phase": target.label}
        if code == "close":
            return gettext("%(case)s: closed as implemented") % {"case": label}
        if code == "stop":
            return gettext("%(case)s: stopped") % {"case": label}
        if code == "pause":
            return gettext("%(case)s: paused") % {"case": label}
        return gettext("%(case)s: resumed") % {"case": label}

    return title


def _request_approval(ic, actor, code, decision, target, overlap, basis, zone, decided_on,
                      manager):  # fmt: skip
    from .rules import line_managers

    if manager is None:
        raise ValidationError(
            _("A yellow decision is taken with the line manager: choose the manager.")
        )
    if not line_managers(ic).filter(pk=manager.pk).exists():
        raise ValidationError(
            _("%(person)s is not a line manager of the case's organisation.") % {"person": manager}
        )
    if ic.gate_requests.filter(state=GateRequest.State.PENDING).exists():
        raise ValidationError(_("A decision is already waiting for the line manager's approval."))
    found = workflow.problems(
        ic,
        _transition(code),
        actor,
        {"here": ic.phase, "to_phase": target, "zone": zone, "approval_pending": True},
    )
    if found:
        raise ValidationError(found)
    request = GateRequest.objects.create(
        innovation=ic,
        decision=decision,
        to_phase=target,
        overlap=bool(overlap),
        basis=basis,
        zone=zone,
        decided_on=decided_on,
        requested_by=actor,
        manager=manager,
    )
    label = workflow.describe(ic.case)
    notify.tell(
        [manager],
        "innovation.approval_requested",
        lambda: _("%(case)s: a gate decision waits for your approval") % {"case": label},
        url=request_url(request),
        body=basis,
    )
    _touch(ic)
    audit.record(actor, "process.gate_request", ic, request=request.pk, manager=manager.pk)
    return request


def request_url(request) -> str:
    from django.urls import reverse

    return reverse("process:gate_request", args=[request.innovation_id, request.pk])


def answer_request(request: GateRequest, actor, *, approve: bool, answer: str = ""):
    """The named line manager approves (the decision is taken) or does not (it is not)."""
    if actor.pk != request.manager_id:
        raise PermissionDenied
    answer = (answer or "").strip()
    if not approve and not answer:
        raise ValidationError(_("Say why you do not approve; the advisor reads it."))
    with transaction.atomic():
        request = GateRequest.objects.select_for_update().get(pk=request.pk)
        if request.state != GateRequest.State.PENDING:
            raise ValidationError(_("This request has already been answered."))
        ic = (
            InnovationCase.objects.select_for_update()
            .select_related("phase", "case", "template")
            .get(pk=request.innovation_id)
        )
        request.answer, request.answered = answer, timezone.now()
        if approve:
            code, target = _step(ic, request.decision, request.to_phase)
            gate = _record(
                ic,
                request.requested_by,
                code,
                request.decision,
                target,
                request.overlap,
                request.basis,
                request.zone,
                request.decided_on,
                decider=actor,
                approved_by=actor,
            )
            request.state = GateRequest.State.APPROVED
        else:
            gate = None
            request.state = GateRequest.State.REFUSED
            label = workflow.describe(ic.case)
            notify.tell(
                [request.requested_by],
                "innovation.approval_refused",
                lambda: (
                    _("%(case)s: the line manager did not approve the gate decision")
                    % {"case": label}
                ),
                url=ic.get_absolute_url(),
                body=answer,
            )
        request.save(update_fields=["state", "answer", "answered"])
        audit.record(actor, "process.gate_answer", ic, request=request.pk, approved=approve)
    return gate


def end_parallel_run(ic: InnovationCase, actor, run: PhaseRun) -> PhaseRun:
    """Finish work in a phase that stayed open next to the leading one."""
    if run.innovation_id != ic.pk or run.ended or run.phase_id == ic.phase_id:
        raise ValidationError(_("Only a phase worked on in parallel can be finished here."))
    with transaction.atomic():
        run.ended = timezone.localdate()
        run.save(update_fields=["ended"])
        _touch(ic)
        audit.record(actor, "process.end_parallel", ic, phase=run.phase.code)
    return run


# Checklist and plans


def save_checklist(ic: InnovationCase, actor, states: dict[int, tuple[str, str]]) -> int:
    """``states``: item id -> (state, note) for items of the case's template."""
    items = ChecklistItem.objects.filter(phase__template=ic.template_id, pk__in=states).exclude(
        code__in=DERIVED
    )
    changed = 0
    with transaction.atomic():
        existing = {a.item_id: a for a in ic.answers.filter(item__in=items)}
        for item in items:
            state, note = states[item.pk]
            answer = existing.get(item.pk)
            if answer and (answer.state, answer.note) == (state, note):
                continue
            if answer is None:
                answer = ChecklistAnswer(innovation=ic, item=item)
            answer.state, answer.note, answer.updated_by = state, note, actor
            answer.save()
            changed += 1
        if changed:
            _touch(ic)
            audit.record(actor, "process.checklist", ic, changed=changed)
    return changed


def update(ic: InnovationCase, actor, action: str, **fields) -> InnovationCase:
    """Save classification, people or plans (the fields of one form)."""
    with transaction.atomic():
        current = (
            InnovationCase.objects.select_for_update(of=("self",))
            .select_related("case__organisation")
            .get(pk=ic.pk)
        )
        _check_people(current.case.organisation, fields, current)
        changed = {}
        for name, value in fields.items():
            before = getattr(current, name)
            if before != value:
                changed[name] = [str(before or ""), str(value or "")]
                setattr(current, name, value)
        if changed:
            current.last_activity = timezone.now()
            current.save()
            audit.record(actor, f"process.{action}", current, changes=changed)
            _tell_named(current, actor, [n for n in changed if n in ROLE_NAMES])
    return current


# The roles a person may be named to in an innovation case, as told to them.
ROLE_NAMES = {
    "line_owner": _lazy("owner in the line"),
    "advisor": _lazy("supporting advisor"),
    "receiving_owner": _lazy("receiving line owner"),
    "maintenance_owner": _lazy("maintenance owner"),
}


def _tell_named(ic, actor, fields):
    """Whoever is newly named to a role hears of it (not the person who named themselves)."""
    label = workflow.describe(ic.case)
    for name in fields:
        person = getattr(ic, name)
        if person is None or person.pk == actor.pk:
            continue
        role = ROLE_NAMES[name]
        notify.tell(
            [person],
            "innovation.named",
            lambda role=role: _("You are now %(role)s of %(case)s") % {"role": role, "case": label},
            url=ic.get_absolute_url(),
        )


# Workspace records


def add_record(ic: InnovationCase, actor, form, *, upload=None):
    """Store a participant, task, funding line, indicator, measurement, test or adoption from
    its (valid) model form. A test record's file becomes an attachment of the case."""
    with transaction.atomic():
        obj = form.save(commit=False)
        model = type(obj)
        if model is Task and obj.assignee_id:
            people.check(obj.assignee, "process.assignee", ic.case.organisation)
        if model is Adoption:
            return plan_unit(
                ic, actor, obj.unit, wave=obj.wave, planned_on=obj.planned_on, pilot=obj.pilot
            )
        if model is RolloutWave:
            obj.innovation = ic
            obj.save()
        else:
            if hasattr(obj, "innovation_id"):
                obj.innovation = ic
            if upload is not None:
                obj.attachment = case_services.add_attachment(ic.case, actor, upload, internal=True)
            obj.save()
        _touch(ic)
        audit.record(actor, f"process.add_{model._meta.model_name}", ic, record=obj.pk)
    return obj


def set_task_done(ic: InnovationCase, actor, task, done: bool):
    with transaction.atomic():
        task.done = done
        task.save(update_fields=["done"])
        _touch(ic)
        audit.record(actor, "process.task", ic, task=task.pk, done=done)
    return task


HAND_OVER_ROLES = ("line_owner", "advisor", "receiving_owner", "maintenance_owner")


def hand_over(actor, person, successor, cases) -> int:
    """Give every role ``person`` has in ``cases`` (and the register's handler role) to
    ``successor``; returns how many cases changed hands."""
    moved = 0
    reason = _("Hand-over: %(person)s has left; %(successor)s takes over.") % {
        "person": person,
        "successor": successor,
    }
    with transaction.atomic():
        queryset = InnovationCase.objects.select_for_update().select_related("case")
        for ic in queryset.filter(pk__in=[c.pk for c in cases]):
            roles = [f for f in HAND_OVER_ROLES if getattr(ic, f"{f}_id") == person.pk]
            for f in roles:
                try:
                    people.check(successor, PEOPLE[f], ic.case.organisation)
                except ValidationError as error:
                    raise ValidationError(
                        _("%(case)s: %(refusal)s")
                        % {"case": ic.case.registry_number, "refusal": error.messages[0]}
                    ) from None
            if ic.case.handler_id == person.pk:
                case_services.reassign(
                    ic.case,
                    actor,
                    organisation=ic.case.organisation,
                    handler=successor,
                    reason=reason,
                )
                roles.append("handler")
            if not roles:
                continue
            for f in roles:
                if f != "handler":
                    setattr(ic, f, successor)
            ic.last_activity = timezone.now()
            ic.save()
            audit.record(
                actor, "process.hand_over", ic, roles=roles, person=person.pk, to=successor.pk
            )
            label = workflow.describe(ic.case)
            notify.tell(
                [successor],
                "innovation.hand_over",
                lambda label=label: (
                    _("You take over %(case)s from %(person)s") % {"case": label, "person": person}
                ),
                url=ic.get_absolute_url(),
                body=reason,
            )
            moved += 1
    return moved


def _stale():
    return ValidationError(
        _(
            "The template has changed since the preview was made. Look at what changes again "
            "and move from the new preview."
        )
    )


def move_template(ic: InnovationCase, actor, template: ProcessTemplate, *, reason: str, token=None):
    """Move a running case to the current version of a template – a new version of its own,
    or the template of another innovation type. The case keeps its history; the phase it works
    in and its checklist answers carry over by code (:func:`selectors.map_phase`,
    :func:`selectors.map_items`): a completed item stays completed, and the answers of items
    the new template no longer has stay in the case's history. ``token`` is the
    :func:`selectors.template_fingerprint` the preview was made against: a move from a stale
    preview refuses. One timeline entry and one audit event say so; the case's handler and
    people are told."""
    if not can(actor, "process.move_template", ic):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the case moves to another template."))
    if not template.is_published:
        raise ValidationError(_("Only a published template can be chosen."))
    with transaction.atomic():
        ic = (
            InnovationCase.objects.select_for_update(of=("self",))
            .select_related("template", "phase", "case__handler")
            .get(pk=ic.pk)
        )
        if ic.status not in selectors.RUNNING:
            raise ValidationError(_("A closed case stays on the template it closed on."))
        if template.pk == ic.template_id:
            raise ValidationError(_("The case already runs on this template."))
        current = current_template(template.innovation_type)
        if token is not None and (
            current.pk != template.pk or token != selectors.template_fingerprint(template)
        ):
            raise _stale()
        if current.pk != template.pk:
            raise ValidationError(
                _("Only the newest published version of a template can be chosen.")
            )
        changes = selectors.template_changes(ic.template, template)
        phases = changes["phases"]
        if not phases:
            raise ValidationError(_("A template needs at least one phase."))
        before, here = ic.template, ic.phase
        for run in ic.runs.filter(ended__isnull=True).select_related("phase"):
            run.phase = selectors.map_phase(run.phase, phases)
            run.save(update_fields=["phase"])
        mapping = changes["mapping"]
        carried = set()
        for answer in ic.answers.filter(item__phase__template=before).select_related("item"):
            item = mapping.get(answer.item_id)
            if item is None or item.pk in carried:
                continue
            carried.add(item.pk)
            ChecklistAnswer.objects.update_or_create(
                innovation=ic, item=item,
                defaults={"state": answer.state, "note": answer.note,
                          "updated_by": answer.updated_by},
            )  # fmt: skip
        ic.template, ic.phase = template, selectors.map_phase(here, phases)
        ic.last_activity = timezone.now()
        ic.save(update_fields=["template", "phase", "last_activity"])
        CaseEvent.objects.create(
            case=ic.case,
            type=CaseEvent.Type.EDITED,
            actor=actor,
            body=reason,
            data={
                "fields": ["process_template"],
                "labels": {
                    "from": _both(lambda: f"{before.label} v{before.version}, {here.label}"),
                    "to": _both(lambda: f"{template.label} v{template.version}, {ic.phase.label}"),
                },
            },
        )
        audit.record(
            actor, "process.move_template", ic, before=before.pk, after=template.pk,
            phase=ic.phase.code, kept=len(carried),
        )  # fmt: skip
        label = workflow.describe(ic.case)
        other_type = before.innovation_type != template.innovation_type
        notify.tell(
            [p for p in (ic.case.handler, *(getattr(ic, f) for f in PEOPLE)) if p and p != actor],
            "innovation.template",
            lambda: (
                (
                    _("%(case)s is now a case of the type %(template)s")
                    if other_type
                    else _("%(case)s now runs on version %(version)s of its template")
                )
                % {"case": label, "template": template.label, "version": template.version}
            ),
            url=ic.get_absolute_url(),
            body=reason,
        )
    return ic


def move_cases(actor, template: ProcessTemplate, cases, *, token: str, reason: str = ""):
    """Move the chosen running cases on older versions to ``template``, the newest version of
    their type, from the template page's preview. Refused as a whole – nothing moved – when
    the preview is stale or a chosen case is finished or not behind; then each case moves in
    a transaction of its own (:func:`move_template`). Returns the moved cases."""
    if not can(actor, "process.templates", template):
        raise PermissionDenied
    if current_template(
        template.innovation_type
    ).pk != template.pk or token != selectors.template_fingerprint(template):
        raise _stale()
    chosen = list(
        InnovationCase.objects.filter(pk__in=[c.pk for c in cases]).select_related(
            "case", "template"
        )
    )
    if not chosen:
        raise ValidationError(_("Choose the cases to move."))
    for ic in chosen:
        if ic.status not in selectors.RUNNING:
            raise ValidationError(
                _("%(case)s is finished: it stays on the template it finished on.")
                % {"case": ic.case.registry_number}
            )
        if (
            ic.template.innovation_type != template.innovation_type
            or ic.template.version >= template.version
        ):
            raise ValidationError(
                _("%(case)s does not run on an older version of this template.")
                % {"case": ic.case.registry_number}
            )
    reason = (reason or "").strip() or str(
        _("The template has a new version (v%(version)s).") % {"version": template.version}
    )
    return [move_template(ic, actor, template, reason=reason, token=token) for ic in chosen]


# The roll-out: target units in waves, each unit's adoption a dated history


def plan_unit(ic: InnovationCase, actor, unit, *, wave=None, planned_on=None, pilot=False):
    """Put a unit in the roll-out plan (planned). A unit is in the plan once: its later steps
    are taken on its adoption (:func:`adoption_step`), so its history is never overwritten."""
    if not can(actor, "process.work", ic):
        raise PermissionDenied
    if unit.kind == unit.Kind.EXTERNAL:
        raise ValidationError(_("Only the region's own units can be in the roll-out plan."))
    if wave is not None and wave.innovation_id != ic.pk:
        raise ValidationError(_("Choose a wave of this case."))
    today = timezone.localdate()
    with transaction.atomic():
        InnovationCase.objects.select_for_update().get(pk=ic.pk)
        if ic.adoptions.filter(unit=unit).exists():
            raise ValidationError(
                _("%(unit)s is already in the roll-out plan; take the next step on its row.")
                % {"unit": unit.name}
            )
        adoption = Adoption.objects.create(
            innovation=ic,
            unit=unit,
            wave=wave,
            pilot=pilot,
            planned_on=planned_on or (wave.planned_start if wave else None),
            adopted_on=today,
            status=Adoption.Status.PLANNED,
        )
        AdoptionStep.objects.create(
            adoption=adoption, status=Adoption.Status.PLANNED, on=today, by=actor
        )
        label = workflow.describe(ic.case)
        notify.tell(
            [m for m in managers_of(unit) if m.pk != actor.pk],
            "adoption.planned",
            lambda: (
                _("%(case)s is planned for %(unit)s: confirm here when it is in use")
                % {"case": label, "unit": unit.name}
            ),
            url=adoption.get_absolute_url(),
        )
        _touch(ic)
        audit.record(
            actor, "process.add_adoption", ic, record=adoption.pk, unit=unit.pk, pilot=pilot,
            wave=wave.pk if wave else None,
        )  # fmt: skip
    return adoption


def adoption_step(adoption: Adoption, actor, code: str, *, on=None, note: str = "") -> Adoption:
    """Take a step of a unit's adoption through the engine (who may, and who is told, are in
    ``workflows.ADOPTION_TRANSITIONS``) and keep it, dated and signed, in its history."""
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    with transaction.atomic():
        locked = (
            Adoption.objects.select_for_update(of=("self",))
            .select_related("innovation__case", "unit")
            .get(pk=adoption.pk)
        )
        last = locked.steps.order_by("-on", "-id").first()
        if last is not None and on < last.on:
            raise ValidationError(
                _("The date cannot be before the unit's previous step (%(date)s).")
                % {"date": last.on.isoformat()}
            )
        transition = workflow.apply(
            locked, code, actor, reason=note, unit=locked.unit_id, on=on.isoformat()
        )
        status = transition.target.code
        locked.adopted_on = on
        if status == Adoption.Status.IN_USE:
            locked.confirmed_by = actor
        locked.save(update_fields=["adopted_on", "confirmed_by", "updated"])
        AdoptionStep.objects.create(
            adoption=locked, status=status, on=on, by=actor, note=(note or "")[:500]
        )
        _touch(locked.innovation)
    adoption.status, adoption.adopted_on = locked.status, on
    return locked


# Correcting records: every record added to a case can be changed or removed by whoever works
# the case; the old value stays in the audit trail.

RECORD_MODELS = {
    "participant": Participant,
    "task": Task,
    "funding": Funding,
    "indicator": Indicator,
    "measurement": Measurement,
    "test": TestRecord,
    "wave": RolloutWave,
    "adoption": Adoption,
}


def records_of(ic: InnovationCase, kind: str):
    model = RECORD_MODELS[kind]
    if model is Measurement:
        return model.objects.filter(indicator__innovation=ic)
    return model.objects.filter(innovation=ic)


def _snapshot(obj) -> dict:
    """The record's own values as text (what the audit trail keeps of it)."""
    values = {}
    for f in obj._meta.concrete_fields:
        if f.primary_key or f.name in ("innovation", "updated"):
            continue
        value = getattr(obj, f.name)
        values[f.name] = "" if value is None else str(value)
    return values


def change_record(ic: InnovationCase, actor, kind: str, form):
    """Save a corrected record from its (valid) bound model form; the audit event keeps each
    changed field's old and new value."""
    if not can(actor, "process.work", ic):
        raise PermissionDenied
    obj = form.instance
    with transaction.atomic():
        before = _snapshot(type(obj).objects.select_for_update().get(pk=obj.pk))
        if kind == "task" and form.cleaned_data.get("assignee"):
            people.check(form.cleaned_data["assignee"], "process.assignee", ic.case.organisation)
        obj = form.save()
        after = _snapshot(obj)
        changes = {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}
        if changes:
            _touch(ic)
            audit.record(
                actor, f"process.change_{type(obj)._meta.model_name}", ic, record=obj.pk,
                changes=changes,
            )  # fmt: skip
    return obj


def remove_record(ic: InnovationCase, actor, kind: str, obj) -> None:
    """Remove a record; the audit event keeps what it held (a unit's roll-out history and an
    indicator's measurements with it)."""
    if not can(actor, "process.work", ic):
        raise PermissionDenied
    with transaction.atomic():
        removed = _snapshot(obj)
        if isinstance(obj, Adoption):
            removed["steps"] = [_snapshot(step) for step in obj.steps.all()]
        if isinstance(obj, Indicator):
            removed["measurements"] = [_snapshot(m) for m in obj.measurements.all()]
        pk = obj.pk
        obj.delete()
        _touch(ic)
        audit.record(
            actor, f"process.remove_{type(obj)._meta.model_name}", ic, record=pk, removed=removed
        )


# --- The showcase (Infört i regionen) -------------------------------------------------------

SHOWCASE_FIELDS = ("problem_sv", "problem_en", "solution_sv", "solution_en")


def save_showcase(ic: InnovationCase, actor, **texts) -> Showcase:
    """Write the showcase's public words of ``ic``; they are shown once the case is public and
    in maintenance or use (``showcase.eligible``)."""
    if not can(actor, "process.work", ic):
        raise PermissionDenied
    with transaction.atomic():
        current = InnovationCase.objects.select_for_update(of=("self",)).get(pk=ic.pk)
        item = Showcase.objects.filter(innovation=current).first() or Showcase(innovation=current)
        changed = [name for name in SHOWCASE_FIELDS if getattr(item, name) != texts.get(name, "")]
        for name in SHOWCASE_FIELDS:
            setattr(item, name, texts.get(name, ""))
        item.save()
        if changed:
            current.last_activity = timezone.now()
            current.save(update_fields=["last_activity"])
        audit.record(actor, "process.showcase", current, fields=changed)
    return item


def showcase_client(request) -> str:
    """A keyed hash of the client's address: enough to count, nothing to identify."""
    return salted_hmac("slussen.process.showcase", client_ip(request)).hexdigest()


def within_showcase_limit(client: str) -> bool:
    """Count one "we want to use this" message; the public intake's hourly limit applies."""
    name = "INTAKE_RATE_LIMIT_PER_HOUR"
    limit = int(getattr(settings, name, os.environ.get(name, 10)))
    return ratelimit.hit(f"showcase:{client}", limit, 3600).allowed


def ask_to_reuse(item: Showcase, *, name, organisation, email, message, url="") -> None:
    """Another region (or anyone) wants to use a showcased innovation: the case's handler and
    its advisor are told, with the words and the address to answer. Nothing is stored beyond the
    notice itself and an audit line without the message."""
    ic = item.innovation
    case = ic.case
    with transaction.atomic():
        audit.record(None, "process.reuse_asked", ic, organisation=organisation)
        text = "\n\n".join([f"{name}, {organisation} <{email}>", message])
        notify.tell(
            [case.handler, ic.advisor],
            "process.reuse",
            lambda: (
                _("“%(title)s”: %(organisation)s wants to use it")
                % {"title": case.title, "organisation": organisation}
            ),
            url=url,
            body=text,
        )
