import re

import pyotp

from slussen.testing.browser import login

SHOTS = "test-artifacts"


def test_an_advisor_enrols_with_the_mailed_link_and_the_key_and_gets_recovery_codes(
    live_server, live_world, page, settings, mailbox
):
    settings.REQUIRE_2FA = True
    login(page, live_server, live_world.advisor)
    page.get_by_role("heading", name="Slå på tvåstegsverifiering").wait_for()
    assert page.locator(".secret-key").count() == 0  # the password alone shows no key
    page.get_by_role("button", name="Skicka länken till mig").click()
    page.get_by_text("Vi har skickat en länk till advisor@example.org").wait_for()
    body = mailbox.body(mailbox.wait_for(live_world.advisor.email)[-1])
    link = re.search(r"https?://\S+(/accounts/security/authenticator/link/\S+/)", body).group(1)
    page.goto(f"{live_server.url}{link}")
    page.screenshot(path=f"{SHOTS}/2fa-enrol.png", full_page=True)
    key = page.locator(".secret-key").inner_text().replace(" ", "")  # as typed into an app
    page.get_by_label("Kod").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Slå på tvåstegsverifiering").click()
    page.get_by_role("heading", name="Dina reservkoder").wait_for()
    assert page.locator(".recovery-codes li").count() == 10
    page.screenshot(path=f"{SHOTS}/2fa-recovery-codes.png", full_page=True)
    page.get_by_role("link", name="Jag har sparat koderna – fortsätt").click()
    assert page.locator("h1").inner_text() == "Hej Sara"
    notice = mailbox.wait_for(live_world.advisor.email, count=2)[-1]
    assert "En autentiseringsapp lades till" in mailbox.body(notice)
