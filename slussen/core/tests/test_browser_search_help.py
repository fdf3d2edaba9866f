"""The search help in Chromium as a person uses it: opened with the keyboard under the search
box, and a search of more words than the search reads names the words it left out in the list
that the search replaces as one types (htmx); in Swedish at 1 280 px and in English on a phone."""

from slussen.conftest import ARTIFACTS
from slussen.core import search
from slussen.testing.browser import login

MANY = " ".join(f"ord{n:02d}a" for n in range(search.MAX_SEARCHED)) + " drönare akuten"


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-help-{name}.png"), full_page=True)


def _open_help_with_the_keyboard(page):
    summary = page.locator("form[role=search] details.search-help > summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("form[role=search] details.search-help").get_attribute("open") is not None
    return page.locator("form[role=search] details.search-help ul")


def test_the_help_opens_with_the_keyboard_and_a_long_search_says_what_it_left_out(
    live_server, live_world, page
):
    login(page, live_server, live_world.advisor)
    page.goto(f"{live_server.url}/cases/")
    items = _open_help_with_the_keyboard(page)
    assert "”trycksår ELLER liggsår”" in items.inner_text()
    box = page.get_by_label("Sök", exact=True)
    box.fill(MANY)
    box.press("Enter")  # the form's submit, answered by htmx with the list alone
    note = page.locator("#register-results .search-left-out")
    note.wait_for()
    assert "Söktes inte: ”drönare akuten”." in note.inner_text()
    assert note.get_attribute("role") == "status"
    shot(page, "register-sv-1280")


def test_on_a_phone_in_english_the_help_fits_the_screen(live_server, live_world, browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/cases/public/?q={MANY.replace(' ', '+')}")
        items = _open_help_with_the_keyboard(page)
        assert "OR or ELLER between two words finds either of them" in items.inner_text()
        assert (
            "Not searched for: “drönare akuten”." in page.locator(".search-left-out").inner_text()
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot(page, "public-register-en-390")
    finally:
        context.close()
