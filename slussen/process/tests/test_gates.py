"""Gate decisions on the service layer: the rules that carry the process."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from slussen.cases.models import CaseEvent
from slussen.core import workflow
from slussen.process import services
from slussen.process.models import ChecklistAnswer, GateDecision, InnovationCase

from .conftest import start_service_case

TODAY = date.today()


def go(ic, user, **kw):
    """A decision in the zone its phases need; a yellow one approved by the line manager."""
    from slussen.process.guards import required_zone
    from slussen.process.models import GateRequest
    from slussen.process.rules import line_managers

    kw.setdefault("decision", "go")
    kw.setdefault("basis", "Underlaget räcker.")
    kw.setdefault("decided_on", TODAY)
    if "zone" not in kw:
        ic.refresh_from_db()
        later = [p for p in ic.template.phases.order_by("order") if p.order > ic.phase.order]
        target = kw.get("to_phase") or (later[0] if later else None)
        needed = required_zone(ic, {"here": ic.phase, "to_phase": target})
        kw["zone"] = needed if kw["decision"] == "go" and ic.status == "active" else "green"
    manager = line_managers(ic).first()
    result = services.decide(ic, user, manager=manager, **kw)
    if isinstance(result, GateRequest):
        return services.answer_request(result, manager, approve=True)
    return result


def tick(ic, user, *codes):
    items = ic.template.phases.get(pk=ic.phase_id).checklist.filter(code__in=codes)
    services.save_checklist(ic, user, {i.pk: ("done", "") for i in items})


def test_starting_a_new_case_accepts_it_in_the_register(world, innovation):
    world.case.refresh_from_db()
    assert world.case.state.code == "accepted"
    assert innovation.runs.get().phase.code == "problem"
    with pytest.raises(ValidationError):
        start_service_case(world)  # only once


def test_a_closed_case_cannot_start(world):
    workflow.apply(world.case, "close", world.advisor, reason="Dubblett")
    with pytest.raises(ValidationError, match="reopen|öppna"):
        start_service_case(world)


def test_only_those_who_handle_the_case_start_it(world):
    with pytest.raises(PermissionDenied):
        services.start(
            world.case,
            world.advisor_other,
            innovation_type="service",
            novelty="world",
            degree="radical",
        )


def test_gates_enforce_checklist_spread_plan_and_maintenance(world, innovation):
    ic, advisor = innovation, world.advisor
    go(ic, advisor)  # problem -> ideas
    go(ic, advisor)  # ideas -> concept
    ic.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        go(ic, advisor)  # GDPR is required in the concept phase
    assert "GDPR" in str(error.value)  # the item label, in whichever language is active
    tick(ic, advisor, "gdpr")
    go(ic, advisor)  # concept -> pilot
    ic.refresh_from_db()
    tick(ic, advisor, "patient_safety")
    with pytest.raises(ValidationError) as error:
        go(ic, advisor)  # pilot -> spread needs the spread plan
    assert "spread plan is missing" in str(error.value) or "spridning saknas" in str(error.value)
    ic = services.update(
        ic, advisor, "plans", spread_plan="Tre IVA-enheter 2027.", receiving_owner=world.manager
    )
    go(ic, advisor)  # -> spread
    go(ic, advisor)  # -> maintain
    ic.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        go(ic, advisor)  # closing needs maintenance owner and plan
    assert "maintenance" in str(error.value).lower() or "förvaltning" in str(error.value)
    ic = services.update(
        ic, advisor, "plans", maintenance_owner=world.manager, maintenance_plan="Linjen förvaltar."
    )
    decision = go(ic, advisor)
    ic.refresh_from_db()
    assert decision.closes_case and ic.status == "implemented" and ic.closed_on == TODAY
    assert not ic.runs.filter(ended__isnull=True).exists()
    events = CaseEvent.objects.filter(case=ic.case, data__transition="process.go")
    assert events.count() == 6


def test_red_decisions_need_mandate(world, innovation):
    with pytest.raises(ValidationError, match="mandat|mandate"):
        services.decide(
            innovation,
            world.advisor,
            decision="stop",
            basis="Ingen finansiering.",
            zone="red",
            decided_on=TODAY,
        )
    with pytest.raises(ValidationError, match="mandat|mandate"):  # a line manager: yellow
        services.decide(
            innovation,
            world.manager,
            decision="stop",
            basis="Ingen finansiering.",
            zone="red",
            decided_on=TODAY,
        )
    assert services.decide(
        innovation,
        world.coordinator,
        decision="stop",
        basis="Ingen finansiering.",
        zone="red",
        decided_on=TODAY,
    )
    innovation.refresh_from_db()
    assert innovation.status == "stopped"
    # A head of innovation has red mandate at Karolinska, not at SöS.
    from slussen.core.permissions import can

    assert not can(world.innovation_head, "process.decide_red", innovation)
    assert can(world.coordinator, "process.decide_red", innovation)


def test_going_back_and_overlapping_phases_are_kept_as_periods(world, innovation):
    ic = innovation
    go(ic, world.advisor)  # problem -> ideas
    ic.refresh_from_db()
    go(ic, world.advisor, to_phase=ic.template.phases.get(code="concept"), overlap=True)
    ic.refresh_from_db()
    open_codes = sorted(r.phase.code for r in ic.runs.filter(ended__isnull=True))
    assert open_codes == ["concept", "ideas"]  # ideas continue in parallel
    services.decide(
        ic,
        world.advisor,
        decision="back",
        basis="Behovet måste utredas om.",
        zone="green",
        decided_on=TODAY,
        to_phase=ic.template.phases.get(code="problem"),
    )
    ic.refresh_from_db()
    assert ic.phase.code == "problem"
    reopened = ic.runs.get(ended__isnull=True)
    assert reopened.reopened and reopened.phase.code == "problem"
    assert [r.phase.code for r in ic.runs.order_by("id")] == [
        "problem",
        "ideas",
        "concept",
        "problem",
    ]
    with pytest.raises(ValidationError):  # going back needs an earlier phase
        services.decide(
            ic,
            world.advisor,
            decision="back",
            basis="x",
            zone="green",
            decided_on=TODAY,
            to_phase=ic.template.phases.get(code="maintain"),
        )


def test_ending_parallel_work(world, innovation):
    ic = innovation
    go(ic, world.advisor, overlap=True)
    ic.refresh_from_db()
    parallel = ic.runs.get(phase__code="problem")
    services.end_parallel_run(ic, world.advisor, parallel)
    parallel.refresh_from_db()
    assert parallel.ended == TODAY
    with pytest.raises(ValidationError):
        services.end_parallel_run(ic, world.advisor, ic.runs.get(phase__code="ideas"))


def test_pause_and_resume(world, innovation):
    services.decide(
        innovation,
        world.advisor,
        decision="pause",
        basis="Väntar på finansiering.",
        zone="green",
        decided_on=TODAY,
    )
    innovation.refresh_from_db()
    assert innovation.status == "paused"
    go(innovation, world.advisor, basis="Finansiering beviljad.")
    innovation.refresh_from_db()
    assert innovation.status == "active" and innovation.phase.code == "problem"


def test_decision_needs_basis_and_no_future_date(world, innovation):
    with pytest.raises(ValidationError):
        go(innovation, world.advisor, basis="  ")
    with pytest.raises(ValidationError):
        go(innovation, world.advisor, decided_on=TODAY + timedelta(days=1))
    with pytest.raises(PermissionDenied):
        go(innovation, world.advisor_other)
    assert not GateDecision.objects.exists()


def test_checklist_answers_are_stored_per_case(world, innovation):
    item = innovation.phase.checklist.get(code="partners")
    assert (
        services.save_checklist(innovation, world.advisor, {item.pk: ("not_applicable", "Inga")})
        == 1
    )
    assert (
        services.save_checklist(innovation, world.advisor, {item.pk: ("not_applicable", "Inga")})
        == 0
    )
    assert ChecklistAnswer.objects.get(item=item).state == "not_applicable"
    assert InnovationCase.objects.get().last_activity >= innovation.started
