"""A service innovation from need to "implemented" in headless Chromium, in Swedish."""

import os
from datetime import date

from slussen.core import workflow
from slussen.process.models import InnovationCase
from slussen.testing.browser import login, open_menu

SHOTS = os.environ.get("PROCESS_SHOTS")  # a directory: keep screenshots to look at


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def decide(page, basis, decision="Gå vidare", zone="Grön – eget initiativ", manager=None):
    page.get_by_label(decision, exact=True).check()
    page.get_by_label(zone).check()
    if manager:
        page.get_by_label("Linjechef som godkänner").select_option(label=manager)
    page.get_by_label("Beslutsunderlag").fill(basis)
    page.get_by_role("button", name="Registrera beslutet").click()
    page.wait_for_load_state()


YELLOW = "Gul – stämt av med chefen"


def approve_as(page, live_server, manager, advisor):
    """The line manager finds the request among the notices and approves it; then the
    advisor is back on the case."""
    case_url = page.url.split("#")[0]
    page.get_by_role("button", name="Logga ut").click()
    login(page, live_server, manager)
    page.get_by_role("link", name="Notiser").click()
    page.get_by_role("link", name="väntar på ditt godkännande").first.click()
    page.get_by_role("button", name="Godkänn beslutet").click()
    page.get_by_text("Du har godkänt beslutet; det är registrerat.").wait_for()
    page.get_by_role("button", name="Logga ut").click()
    login(page, live_server, advisor)
    page.goto(case_url)


def set_checklist(page, item, state="Klar"):
    page.get_by_label(item, exact=True).select_option(label=state)
    page.get_by_role("button", name="Spara checklistan").click()
    page.get_by_text("Checklistan har sparats.").wait_for()


def edit_plans(page, **fields):
    page.get_by_role("link", name="Ändra IP, upphandling, spridning och förvaltning").click()
    for label, value in fields.items():
        field = page.get_by_label(label)  # the label ends with "(frivilligt)"
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        elif field.get_attribute("role") == "combobox":  # a person: type, then choose
            field.type(value.split()[0], delay=30)
            page.get_by_role("option", name=value).click()
        else:
            field.fill(value)
    page.get_by_role("button", name="Spara").click()
    page.get_by_text("Planerna har sparats.").wait_for()


