"""The register's searches in Chromium as a person uses them: typed (htmx, the address follows),
left for another page and come back to with the back button; and on a phone (390 px)."""

from slussen.testing.browser import login


def _type(page, words):
    box = page.get_by_label("Sök", exact=True)
    box.fill("")
    box.press_sequentially(words, delay=40)
    page.wait_for_url(lambda url: "q=" in url)
    page.locator(".result-count").filter(has_text="1 ärende").wait_for()


def test_the_back_button_to_a_typed_search_shows_the_page_with_its_words(
    live_server, live_world, page
):
    """Typed, the search updates the list alone (htmx) and pushes its address; back at it from
    another page, the browser showed that list alone, without the page or its search box."""
    login(page, live_server, live_world.advisor)
    for address in ("/cases/", "/cases/public/"):
        page.goto(f"{live_server.url}{address}")
        _type(page, "dagboken")
        page.goto(f"{live_server.url}/")
        page.go_back()
        page.wait_for_load_state()
        assert page.get_by_label("Sök", exact=True).input_value() == "dagboken", address
        assert page.locator("h1").count() == 1, address
        assert "IVA-dagboken" in page.locator("table").inner_text(), address


def test_a_phone_shows_the_titles_of_the_public_registers_hits(live_server, live_world, page):
    """At 390 px the register's table scrolls sideways: the title, what a person looks for,
    comes right after the number, as in the register staff use, not fourth after the date and
    the kind (out of sight)."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/cases/public/?q=dagboken")
    title = page.get_by_text("IVA-dagboken", exact=True)
    box = title.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390, box
