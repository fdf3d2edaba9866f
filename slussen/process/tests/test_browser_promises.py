"""The process's promises in headless Chromium, in Swedish: no phase is skipped past its
regulation checks, and the person who had the idea hears of every step until it is maintained
in the line – in the notices in Slussen and by e-mail over a real SMTP server."""

import re
from datetime import date

from slussen.core import workflow
from slussen.process import services
from slussen.process.models import InnovationCase
from slussen.process.rules import line_managers
from slussen.testing.browser import login, open_menu

from .conftest import start_service_case
from .test_browser import shot

TODAY = date.today()


def test_skipping_from_concept_to_clinical_use_is_refused_with_every_open_item(
    live_server, live_world, page
):
    w = live_world
    ic = start_service_case(w, innovation_type="medical_device")
    concept = ic.template.phases.get(code="concept")
    clinical = ic.template.phases.get(code="clinical_use")
    InnovationCase.objects.filter(pk=ic.pk).update(phase=concept)
    login(page, live_server, w.coordinator)  # every mandate: only the checks can stop it
    page.goto(f"{live_server.url}/process/{ic.pk}/")
    page.get_by_label("Gå vidare", exact=True).check()
    page.get_by_label("Till fas").select_option(label="Klinisk användning")
    page.get_by_label("Röd – ledningsbeslut").check()
    page.get_by_label("Beslutsunderlag").fill("Vi hoppar direkt till klinisk användning.")
    page.get_by_role("button", name="Registrera beslutet").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    text = summary.inner_text()
    skipped = ic.template.phases.filter(order__gte=concept.order, order__lt=clinical.order)
    required = [
        item
        for phase in skipped
        for item in phase.checklist.filter(required=True).exclude(code__in=services.DERIVED)
    ]
    assert len(required) >= 4
    for item in required:
        assert item.name_sv in text, item.name_sv
    assert "Planen för implementering och spridning saknas" in text
    shot(page, "skip-refused")
    ic.refresh_from_db()
    assert ic.phase == concept
    assert page.get_by_label("Beslutsunderlag").input_value().startswith("Vi hoppar")


def _told(page, live_server, text):
    """The employee finds the notice at the top of her list, and the count in the header."""
    page.goto(f"{live_server.url}/notifications/")
    assert page.locator(".nav-notices .badge").count() == 1
    page.locator(".notice-unread").filter(has_text=re.compile(text)).first.wait_for()
    page.get_by_role("button", name="Markera alla som lästa").click()
    page.get_by_text("Alla notiser är markerade som lästa.").wait_for()


def _go(ic, advisor, **kw):
    """A gate decision in the zone its phases need, approved by the line manager if yellow."""
    from slussen.process.guards import required_zone
    from slussen.process.models import GateRequest

    ic.refresh_from_db()
    later = [p for p in ic.template.phases.order_by("order") if p.order > ic.phase.order]
    target = later[0] if later else None
    zone = required_zone(ic, {"here": ic.phase, "to_phase": target})
    manager = line_managers(ic).first()
    result = services.decide(
        ic,
        advisor,
        decision="go",
        basis="Underlaget räcker.",
        zone=zone,
        decided_on=TODAY,
        manager=manager,
        **kw,
    )
    if isinstance(result, GateRequest):
        services.answer_request(result, manager, approve=True)


def test_an_employee_follows_her_idea_from_submission_to_maintenance(
    live_server, live_world, page, mailbox
):
    from slussen.intake.tests.conftest import link_in

    w = live_world
    login(page, live_server, w.employee)
    open_menu(page, "Lämna en idé")
    page.get_by_label("Rubrik").fill("Fallprevention med sensorgolv")
    page.get_by_label("Vad är problemet?").fill("Äldre patienter faller nattetid på avdelningen.")
    page.get_by_label("För vem?").fill("Äldre inneliggande patienter")
    page.get_by_label("Vad skulle kunna göras?").fill("Sensorgolv som larmar vid fall.")
    page.get_by_label("Din enhet").fill("Geriatriken")
    page.get_by_role("button", name="Skicka", exact=True).click()
    page.get_by_text("Tack! Ditt ärende är diariefört").wait_for()
    number = page.locator("h1 .regno").inner_text()
    receipt = mailbox.wait_for(w.employee.email)[0]
    tracking = link_in(mailbox.body(receipt))
    from slussen.cases.models import Case

    case = Case.objects.get(registry_number=number)
    mails = 1

    def step(text, mail_text):
        nonlocal mails
        mails += 1
        mail = mailbox.wait_for(w.employee.email, count=mails)[-1]
        assert re.search(mail_text, mailbox.body(mail) + mail["Subject"]), mailbox.body(mail)
        _told(page, live_server, text)

    # Triage: assessed, then accepted.
    workflow.apply(case, "start_assessment", w.advisor, reason="Vi bokar ett möte.")
    step("Bedöms", "Bedöms")
    workflow.apply(case, "accept", w.advisor, reason="Tydligt behov.")
    step("Antagen som innovationsärende", "Antagen som innovationsärende")

    # The innovation process: two gates, roll-out, maintenance.
    case.refresh_from_db()
    ic = start_service_case(w, case=case)
    _go(ic, w.advisor)
    step("Generera idéer", "gått vidare till fasen ”Generera idéer”")
    _go(ic, w.advisor)
    step("Utveckla tjänstekoncept", "”Utveckla tjänstekoncept”")
    for item in ("gdpr", "patient_safety"):
        found = ic.template.phases.get(checklist__code=item).checklist.get(code=item)
        services.save_checklist(ic, w.advisor, {found.pk: ("done", "")})
    _go(ic, w.advisor)  # the pilot: yellow, approved by the line manager
    step("Testa i pilot", "”Testa i pilot, utvärdera, anpassa”")
    services.update(
        ic,
        w.advisor,
        "plans",
        spread_plan="Tre geriatriska avdelningar 2027.",
        receiving_owner=w.manager,
    )
    _go(ic, w.advisor)  # roll-out
    step("Breddinföra", "”Breddinföra”")
    _go(ic, w.advisor)
    step("Förvalta och följa upp", "”Förvalta och följa upp”")
    services.update(
        ic,
        w.advisor,
        "plans",
        maintenance_owner=w.manager,
        maintenance_plan="Geriatriken förvaltar sensorgolven.",
    )
    _go(ic, w.advisor)  # closed as implemented: maintained in the line
    step("avslutat som infört", "införts i vården och förvaltas nu av linjen")

    # Her tracking page follows the case to the end, in her words, without codes.
    page.goto(live_server.url + tracking)
    facts = page.locator(".facts").inner_text()
    assert "Din idé har införts i vården och förvaltas nu av linjen." in facts
    timeline = page.locator(".timeline").inner_text()
    assert "Din idé har gått vidare till fasen ”Breddinföra”." in timeline
    for code in ("start_assessment", "accept", "assessing", "spread", "maintain", "process.go"):
        assert not re.search(rf"\b{re.escape(code)}\b", timeline)
    shot(page, "employee-follows")
