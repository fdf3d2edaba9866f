""" "Kolla din e-post" in headless Chromium: "försök igen" is a link back to the form, Swedish
at 1 280 px and English at 390 px."""

import pytest

from slussen.conftest import ARTIFACTS

from .test_browser_flows import PATIENCE

WORDS = {
    "sv": ("Din e-postadress", "Jag har läst hur mina personuppgifter behandlas (ovan).",
           "Skicka länken så att jag kan följa det", "Kolla din e-post", "försök igen"),
    "en": ("Your e-mail address", "I have read how my personal data is handled (above).",
           "Send me the link to follow it", "Check your e-mail", "try again"),
}  # fmt: skip


@pytest.mark.parametrize(("language", "width"), [("sv", 1280), ("en", 390)])
def test_try_again_is_a_link_back_to_the_form(
    live_server, live_world, page, mailbox, language, width
):
    address, privacy, send, check, again = WORDS[language]
    page.set_default_timeout(PATIENCE)
    page.set_default_navigation_timeout(PATIENCE)
    page.set_viewport_size({"width": width, "height": 900})
    if language == "en":
        page.context.add_cookies(
            [{"name": "django_language", "value": "en", "url": live_server.url}]
        )
    join = f"{live_server.url}/join/{live_world.case.pk}/"
    page.goto(join)
    page.get_by_label(address).fill("pia@example.net")
    page.get_by_label(privacy).check()
    page.get_by_role("button", name=send).click()
    page.get_by_role("heading", name=check).wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"intake-check-mail-{language}.png"), full_page=True)
    page.get_by_role("link", name=again, exact=True).click()
    page.get_by_label(address).wait_for()
    assert page.url == join
