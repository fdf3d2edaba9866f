"""No gate is skipped past its regulation checks, and only the person entitled decides."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from slussen.accounts.models import Membership
from slussen.cases.models import CaseEvent
from slussen.core.models import Notification
from slussen.process import services
from slussen.process.models import GateRequest

from .conftest import start_service_case

TODAY = date.today()


def medical_device(world):
    return start_service_case(world, innovation_type="medical_device")


def test_skipping_phases_checks_every_required_item_of_the_phases_passed_over(world):
    ic = medical_device(world)
    concept = ic.template.phases.get(code="concept")
    clinical = ic.template.phases.get(code="clinical_use")
    ic.phase = concept  # put the case in the concept phase, as the issue found it
    ic.save(update_fields=["phase"])
    with pytest.raises(ValidationError) as error:
        services.decide(
            ic,
            world.coordinator,  # even with every mandate
            decision="go",
            basis="Hoppa till klinisk användning.",
            zone="red",
            decided_on=TODAY,
            to_phase=clinical,
        )
    problems = " ".join(error.value.messages)
    skipped = ic.template.phases.filter(order__gte=concept.order, order__lt=clinical.order)
    required = [
        item
        for phase in skipped
        for item in phase.checklist.filter(required=True).exclude(code__in=services.DERIVED)
    ]
    assert len(required) >= 4
    for item in required:  # GDPR, ethics, test plan, patient safety … each named
        assert item.label in problems
    assert "spridning" in problems or "spread" in problems  # and the spread plan
    ic.refresh_from_db()
    assert ic.phase == concept and not ic.decisions.exists()


def test_a_green_decision_cannot_enter_a_phase_that_needs_leadership(world):
    ic = medical_device(world)
    ic.phase = ic.template.phases.get(code="manufacturing")
    ic.save(update_fields=["phase"])
    for phase in ic.template.phases.all():
        for item in phase.checklist.filter(required=True).exclude(code__in=services.DERIVED):
            services.save_checklist(ic, world.advisor, {item.pk: ("done", "")})
    services.update(ic, world.advisor, "plans", spread_plan="Plan", receiving_owner=world.manager)
    ic.refresh_from_db()
    for zone in ("green", "yellow"):
        with pytest.raises(ValidationError, match="Röd|Red"):
            services.decide(
                ic,
                world.advisor,
                decision="go",
                basis="In i klinisk användning.",
                zone=zone,
                decided_on=TODAY,
                manager=world.manager,
            )
    with pytest.raises(ValidationError, match="mandat|mandate"):  # red, but not the advisor's
        services.decide(ic, world.advisor, decision="go", basis="x", zone="red", decided_on=TODAY)
    assert not GateRequest.objects.exists() and not ic.decisions.exists()


def test_a_yellow_decision_is_taken_when_the_named_line_manager_approves(world):
    ic = start_service_case(world)
    ic.phase = ic.template.phases.get(code="concept")
    ic.save(update_fields=["phase"])
    item = ic.phase.checklist.get(code="gdpr")
    services.save_checklist(ic, world.advisor, {item.pk: ("done", "")})
    ic.refresh_from_db()
    # The pilot needs the line manager: the advisor cannot just tick "yellow".
    with pytest.raises(ValidationError, match="chef|manager"):
        services.decide(
            ic, world.advisor, decision="go", basis="Piloten", zone="green", decided_on=TODAY
        )
    with pytest.raises(ValidationError, match="chef|manager"):
        services.decide(
            ic, world.advisor, decision="go", basis="Piloten", zone="yellow", decided_on=TODAY
        )
    # Someone who is not a line manager of SöS cannot be named, nor an external user.
    for wrong in (world.external, world.advisor_other, world.coordinator):
        with pytest.raises(ValidationError):
            services.decide(
                ic,
                world.advisor,
                decision="go",
                basis="Piloten",
                zone="yellow",
                decided_on=TODAY,
                manager=wrong,
            )
    request = services.decide(
        ic,
        world.advisor,
        decision="go",
        basis="Piloten på IVA är förberedd.",
        zone="yellow",
        decided_on=TODAY,
        manager=world.manager,
    )
    assert isinstance(request, GateRequest)
    ic.refresh_from_db()
    assert ic.phase.code == "concept"  # nothing is decided yet
    assert Notification.objects.filter(
        recipient=world.manager, kind="innovation.approval_requested"
    )
    # Only the named manager answers.
    for other in (world.advisor, world.innovation_head, world.coordinator):
        with pytest.raises(PermissionDenied):
            services.answer_request(request, other, approve=True)
    gate = services.answer_request(request, world.manager, approve=True, answer="Ok.")
    ic.refresh_from_db()
    assert ic.phase.code == "pilot"
    assert gate.approved_by == world.manager and gate.decided_by == world.advisor
    with pytest.raises(ValidationError):  # a double click approves once
        services.answer_request(request, world.manager, approve=True)
    assert ic.decisions.count() == 1


def test_a_refused_yellow_decision_tells_the_advisor_why(world):
    ic = start_service_case(world)
    request = services.decide(
        ic,
        world.advisor,
        decision="pause",
        basis="Vänta på budget.",
        zone="yellow",
        decided_on=TODAY,
        manager=world.manager,
    )
    with pytest.raises(ValidationError):
        services.answer_request(request, world.manager, approve=False)  # no reason
    services.answer_request(request, world.manager, approve=False, answer="Budgeten finns.")
    ic.refresh_from_db()
    assert ic.status == "active"
    notice = Notification.objects.get(recipient=world.advisor, kind="innovation.approval_refused")
    assert "Budgeten finns." in notice.body


def test_a_line_manager_above_the_unit_may_approve(world):
    ic = start_service_case(world)
    Membership.objects.create(user=world.innovation_head, organisation=world.region, role="manager")
    request = services.decide(
        ic,
        world.advisor,
        decision="pause",
        basis="Paus.",
        zone="yellow",
        decided_on=TODAY,
        manager=world.innovation_head,
    )
    services.answer_request(request, world.innovation_head, approve=True)
    ic.refresh_from_db()
    assert ic.status == "paused"


def _colleague(world):
    """A nurse at SöS who is neither the submitter nor handles cases."""
    from slussen.accounts.models import User

    lisa = User.objects.create_user("lisa.berg@example.org", "x" * 16, full_name="Lisa Berg")
    Membership.objects.create(user=lisa, organisation=world.sos, role="employee")
    return lisa


def test_gate_decisions_tell_the_people_of_the_case_and_the_submitter_follows(world, client):
    lisa = _colleague(world)
    ic = start_service_case(world, maintenance_owner=lisa)
    assert (
        Notification.objects.filter(recipient=world.manager, kind="innovation.named").count() == 0
    )
    services.decide(
        ic, world.advisor, decision="go", basis="Behovet bekräftat.", zone="green", decided_on=TODAY
    )
    told = set(
        Notification.objects.filter(kind="innovation.go").values_list("recipient__email", flat=True)
    )
    # The submitter, the line owner (manager) and the maintenance owner; not the advisor who
    # decided it.
    assert told == {world.employee.email, world.manager.email, lisa.email}
    # The basis is the region's: the line hears it, the submitter hears what happened.
    notices = Notification.objects.filter(kind="innovation.go")
    assert notices.get(recipient=world.manager).body == "Behovet bekräftat."
    submitters = notices.get(recipient=world.employee)
    assert submitters.body == "" and "”Generera idéer”" in submitters.title
    progress = CaseEvent.objects.filter(case=ic.case, type="progress").last()
    assert progress.visible_to_submitter and "Generera idéer" in progress.data["text"]["sv"]
    assert "Generate ideas" in progress.data["text"]["en"]
    # No codes on the register's timeline.
    client.force_login(world.advisor)
    page = client.get(ic.case.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    timeline = page[page.index('<ol class="timeline">') : page.index("</ol>")]
    assert "Från Identifiera problem och behov till Generera idéer" in timeline
    for code in ("problem", "ideas", "need_idea", "process.go", "active"):
        assert not re.search(rf"\b{re.escape(code)}\b", timeline.replace("Identifiera problem", ""))


def test_a_named_owner_is_told_and_reaches_the_case_documents(world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from slussen.cases import services as case_services

    lisa = _colleague(world)
    ic = start_service_case(world)
    services.update(ic, world.advisor, "plans", maintenance_owner=lisa)
    assert Notification.objects.filter(recipient=lisa, kind="innovation.named")
    pdf = SimpleUploadedFile("testplan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    attachment = case_services.add_attachment(ic.case, world.advisor, pdf, internal=True)
    client.force_login(lisa)  # named maintenance owner, without any handling role
    url = f"/cases/{ic.case.pk}/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 200
    client.force_login(world.advisor_other)  # not named: the case does not exist for them
    assert client.get(url).status_code == 404
