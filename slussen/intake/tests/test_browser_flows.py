"""The three ways in, end to end in headless Chromium: from submission to the submitter seeing
the triage decision on the tracking page, with every e-mail caught by a real SMTP server."""

from contextlib import contextmanager
from pathlib import Path

from slussen.conftest import ARTIFACTS
from slussen.testing.browser import login, open_menu

from .conftest import PDF, link_in

# The test machine is shared; submitting creates accounts (Argon2) and sends mail over SMTP.
PATIENCE = 30_000


@contextmanager
def staff(browser, live_server, user):
    """Another person, in a browser context of their own."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(PATIENCE)
    login(page, live_server, user)
    try:
        yield page
    except Exception:
        shot(page, f"failed-{user.pk}")
        raise
    finally:
        context.close()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"intake-{name}.png"), full_page=True)


def decide(page, live_server, registry_number, transition, reason):
    page.goto(f"{live_server.url}/triage/")
    page.get_by_role("link", name=registry_number).click()
    page.get_by_label("Motivering (visas för inlämnaren)").fill(reason)
    page.get_by_role("button", name=transition).click()
    page.get_by_text("Förslagsställaren har fått veta varför.").wait_for()


def test_patient_proposal_to_referral(live_server, live_world, page, browser, mailbox):
    page.set_default_timeout(PATIENCE)
    page.goto(live_server.url)
    page.get_by_role("link", name="Lämna ett förbättringsförslag").click()
    page.get_by_role("heading", name="Så behandlar vi dina personuppgifter").wait_for()
    page.get_by_label("Ditt förslag i en mening").fill("Laddplatser för rullstolar i väntrummet")
    page.get_by_label("Beskriv ditt förslag").fill(
        "Min pappa har elrullstol och batteriet tog slut medan vi väntade på akuten."
    )
    page.get_by_label("Jag är").select_option("relative")
    page.get_by_label("Vilket sjukhus eller vilken verksamhet gäller det?").select_option(
        label="Södersjukhuset"
    )
    page.get_by_label("Din e-postadress").fill("pia@example.net")
    page.get_by_role("button", name="Skicka förslaget").click()
    page.get_by_text("Jag har läst hur mina personuppgifter behandlas").first.wait_for()
    assert "Min pappa har elrullstol" in page.get_by_label("Beskriv ditt förslag").input_value()
    page.get_by_label("Jag har läst hur mina personuppgifter behandlas (ovan).").check()
    page.get_by_role("button", name="Skicka förslaget").click()
    page.get_by_text("Tack! Ditt ärende är diariefört").wait_for()
    number = page.locator("h1 .regno").inner_text()
    assert "SöS Innovation" in page.locator(".facts").inner_text()
    receipt = mailbox.wait_for("pia@example.net")[0]
    tracking = link_in(mailbox.body(receipt))

    with staff(browser, live_server, live_world.advisor) as advisor:
        decide(
            advisor, live_server, number, "Hänvisa till ordinarie förbättringsarbete",
            "Akutens ledning ordnar laddplatser inom ordinarie förbättringsarbete.",
        )  # fmt: skip

    status = mailbox.wait_for("pia@example.net", count=2)[1]
    assert "Hänvisad" in status["Subject"]
    assert link_in(mailbox.body(status)) == tracking
    page.goto(live_server.url + tracking)
    page.get_by_text("Akutens ledning ordnar laddplatser").wait_for()
    assert "Hänvisa till ordinarie förbättringsarbete" in page.locator(".timeline").inner_text()
    assert "Hänvisad" in page.locator(".facts").inner_text()
    shot(page, "track")


def test_employee_idea_with_draft_and_attachment_to_acceptance(
    live_server, live_world, page, browser, mailbox, tmp_path: Path
):
    page.set_default_timeout(PATIENCE)
    login(page, live_server, live_world.employee)
    open_menu(page, "Lämna en idé")
    page.get_by_label("Rubrik").fill("Sms-påminnelse inför operation")
    with page.expect_response("**/idea/draft/"):  # saved while typing, a second after
        page.get_by_label("Vad är problemet?").fill("Patienter glömmer att fasta före operationen.")
    page.get_by_text("Utkast sparat").wait_for()
    page.reload()
    page.get_by_text("Ditt utkast från").wait_for()
    assert page.get_by_label("Rubrik").input_value() == "Sms-påminnelse inför operation"
    page.get_by_label("För vem?").fill("Patienter som ska opereras och operationsplaneringen")
    page.get_by_label("Vad skulle kunna göras?").fill("Ett automatiskt sms kvällen före.")
    page.get_by_label("Din enhet").fill("Operation och intensivvård")
    page.get_by_label("Medförslagsställare").fill("manager@example.org")
    pdf = tmp_path / "flodesschema.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label("Bilagor").set_input_files(str(pdf))
    shot(page, "idea")
    page.get_by_role("button", name="Skicka", exact=True).click()
    page.get_by_text("Tack! Ditt ärende är diariefört").wait_for()
    number = page.locator("h1 .regno").inner_text()
    tracking = link_in(mailbox.body(mailbox.wait_for("employee@example.org")[0]))
    assert mailbox.wait_for("manager@example.org")  # the co-submitter follows it too

    with staff(browser, live_server, live_world.advisor) as advisor:
        decide(advisor, live_server, number, "Börja bedöma", "Vi bokar ett möte med dig.")
        advisor.get_by_role("link", name="Ärendet i diariet").click()
        advisor.get_by_role("link", name="flodesschema.pdf").wait_for()
        decide(
            advisor, live_server, number, "Anta som innovationsärende",
            "Tydligt behov; vi tar det vidare som innovationsärende.",
        )  # fmt: skip

    mails = mailbox.wait_for("employee@example.org", count=3)
    assert "Antagen som innovationsärende" in mails[2]["Subject"]
    page.goto(live_server.url + tracking)
    timeline = page.locator(".timeline").inner_text()
    assert "Vi bokar ett möte med dig." in timeline
    assert "Tydligt behov; vi tar det vidare som innovationsärende." in timeline
    assert "Antagen som innovationsärende" in page.locator(".facts").inner_text()


def test_company_inquiry_forwarded_and_followed_with_an_account(
    live_server, live_world, page, browser, mailbox
):
    page.set_default_timeout(PATIENCE)
    page.goto(live_server.url)
    page.get_by_role("link", name="Skicka en förfrågan").click()
    page.get_by_label("Vad föreslår ni?").select_option(
        label="Ett test i någon av våra testmiljöer"
    )
    page.get_by_label("Rubrik").fill("Drönarleveranser av blodprover")
    page.get_by_label("Beskriv ditt förslag").fill(
        "Vi vill testa leveranser av blodprover med drönare mellan sjukhusen."
    )
    page.get_by_label("Företag eller organisation").fill("Luftbud AB")
    page.get_by_label("Organisationsnummer").fill("559123-4567")
    page.get_by_label("Kontaktperson").fill("Nils Berg")
    page.get_by_label("E-postadress").fill("nils@luftbud.example")
    page.get_by_label("Jag har läst hur personuppgifter behandlas (ovan).").check()
    page.get_by_role("button", name="Skicka förfrågan").click()
    page.get_by_role("heading", name="Kolla din e-post").wait_for()
    # Nothing is registered until Nils confirms the link sent to his address.
    confirm = mailbox.wait_for("nils@luftbud.example")[0]
    assert confirm["Subject"] == "Bekräfta din förfrågan till Slussen"
    page.goto(live_server.url + link_in(mailbox.body(confirm)))
    page.get_by_role("button", name="Bekräfta och skicka förfrågan").click()
    page.get_by_text("Tack! Ditt ärende är diariefört").wait_for()
    number = page.locator("h1 .regno").inner_text()
    assert "Avdelningen Forskning och innovation" in page.locator(".facts").inner_text()

    mails = mailbox.wait_for("nils@luftbud.example", count=3)[1:]
    invite = next(m for m in mails if m["Subject"] == "Ditt konto i Slussen")
    receipt = next(m for m in mails if m is not invite)
    tracking = link_in(mailbox.body(receipt))
    page.goto(live_server.url + link_in(mailbox.body(invite)))
    page.locator("#id_new_password1").fill("Drönare-i-luften-2026")
    page.locator("#id_new_password2").fill("Drönare-i-luften-2026")
    page.get_by_role("button", name="Spara lösenordet").click()

    with staff(browser, live_server, live_world.coordinator) as coordinator:
        coordinator.goto(f"{live_server.url}/triage/")
        coordinator.get_by_role("link", name=number).click()
        coordinator.get_by_role("link", name="Ärendet i diariet").click()
        coordinator.get_by_role("link", name="Fördela om").click()
        coordinator.get_by_label("Handläggande organisation").select_option(
            label="Karolinska Universitetssjukhuset"
        )
        coordinator.get_by_label("Motivering").fill("Karolinska har drönartestbädden.")
        coordinator.get_by_role("button", name="Fördela om").click()
        coordinator.get_by_text("Karolinska har drönartestbädden.").wait_for()
    with staff(browser, live_server, live_world.advisor_other) as karolinska:
        decide(karolinska, live_server, number, "Börja bedöma", "Vi bjuder in er till ett möte.")

    assert "Bedöms" in mailbox.wait_for("nils@luftbud.example", count=4)[3]["Subject"]
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "nils@luftbud.example")
    page.fill("#id_password", "Drönare-i-luften-2026")
    page.click("main button[type=submit]")
    page.get_by_role("link", name=f"{number} Drönarleveranser av blodprover").wait_for()
    page.goto(live_server.url + tracking)
    timeline = page.locator(".timeline").inner_text()
    assert "Handläggs nu av Karolinska Universitetssjukhuset" in timeline
    assert "Karolinska har drönartestbädden." in timeline
    assert "Vi bjuder in er till ett möte." in timeline
    assert "Innovationscentrum Karolinska" in page.locator(".facts").inner_text()
