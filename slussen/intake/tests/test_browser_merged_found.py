"""A need merged into another case, written about again in headless Chromium: while she
writes, the patient is offered the case that handles it now, and says "this is my need too" of
that one (Swedish at 1 280 px, English at 390 px)."""

from slussen.cases import services as case_services
from slussen.intake import services

from .test_browser_flows import PATIENCE, shot
from .test_supporters import propose

TITLE = "Ladda elrullstolen i väntrummet"
TEXT = "Min elrullstol laddades ur när jag väntade på akuten. Det behövs laddplatser."


def _merged(world):
    for title in ("Drönare för provtransporter", "Bakteriefria vattenlås", "Halkfria strumpor"):
        case_services.open_case(kind="idea", title=title, description=title, organisation=world.sos)
    duplicate = propose(
        "Laddplatser för elrullstolar i väntrummen",
        "Batteriet i elrullstolen tog slut medan vi väntade på akuten.",
        organisation=world.sos,
    )
    survivor = case_services.open_case(
        kind="idea",
        title="Bättre belysning vid huvudentrén",
        description="Fler lampor utomhus.",
        organisation=world.sos,
    )
    services.merge(duplicate, survivor, world.advisor, message="Samma behov: vi tar det här.")
    return duplicate, survivor


def test_the_patient_is_offered_the_case_a_need_was_merged_into(live_server, live_world, page):
    duplicate, survivor = _merged(live_world)
    page.set_default_timeout(PATIENCE)
    page.goto(f"{live_server.url}/proposal/")
    page.get_by_label("Ditt förslag i en mening").fill(TITLE)
    page.get_by_label("Beskriv ditt förslag").fill(TEXT)
    suggestion = page.locator("#similar li", has_text=survivor.registry_number)
    suggestion.wait_for()
    assert page.locator("#similar li").count() == 1  # the merged case is not offered itself
    assert duplicate.registry_number in suggestion.locator(".merged-here").inner_text()
    shot(page, "merged-need-offered-sv-1280")
    suggestion.get_by_role("link", name="Det här är mitt behov också").click()
    page.get_by_role("heading", name="Det här är mitt behov också").wait_for()
    assert survivor.registry_number in page.locator("main").inner_text()


def test_on_a_phone_in_english_too(live_server, live_world, browser):
    duplicate, survivor = _merged(live_world)
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(PATIENCE)
    try:
        page.goto(f"{live_server.url}/proposal/")
        page.get_by_label("Your proposal in one sentence").fill(TITLE)
        page.get_by_label("Describe your proposal").fill(TEXT)
        suggestion = page.locator("#similar li", has_text=survivor.registry_number)
        suggestion.wait_for()
        assert page.locator("#similar li").count() == 1
        assert "The same need, merged into it:" in suggestion.inner_text()
        link = suggestion.get_by_role("link", name="This is my need too")
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # within the phone's width
        shot(page, "merged-need-offered-en-390")
        link.click()
        page.get_by_role("heading", name="This is my need too").wait_for()
        assert survivor.registry_number in page.locator("main").inner_text()
    finally:
        context.close()