def test_a_service_innovation_goes_from_need_to_implemented(live_server, live_world, page):
    w = live_world
    workflow.apply(w.case, "start_assessment", w.advisor, reason="Bedöms")
    workflow.apply(w.case, "accept", w.advisor, reason="Tydligt behov")
    login(page, live_server, w.advisor)
    open_menu(page, "Innovationsprocessen")
    page.get_by_role("link", name="IVA-dagboken").click()

    page.get_by_label("Innovationstyp").select_option(label="Tjänst")
    page.get_by_label("Ny för organisationen").check()
    page.get_by_label("Inkrementell").check()
    page.get_by_label("Internt utvecklingsarbete").check()
    page.get_by_label("Högre kvalitet i offentlig service").check()
    page.get_by_role("combobox", name="Ägare i linjen").type("Erik", delay=30)
    page.get_by_role("option", name="Erik Bergström").click()
    page.get_by_role("button", name="Starta processen").click()
    page.get_by_text(
        "Innovationsprocessen har startat i fasen ”Identifiera problem och behov”."
    ).wait_for()
    shot(page, "1-started")
    # The screening is compulsory before the first gate: no medical purpose.
    set_checklist(
        page, "Screening: programvara eller produkt med medicinskt syfte?", "Ej tillämplig"
    )

    decide(page, "Behovet är bekräftat i intervjuer med patienter och närstående.")
    page.get_by_text("Ärendet har gått till fasen ”Generera idéer”.").wait_for()
    decide(page, "Idéworkshop med IVA-personal: dagbok i appen valdes.")
    page.get_by_text("Ärendet har gått till fasen ”Utveckla tjänstekoncept”.").wait_for()
    set_checklist(page, "Patientdatalagen och GDPR")
    # The pilot needs the line manager: a green decision is refused, naming the zone.
    decide(page, "Konceptet är klart och granskat av dataskyddsombudet.")
    page.locator("#error-summary").get_by_text("kräver minst mandatzonen").wait_for()
    decide(
        page,
        "Konceptet är klart och granskat av dataskyddsombudet.",
        zone=YELLOW,
        manager="Erik Bergström",
    )
    page.get_by_text("Beslutet har skickats till Erik Bergström för godkännande.").wait_for()
    ic = InnovationCase.objects.get(case=w.case)
    assert ic.phase.code == "concept"  # not before the manager approves
    shot(page, "2a-waiting-for-manager")
    approve_as(page, live_server, w.manager, w.advisor)
    ic.refresh_from_db()
    assert ic.phase.code == "pilot"
    assert ic.decisions.last().approved_by == w.manager
    set_checklist(page, "Patientsäkerhet (riskanalys)")

    # Blocked at the development gate: no spread plan.
    decide(
        page,
        "Piloten på IVA är utvärderad med gott resultat.",
        zone=YELLOW,
        manager="Erik Bergström",
    )
    page.locator("#error-summary").get_by_text(
        "Planen för implementering och spridning saknas"
    ).wait_for()
    assert page.get_by_label("Beslutsunderlag").input_value().startswith("Piloten på IVA")
    shot(page, "2-blocked-spread-plan")
    ic.refresh_from_db()
    assert ic.phase.code == "pilot"

    edit_plans(
        page,
        **{
            "Plan för implementering och spridning": "IVA Karolinska och Danderyd tar dagboken i "
            "bruk under 2027 med stöd av SöS Innovation.",
            "Mottagande linjeägare": "Erik Bergström",
        },
    )
    decide(
        page,
        "Piloten på IVA är utvärderad med gott resultat.",
        zone=YELLOW,
        manager="Erik Bergström",
    )
    page.get_by_text("Beslutet har skickats till Erik Bergström för godkännande.").wait_for()
    approve_as(page, live_server, w.manager, w.advisor)
    page.get_by_text("Breddinföra").first.wait_for()

    page.locator("summary", has_text="Lägg till en enhet i införandeplanen").click()
    form = page.locator("form[action$='/add/adoption/']")
    form.get_by_label("Mottagande enhet").select_option(label="Karolinska Universitetssjukhuset")
    form.get_by_label("Planerad i bruk").fill(date.today().isoformat())
    form.get_by_role("button", name="Lägg till en enhet i införandeplanen").click()
    page.get_by_text("Enheten har lagts till i införandeplanen.").wait_for()
    assert page.get_by_text("0 av 1 målenheter i bruk").count() >= 1

    decide(page, "Breddinförandet är klart på två sjukhus.")
    page.get_by_text("Ärendet har gått till fasen ”Förvalta och följa upp”.").wait_for()

    # Blocked at closing: no maintenance owner.
    decide(page, "Uppföljningen visar att dagboken används.")
    page.locator("#error-summary").get_by_text(
        "Förvaltningsägare och förvaltningsplan saknas"
    ).wait_for()
    shot(page, "3-blocked-maintenance")
    edit_plans(
        page,
        **{
            "Förvaltningsägare": "Erik Bergström",
            "Förvaltningsplan": "VO Anestesi och intensivvård förvaltar dagboken; årlig översyn.",
        },
    )
    decide(page, "Uppföljningen visar att dagboken används.")
    page.get_by_text("Ärendet är avslutat som infört.").wait_for()
    shot(page, "4-implemented")

    ic.refresh_from_db()
    assert ic.status == "implemented"
    assert [r.phase.code for r in ic.runs.order_by("id")] == [
        "problem",
        "ideas",
        "concept",
        "pilot",
        "spread",
        "maintain",
    ]
    assert ic.decisions.count() == 6
