from pathlib import Path

from slussen.testing.browser import login, open_menu

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_advisor_opens_a_case_comments_and_attaches_a_pdf(
    live_server, live_world, page, tmp_path: Path
):
    case = live_world.case
    login(page, live_server, live_world.advisor)
    open_menu(page, "Ärenden")
    page.get_by_role("link", name=case.registry_number).click()
    assert case.title in page.locator("h1").inner_text()

    page.get_by_label("Kommentar").fill("Vi bokar ett möte med enheten.")
    page.get_by_role("button", name="Lägg till kommentar").click()
    page.get_by_text("Vi bokar ett möte med enheten.").wait_for()
    page.get_by_text("Din kommentar har lagts till.").wait_for()  # htmx swapped the timeline

    pdf = tmp_path / "projektplan.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label("Fil", exact=True).set_input_files(str(pdf))
    page.get_by_role("button", name="Bifoga fil").click()
    page.get_by_role("link", name="projektplan.pdf").wait_for()
    assert case.attachments.get().content_type == "application/pdf"
    assert case.events.filter(type="comment").count() == 1
