"""The person picker in headless Chromium, in Swedish: type part of a name, choose the person."""

from slussen.cases.models import Case
from slussen.testing.browser import login


def test_reassign_a_case_by_typing_part_of_the_handlers_name(live_server, live_world, page):
    w = live_world
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, live_server, w.coordinator)
    page.goto(f"{live_server.url}/cases/{w.case.pk}/reassign/")
    page.get_by_label("Handläggande organisation").select_option(
        label="Karolinska Universitetssjukhuset"
    )
    picker = page.get_by_role("combobox", name="Handläggare")
    options = page.get_by_role("listbox", name="Förslag")

    # SöS's advisor cannot handle a case at Karolinska: not suggested.
    picker.type("Sara", delay=30)
    options.get_by_text("Ingen som kan väljas här matchar.").wait_for()
    assert options.get_by_role("option", name="Sara Holm").count() == 0

    picker.fill("")
    picker.type("Nyb", delay=30)  # the beginning of the surname
    options.get_by_role("option", name="Johan Nyberg").wait_for()
    assert picker.get_attribute("aria-expanded") == "true"
    picker.press("ArrowDown")
    assert picker.get_attribute("aria-activedescendant")
    page.screenshot(path="/tmp/picker.png", full_page=False)
    picker.press("Enter")  # chooses, does not submit
    assert picker.input_value() == "Johan Nyberg <advisor_other@example.org>"
    assert picker.get_attribute("aria-expanded") == "false"

    page.get_by_label("Motivering").fill("Karolinska har testbädden.")
    page.get_by_role("button", name="Fördela om").click()
    page.get_by_text("Ärendet har fördelats om.").wait_for()
    case = Case.objects.get(pk=w.case.pk)
    assert case.organisation == w.karolinska and case.handler == w.advisor_other
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
