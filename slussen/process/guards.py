"""What the innovation workflow's steps check, and whom they tell (declared by code; the
definition in ``workflows.py`` names them).

The context a gate hands to its guards: ``here`` (the leading phase), ``to_phase`` (where a go
or go-back decision leads; ``None`` when the case closes), ``zone`` (the mandate zone the
decision is taken in) and ``approval_pending`` (a yellow decision being sent to its line
manager: the decider is checked when the manager approves).
"""

from django.utils.translation import gettext as _

from slussen.core.permissions import can
from slussen.core.workflow import audience, guard

from .models import ZONE_ORDER, ChecklistAnswer, GenericPhase, InnovationCase, Zone
from .rules import DECIDERS, PEOPLE
from .templates_data import MDR_ITEMS, SCREENING

DONE = (ChecklistAnswer.State.DONE, ChecklistAnswer.State.NOT_APPLICABLE)


def passed_phases(ic, context) -> list:
    """The phases a go decision leaves behind: the leading phase and every phase it skips
    (for closing: the leading phase and every phase after it)."""
    here, target = context.get("here") or ic.phase, context.get("to_phase")
    phases = list(ic.template.phases.order_by("order"))
    end = target.order if target is not None else float("inf")
    return [p for p in phases if here.order <= p.order < end]


def entered_phases(ic, context) -> list:
    here, target = context.get("here") or ic.phase, context.get("to_phase")
    if target is None:
        return []
    return [p for p in ic.template.phases.order_by("order") if here.order < p.order <= target.order]


def spread_plan_ready(ic) -> bool:
    return bool(ic.spread_plan.strip() and ic.receiving_owner_id)


def maintenance_ready(ic) -> bool:
    return bool(ic.maintenance_owner_id and ic.maintenance_plan.strip())


# Checklist items whose state follows from the case's own fields, not from a tick.
DERIVED = {"spread_plan": spread_plan_ready, "maintenance": maintenance_ready}


def medical_purpose(ic) -> bool:
    """The screening answered yes: software or a device with a medical purpose."""
    return ic.answers.filter(item__code=SCREENING, state=ChecklistAnswer.State.DONE).exists()


def required(ic, item, medical=None) -> bool:
    """Required by the template, the screening itself (compulsory in every version, also those
    published before it was), or an MDR item of a case screened as having a medical purpose."""
    if item.required or item.code == SCREENING:
        return True
    if item.code not in MDR_ITEMS:
        return False
    return medical_purpose(ic) if medical is None else medical


@guard("process.passed_phases")
def required_items_done(ic, transition, user, context):
    """Every required item of every phase the case leaves or skips is done or judged not
    applicable: a gate is never passed with its regulation checks open."""
    phases = passed_phases(ic, context)
    answers = {
        a.item_id: a.state for a in ic.answers.filter(item__phase__in=phases, state__in=DONE)
    }
    problems = []
    for phase in phases:
        for item in phase.checklist.all():
            if not required(ic, item):
                continue
            if item.code in DERIVED or answers.get(item.pk) in DONE:
                continue  # the derived items have rules of their own, with their own message
            problems.append(
                _("“%(phase)s”: “%(item)s” must be done or judged not applicable.")
                % {"phase": phase.label, "item": item.label}
            )
    return problems


@guard("process.spread_plan")
def spread_plan(ic, transition, user, context):
    target = context.get("to_phase")
    leaves_development = any(
        p.generic == GenericPhase.DEVELOPMENT for p in passed_phases(ic, context)
    ) and (target is None or target.generic == GenericPhase.IMPLEMENTATION)
    if leaves_development and not spread_plan_ready(ic):
        return [
            _(
                "The implementation and spread plan is missing. Write the plan and name the "
                "receiving line owner before the case leaves development and testing."
            )
        ]
    return []


@guard("process.maintenance")
def maintenance(ic, transition, user, context):
    if not maintenance_ready(ic):
        return [
            _(
                "No maintenance owner and plan. Name who owns the solution in the line after "
                "the project and write the maintenance plan before the case can close as "
                "implemented."
            )
        ]
    return []


def required_zone(ic, context) -> str:
    zones = [p.entry_zone for p in entered_phases(ic, context)] or [Zone.GREEN]
    return max(zones, key=ZONE_ORDER.index)


@guard("process.mandate")
def mandate(ic, transition, user, context):
    """The decision is taken in a zone at least as high as the phases it enters need, by a
    person who holds that zone's mandate (``rules.DECIDERS``)."""
    zone = context.get("zone") or Zone.GREEN
    needed = required_zone(ic, context)
    if ZONE_ORDER.index(zone) < ZONE_ORDER.index(needed):
        return [
            _("This decision needs at least the mandate zone “%(zone)s”.")
            % {"zone": Zone(needed).label}
        ]
    if context.get("approval_pending"):
        return []  # checked again when the named line manager approves
    if not can(user, DECIDERS[zone], ic):
        if zone == Zone.YELLOW:
            return [
                _(
                    "A yellow decision is taken with the line manager: choose the manager, "
                    "who approves it in Slussen."
                )
            ]
        if zone == Zone.RED:
            return [
                _(
                    "A red decision needs leadership mandate (the head of the innovation unit "
                    "or a central coordinator). Ask someone with that mandate to record it."
                )
            ]
        return [_("You may not decide on this case.")]
    return []


# Who is told


@audience("process.submitter", email=False, reason=False)
def submitter(ic):
    """The submitter sees it in Slussen; the tracking mail goes to every follower from the
    timeline event (``intake``), in the words the submitter knows."""
    submitter = ic.case.submitter
    if submitter is not None and not submitter.is_external:
        return [(submitter, ic.case.get_absolute_url())]
    return []


@audience("process.handler")
def handler(ic):
    return [ic.case.handler]


@audience("process.people")
def people(ic):
    return [getattr(ic, name) for name in PEOPLE]


# The roll-out


@guard("process.adoption_open")
def adoption_open(adoption, transition, user, context):
    if adoption.innovation.status == InnovationCase.Status.STOPPED:
        return [_("The case is stopped; its roll-out does not go on.")]
    return []


@audience("process.unit_managers")
def unit_managers(adoption):
    from slussen.accounts.hierarchy import managers_of

    return managers_of(adoption.unit)


@audience("process.adoption_people")
def adoption_people(adoption):
    ic = adoption.innovation
    return [ic.case.handler, *(getattr(ic, name) for name in PEOPLE)]
