"""Join instead of duplicate, end to end in headless Chromium: a patient who starts writing a
proposal about a need already registered follows that case instead, and finds its status
change on her own tracking page."""

from slussen.intake import services
from slussen.intake.models import Submission, Supporter

from .conftest import link_in
from .test_browser_flows import PATIENCE, decide, shot, staff


def test_supporter_patient_joins_from_a_suggestion_and_sees_the_status_change(
    live_server, live_world, page, browser, mailbox
):
    existing, _token = services.submit_proposal(
        {
            "title": "Laddplatser för elrullstolar i väntrummet",
            "description": "Elrullstolar behöver kunna laddas medan man väntar på akuten.",
            "organisation": live_world.sos,
            "email": "first@example.net",
        },
        language="sv",
        client="test",
    )
    number = existing.case.registry_number
    page.set_default_timeout(PATIENCE)
    page.goto(f"{live_server.url}/proposal/")
    page.get_by_label("Ditt förslag i en mening").fill("Ladda elrullstolen i väntrummet")
    page.get_by_label("Beskriv ditt förslag").fill(
        "Batteriet i min elrullstol tog slut i väntrummet på akuten."
    )
    suggestion = page.locator("#similar li", has_text=number)
    suggestion.wait_for()
    suggestion.get_by_role("link", name="Det här är mitt behov också").click()
    page.get_by_role("heading", name="Det här är mitt behov också").wait_for()
    page.get_by_label("Din e-postadress").fill("pia@example.net")
    page.get_by_label("Jag har läst hur mina personuppgifter behandlas (ovan).").check()
    page.get_by_role("button", name="Skicka länken så att jag kan följa det").click()
    page.get_by_role("heading", name="Kolla din e-post").wait_for()
    assert not Supporter.objects.exists()  # nothing until she confirms

    confirm = mailbox.wait_for("pia@example.net")[0]
    page.goto(live_server.url + link_in(mailbox.body(confirm)))
    page.get_by_role("button", name="Bekräfta och följ ärendet").click()
    page.get_by_text("Tack! Du stödjer").wait_for()
    tracking = page.url
    page.set_viewport_size({"width": 390, "height": 844})  # her phone: the number stays whole
    kept = page.locator(".message .nowrap", has_text=number)
    assert kept.evaluate("e => e.getClientRects().length") == 1
    assert number in page.locator("h1").inner_text()
    assert "medan man väntar på akuten" not in page.content()  # not the submitter's text
    assert Submission.objects.count() == 1  # no duplicate was sent
    shot(page, "supporter-tracking")

    with staff(browser, live_server, live_world.advisor) as advisor:
        decide(advisor, live_server, number, "Börja bedöma", "Vi tittar på laddplatser.")

    news = mailbox.wait_for("pia@example.net", count=3)[2]
    assert "Bedöms" in news["Subject"]
    assert live_server.url + link_in(mailbox.body(news)) == tracking
    page.goto(tracking)
    page.locator(".timeline").get_by_text("Bedöms").wait_for()
    assert "Vi tittar på laddplatser." not in page.content()  # the reason was the submitter's


def test_mine_is_different_goes_back_to_the_form_with_what_was_typed(live_server, live_world, page):
    """From a suggestion to its join page and back: the proposal she was writing is still there
    (the browser's history keeps it; loading the form afresh would not)."""
    existing, _token = services.submit_proposal(
        {
            "title": "Laddplatser för elrullstolar i väntrummet",
            "description": "Elrullstolar behöver kunna laddas medan man väntar på akuten.",
            "organisation": live_world.sos,
        },
        language="sv",
        client="test",
    )
    page.set_default_timeout(PATIENCE)
    page.goto(f"{live_server.url}/proposal/")
    typed = "Batteriet i min elrullstol tog slut i väntrummet på akuten."
    page.get_by_label("Ditt förslag i en mening").fill("Ladda elrullstolen i väntrummet")
    page.get_by_label("Beskriv ditt förslag").fill(typed)
    suggestion = page.locator("#similar li", has_text=existing.case.registry_number)
    suggestion.get_by_role("link", name="Det här är mitt behov också").click()
    page.get_by_role("heading", name="Det här är mitt behov också").wait_for()
    page.get_by_role("link", name="Nej, mitt är något annat: tillbaka till formuläret").click()
    page.get_by_role("heading", name="Lämna ett förbättringsförslag").wait_for()
    assert page.get_by_label("Beskriv ditt förslag").input_value() == typed
    assert page.get_by_label("Ditt förslag i en mening").input_value() == (
        "Ladda elrullstolen i väntrummet"
    )


def test_an_employee_writing_an_idea_sees_the_existing_case_and_joins_it(
    live_server, live_world, page
):
    """The idea form saves a draft as she types; the similar cases still appear beside it
    (they are not put where the draft's "saved" note goes), and she joins the existing one."""
    from slussen.testing.browser import login

    existing, _token = services.submit_proposal(
        {
            "title": "Laddplatser för elrullstolar i väntrummet",
            "description": "Elrullstolar behöver kunna laddas medan man väntar på akuten.",
            "organisation": live_world.sos,
        },
        language="sv",
        client="test",
    )
    number = existing.case.registry_number
    page.set_default_timeout(PATIENCE)
    login(page, live_server, live_world.employee)
    page.goto(f"{live_server.url}/idea/")
    page.get_by_label("Rubrik").fill("Ladda elrullstolen i väntrummet")
    page.get_by_label("Vad är problemet?").fill(
        "Batteriet i patienternas elrullstolar tar slut i väntrummet på akuten."
    )
    suggestion = page.locator("#similar li", has_text=number)
    suggestion.get_by_role("link", name="Det här är mitt behov också").click()
    page.get_by_role("button", name="Stöd och följ ärendet").click()
    page.get_by_text(f"Du stödjer {number}").wait_for()
    assert Supporter.objects.filter(case=existing.case, user=live_world.employee).exists()
