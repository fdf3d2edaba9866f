"""The issue's definition of done, in headless Chromium: a company requests a test environment,
the owner answers, a test result is recorded, and a later search finds a word in it."""

import re

from slussen.testbeds.access import make_testbed
from slussen.testbeds.models import Record, Request
from slussen.testing.browser import login, open_menu

SHOTS = "test-artifacts"


def test_company_requests_owner_answers_result_recorded_and_found(
    live_server, live_world, page, mailbox
):
    w = live_world
    make_testbed(w.karolinska, slug="3d-centrum", name="3D-centrum Karolinska", open_to="all")
    make_testbed(w.sos, slug="simulering", name="Simuleringscentrum SöS")

    # A company without an account finds the environment in the public catalogue.
    page.goto(f"{live_server.url}/testbeds/")
    page.get_by_label("Sök", exact=True).fill("3D")
    page.get_by_role("button", name="Sök", exact=True).click()
    page.get_by_text("1 testmiljö", exact=True).wait_for()
    page.get_by_role("link", name="3D-centrum Karolinska").click()
    page.get_by_role("link", name="Begär den här testmiljön").click()
    page.get_by_label("Vad vill ni testa?").fill("AI-segmentering inför bäckenkirurgi")
    page.get_by_label("Beskriv lösningen och testet ni behöver").fill(
        "Vi vill jämföra vår AI-segmentering av DT-bilder med centrets arbetsflöde."
    )
    page.get_by_label("Företag eller enhet").fill("Siemens Healthineers AB")
    page.get_by_label("Ditt namn").fill("Per Andersson")
    page.get_by_label("Din e-postadress").fill("per.andersson@example.com")
    page.get_by_role("button", name="Skicka förfrågan").click()
    req = Request.objects.get()
    page.get_by_text(req.case.registry_number).first.wait_for()
    assert req.case.kind == "testbed_request" and req.case.organisation == w.karolinska
    mailbox.wait_for("per.andersson@example.com")
    mailbox.wait_for(w.testbed_owner.email)

    # The owner answers from the inbox.
    login(page, live_server, w.testbed_owner)
    open_menu(page, "Förfrågningar om testmiljöer")
    page.get_by_role("link", name=req.case.registry_number).click()
    page.get_by_label("Svar till den som frågat").fill(
        "Välkommen! Vi tar emot testet i oktober; vi behöver ett biträdesavtal först."
    )
    page.get_by_role("button", name="Skicka svaret").click()
    page.get_by_text("Ditt svar har skickats till den som frågat.").wait_for()
    answer = mailbox.wait_for("per.andersson@example.com", count=2)[-1]
    assert "biträdesavtal" in mailbox.body(answer)

    # ... and records the result on the environment and the case.
    page.get_by_role("link", name="Registrera testplan eller testresultat").click()
    page.get_by_label("Typ").select_option(label="Testresultat")
    page.get_by_label("Rubrik").fill("Resultat: AI-segmentering av bäckenet")
    page.get_by_label("Text").fill(
        "Tio anonymiserade undersökningar. Modellerna kring höftledsproteser krävde "
        "manuell justering; i övrigt kortare förberedelsetid."
    )
    page.get_by_role("button", name="Registrera", exact=True).click()
    page.get_by_role("heading", name="Resultat: AI-segmentering av bäckenet").wait_for()
    page.screenshot(path=f"{SHOTS}/testbeds-request.png", full_page=True)
    record = Record.objects.get()
    assert record.case == req.case and record.testbed.slug == "3d-centrum"

    # Later, an advisor at another hospital searches for a word in that result.
    page.get_by_role("button", name="Logga ut").click()
    login(page, live_server, w.advisor)
    open_menu(page, "Testmiljöer")
    page.get_by_role("link", name="Sök i testplaner och testresultat").click()
    page.get_by_label("Sökord").fill("höftledsproteser")
    page.get_by_text("1 testplan eller testresultat", exact=True).wait_for()  # htmx, as you type
    results = page.locator("#record-results")
    assert "Resultat: AI-segmentering av bäckenet" in results.inner_text()
    assert re.search(r"3D-centrum Karolinska", results.inner_text())
    page.screenshot(path=f"{SHOTS}/testbeds-search.png", full_page=True)
