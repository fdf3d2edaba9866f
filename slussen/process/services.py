"""Every write of the innovation process: one transaction each, each with its audit event.

A gate decision also lands on the register's timeline (``cases.CaseEvent``) with its basis.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from slussen.accounts import people
from slussen.cases import services as case_services
from slussen.cases.models import CaseEvent
from slussen.core import audit, workflow
from slussen.core.permissions import can

from .models import (
    Adoption,
    ChecklistAnswer,
    ChecklistItem,
    GateDecision,
    GenericPhase,
    InnovationCase,
    PhaseRun,
    ProcessTemplate,
    Task,
    TemplatePhase,
)

# Checklist items whose state follows from the case's own fields, not from a tick.
DERIVED = {
    "spread_plan": lambda ic: bool(ic.spread_plan.strip() and ic.receiving_owner_id),
    "maintenance": lambda ic: bool(ic.maintenance_owner_id and ic.maintenance_plan.strip()),
}


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


def gate_problems(ic: InnovationCase, decision: str, target: TemplatePhase | None) -> list[str]:
    """What stops a 'go' decision from the leading phase; empty when it may pass."""
    if decision != GateDecision.Decision.GO or ic.status == InnovationCase.Status.PAUSED:
        return []
    here = ic.phase
    problems = []
    leaves_development = here.generic == GenericPhase.DEVELOPMENT and (
        target is None or target.generic == GenericPhase.IMPLEMENTATION
    )
    if leaves_development and not DERIVED["spread_plan"](ic):
        problems.append(
            _(
                "The implementation and spread plan is missing. Write the plan and name the "
                "receiving line owner before the case leaves development and testing."
            )
        )
    if target is None and not DERIVED["maintenance"](ic):
        problems.append(
            _(
                "No maintenance owner and plan. Name who owns the solution in the line after "
                "the project and write the maintenance plan before the case can close as "
                "implemented."
            )
        )
    answers = {a.item_id: a.state for a in ic.answers.filter(item__phase=here)}
    for item in here.checklist.filter(required=True):
        if item.code in DERIVED:
            continue  # covered by the rules above, with their own message
        if answers.get(item.pk) not in (
            ChecklistAnswer.State.DONE,
            ChecklistAnswer.State.NOT_APPLICABLE,
        ):
            problems.append(
                _("Checklist: “%(item)s” must be done or judged not applicable.")
                % {"item": item.label}
            )
    return problems


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
) -> GateDecision:
    """Record a gate decision and move the case: go (next or chosen later phase, or close as
    implemented after the last), go back (to an earlier phase), pause, stop."""
    D = GateDecision.Decision
    basis = (basis or "").strip()
    if not basis:
        raise ValidationError(_("Write the basis for the decision."))
    if not can(actor, "process.decide", ic):
        raise PermissionDenied
    if zone == GateDecision.Zone.RED and not can(actor, "process.decide_red", ic):
        raise ValidationError(
            _(
                "A red decision needs leadership mandate (head of innovation, line manager or "
                "central coordinator). Ask someone with that mandate to record it."
            )
        )
    if decided_on > timezone.localdate():
        raise ValidationError(_("The decision date cannot be in the future."))
    with transaction.atomic():
        ic = (
            InnovationCase.objects.select_for_update().select_related("phase", "case").get(pk=ic.pk)
        )
        if ic.status in (InnovationCase.Status.STOPPED, InnovationCase.Status.IMPLEMENTED):
            raise ValidationError(_("The case is closed; no further gate decisions."))
        here = ic.phase
        phases = list(ic.template.phases.order_by("order"))
        later = [p for p in phases if p.order > here.order]
        earlier = [p for p in phases if p.order < here.order]
        closes = False
        resumes = decision == D.GO and ic.status == InnovationCase.Status.PAUSED
        if decision == D.GO and not resumes:
            if to_phase is None:
                to_phase = later[0] if later else None
            elif to_phase not in later:
                raise ValidationError(_("Choose a later phase for a go decision."))
            closes = to_phase is None
        elif decision == D.BACK:
            if to_phase is None and earlier:
                to_phase = earlier[-1]
            if to_phase not in earlier:
                raise ValidationError(_("Choose an earlier phase to go back to."))
        else:
            to_phase = None
        problems = gate_problems(ic, decision, to_phase)
        if problems:
            raise ValidationError(problems)
        today = decided_on
        gate = GateDecision.objects.create(
            innovation=ic,
            decision=decision,
            from_phase=here,
            to_phase=to_phase,
            overlap=bool(overlap and decision == D.GO and to_phase),
            basis=basis,
            zone=zone,
            decided_by=actor,
            decided_on=decided_on,
            closes_case=closes,
        )
        runs = ic.runs.filter(ended__isnull=True)
        if decision == D.GO and to_phase is not None:
            if not gate.overlap:
                runs.filter(phase=here).update(ended=today)
            PhaseRun.objects.create(innovation=ic, phase=to_phase, started=today)
            ic.phase = to_phase
        elif decision == D.BACK:
            runs.update(ended=today)
            PhaseRun.objects.create(innovation=ic, phase=to_phase, started=today, reopened=True)
            ic.phase = to_phase
        elif decision == D.PAUSE:
            ic.status = InnovationCase.Status.PAUSED
        elif resumes:
            ic.status = InnovationCase.Status.ACTIVE
        else:  # stop, or go past the last phase
            runs.update(ended=today)
            ic.status = (
                InnovationCase.Status.IMPLEMENTED if closes else InnovationCase.Status.STOPPED
            )
            ic.closed_on = today
        ic.last_activity = timezone.now()
        ic.save(update_fields=["phase", "status", "closed_on", "last_activity"])
        CaseEvent.objects.create(
            case=ic.case,
            type=CaseEvent.Type.TRANSITION,
            actor=actor,
            body=basis,
            visible_to_submitter=False,
            data={
                "from": here.code,
                "to": to_phase.code if to_phase else ic.status,
                "transition": f"process.{decision}",
                "zone": zone,
            },
        )
        audit.record(
            actor,
            f"process.gate_{decision}",
            ic,
            from_phase=here.code,
            to_phase=to_phase.code if to_phase else "",
            zone=zone,
            status=ic.status,
        )
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
    return current


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
            obj, _created = Adoption.objects.update_or_create(
                innovation=ic,
                unit=obj.unit,
                defaults={"adopted_on": obj.adopted_on, "status": obj.status},
            )
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
            moved += 1
    return moved
