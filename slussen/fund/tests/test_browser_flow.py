"""One application from draft through manager sign-off, both review steps and the decision,
to the applicant reading the decision letter – in headless Chromium, with real mail."""

import re

from slussen.fund.models import Application
from slussen.testing.browser import login, open_menu

from .factories import make_call


def _link(mailbox, message):
    return re.search(r"https?://\S+", mailbox.body(message)).group(0)


def _as(page, live_server, user):
    page.context.clear_cookies()
    login(page, live_server, user)


def test_application_from_draft_to_decision_letter(
    live_server, live_world, page, mailbox, settings
):
    w = live_world
    settings.SITE_URL = live_server.url
    call = make_call(w)

    # The employee writes a draft, saves it, then submits.
    login(page, live_server, w.employee)
    open_menu(page, "Innovationsfonden")
    page.get_by_role("link", name="Påbörja en ansökan").click()
    page.get_by_label("Rubrik").fill("Omvårdnadsträning med VR")
    page.get_by_label("Sammanfattning").fill("Interaktiv omvårdnadsträning i virtuell verklighet.")
    page.get_by_label("Mål", exact=True).fill("Färre ringningar och fall.")
    page.get_by_label("Nytta och innovationshöjd").fill("Träning i en trygg miljö.")
    page.get_by_label("Hälso- och sjukvård").check()
    page.get_by_role("combobox", name="Din chef").fill(w.manager.email)  # as without JavaScript
    page.get_by_label("Kvinna").check()
    page.get_by_role("button", name="Spara utkast").click()
    page.get_by_text("Ditt utkast är sparat.").wait_for()

    page.get_by_label("Aktivitet, rad 1").fill("Pilot på två avdelningar")
    page.get_by_label("Från, rad 1").fill("2027-02-01")
    page.get_by_label("Till, rad 1").fill("2027-11-30")
    page.get_by_label("Kostnadspost, rad 1").fill("Projektledning 20 %")
    page.get_by_label("Belopp (kr), rad 1").fill("150000")
    page.get_by_label("Kostnadspost, rad 2").fill("VR-utrustning")
    page.get_by_label("Belopp (kr), rad 2").fill("90000")
    for question in call.current_questions():
        page.get_by_label(question.text_sv).fill(f"Svar {question.order + 1}")
    page.get_by_label("Jag arbetar minst 50 %").check()
    page.get_by_label("Jag är medveten om att resultatet").check()
    page.get_by_role("button", name="Skicka in ansökan").click()
    page.get_by_text("Din ansökan är inskickad.").wait_for()
    application = Application.objects.get()
    assert application.registry_number in page.locator("h1").inner_text()
    page.get_by_text(f"diarieförd som {application.registry_number}").wait_for()
    assert application.total_budget == 240_000

    # The manager follows the e-mailed link, reads and approves.
    request = mailbox.wait_for(w.manager.email)[-1]
    _as(page, live_server, w.manager)
    page.goto(_link(mailbox, request))
    page.get_by_role("heading", name="Behov och nytta").wait_for()
    page.get_by_label("Jag godkänner: projektet får genomföras").check()
    page.get_by_label("Kommentar till den sökande").fill("Viktigt för avdelningen.")
    page.get_by_role("button", name="Skicka ditt beslut").click()
    page.get_by_text("Du har godkänt ansökan.").wait_for()

    # Step 1: the pre-screener finds the requirements met.
    _as(page, live_server, w.prescreener)
    page.goto(f"{live_server.url}/fund/")
    page.get_by_role("region", name="Att förhandsgranska").get_by_role(
        "link", name="Omvårdnadsträning med VR"
    ).click()
    page.get_by_label("Uppfyller kraven", exact=True).check()
    page.get_by_label("Motivering").fill("Uppfyller kraven och kriterierna.")
    page.get_by_role("button", name="Registrera förhandsgranskningen").click()
    page.get_by_text("Förhandsgranskningen är registrerad.").wait_for()

    # Step 2: the expert declares no conflict and scores every criterion.
    _as(page, live_server, w.expert)
    page.goto(f"{live_server.url}/fund/")
    page.get_by_role("region", name="Att granska").get_by_role(
        "link", name="Omvårdnadsträning med VR"
    ).click()
    page.get_by_role("link", name="Granska ansökan").click()
    page.get_by_label("Jag är inte jävig").check()
    page.get_by_role("button", name="Registrera min jävsdeklaration").click()
    for criterion in call.criteria.all():
        page.get_by_role("group", name=criterion.name_sv).get_by_label("4").check()
        page.get_by_label(f"Kommentar till ”{criterion.name_sv}”").fill("Väl beskrivet.")
    page.get_by_label("Bevilja med ändringar").check()
    page.get_by_role("button", name="Spara min granskning").click()
    page.get_by_text("Din granskning är sparad.").wait_for()

    # The decision meeting: the coordinator grants from the call's overview.
    _as(page, live_server, w.coordinator)
    page.goto(f"{live_server.url}/fund/calls/{call.pk}/overview/")
    page.get_by_role("link", name="Omvårdnadsträning med VR", exact=True).click()
    page.get_by_text("4,0").first.wait_for()  # the experts' mean
    page.get_by_label("Bevilja", exact=True).check()
    page.get_by_label("Beviljat belopp (kr)").fill("240000")
    page.get_by_label("Motivering").fill("Tydligt behov och mätbar nytta.")
    page.get_by_role("button", name="Registrera beslutet och skicka brevet").click()
    page.get_by_text("Beslutet är registrerat").wait_for()

    # The applicant reads the decision letter from the e-mail.
    letter = mailbox.wait_for(w.employee.email, count=3)[-1]
    assert "Beslut om din ansökan" in letter["Subject"]
    _as(page, live_server, w.employee)
    page.goto(_link(mailbox, letter))
    letter_section = page.get_by_role("region", name="Beslutsbrev")
    letter_section.get_by_text("Innovationsfonden beviljar 240 000 kr").wait_for()
    assert "Tydligt behov och mätbar nytta." in letter_section.inner_text()
    application.refresh_from_db()
    assert application.state.code == "granted" and application.project.budget == 240_000
