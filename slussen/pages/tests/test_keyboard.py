"""The report form used with the keyboard only – no mouse, no clicks: reach every field with
Tab, send with Enter, hear the error (focus on the summary, role=alert), fix it, send with Space."""

from django.urls import reverse
from playwright.sync_api import expect

from slussen.cases.models import Case, Kind
from slussen.testing.axe import run_axe

FOCUS = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  return {id: el.id, tag: el.tagName.toLowerCase(), text: el.innerText || '',
          ring: style.outlineStyle !== 'none' || style.boxShadow !== 'none'};
}"""


def tab_to(page, element_id, limit=30):
    """Press Tab until ``element_id`` has focus; every stop on the way shows a focus ring."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        assert focus["ring"], f"no visible focus on {focus}"
        if focus["id"] == element_id:
            return
    raise AssertionError(f"#{element_id} not reached with Tab")


def focused(page):
    return page.evaluate(FOCUS)


def test_report_form_with_the_keyboard_only(live_server, live_world, page, mailbox):
    page.goto(live_server.url + reverse("pages:accessibility_report"))

    tab_to(page, "id_name")
    page.keyboard.type("Gun Persson")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_email"
    page.keyboard.type("gun(at)example.net")  # a mistake
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_page"
    page.keyboard.type("Registrera ärende")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_description"  # left empty: a second mistake
    page.keyboard.press("Tab")
    assert focused(page) | {"ring": True} == {
        "id": "",
        "tag": "button",
        "text": "Skicka rapporten",
        "ring": True,
    }
    page.keyboard.press("Enter")

    # The error: focus moves to the summary, which is an alert naming both fields.
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    assert "Din e-postadress: Fyll i en giltig e-postadress." in summary.inner_text()
    assert "Beskriv problemet: Detta fält måste fyllas i." in summary.inner_text()
    assert run_axe(page) == []  # the error state passes the scan too
    assert page.locator("#id_name").input_value() == "Gun Persson"  # nothing typed is lost

    # Follow the summary's link to the e-mail field and correct it.
    page.keyboard.press("Tab")
    assert focused(page)["text"].startswith("Din e-postadress")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_email"
    page.keyboard.press("Control+A")
    page.keyboard.type("gun.persson@example.net")
    tab_to(page, "id_description")
    page.keyboard.type("Knappen Registrera går inte att nå med tangentbordet.")
    page.keyboard.press("Tab")
    assert focused(page)["tag"] == "button"
    page.keyboard.press("Space")

    page.get_by_role("heading", name="Tack för din rapport").wait_for()
    case = Case.objects.get(kind=Kind.ACCESSIBILITY_REPORT)
    assert case.registry_number in page.locator("main").inner_text()
    assert mailbox.wait_for("gun.persson@example.net")
