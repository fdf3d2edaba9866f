import pyotp

from slussen.testing.browser import login

SHOTS = "test-artifacts"


def test_an_advisor_enrols_with_the_key_on_the_page_and_gets_recovery_codes(
    live_server, live_world, page, settings
):
    settings.REQUIRE_2FA = True
    login(page, live_server, live_world.advisor)
    page.get_by_role("heading", name="Slå på tvåstegsverifiering").wait_for()
    page.screenshot(path=f"{SHOTS}/2fa-enrol.png", full_page=True)
    key = page.locator(".secret-key").inner_text().replace(" ", "")  # as typed into an app
    page.get_by_label("Kod").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Slå på tvåstegsverifiering").click()
    page.get_by_role("heading", name="Dina reservkoder").wait_for()
    assert page.locator(".recovery-codes li").count() == 10
    page.screenshot(path=f"{SHOTS}/2fa-recovery-codes.png", full_page=True)
    page.get_by_role("link", name="Jag har sparat koderna – fortsätt").click()
    assert page.locator("h1").inner_text() == "Hej Sara"
