"""The handler of a case opened again after it ended finds the need that left the board with
it and takes it up again (headless Chromium, Swedish at 1 280 px and English at 390 px)."""

import pytest

from slussen.cases.models import Case
from slussen.conftest import ARTIFACTS
from slussen.core import workflow
from slussen.intake.tests.test_browser_flows import PATIENCE
from slussen.testing.browser import login

from .test_needs_leave_with_case import answered

WORDS = {
    "sv": ("Ett behov i ärendet lämnade behovstavlan", "Ta upp behovet igen", "Utkast"),
    "en": ("A need of this case left the needs board", "Take the need up again", "Draft"),
}


@pytest.mark.parametrize(("language", "width"), [("sv", 1280), ("en", 390)])
def test_the_handler_takes_up_again_a_need_that_left_with_the_case(
    live_server, live_world, page, language, width
):
    need, _firm = answered(live_world)
    case = Case.objects.get(pk=need.case_id)
    workflow.apply(case, "close", live_world.advisor, reason="Internt.")
    workflow.apply(case, "reopen", live_world.advisor, reason="Behovet finns kvar.")
    offer, step, draft = WORDS[language]
    page.set_default_timeout(PATIENCE)
    page.set_default_navigation_timeout(PATIENCE)
    page.set_viewport_size({"width": width, "height": 900})
    if language == "en":
        page.context.add_cookies(
            [{"name": "django_language", "value": "en", "url": live_server.url}]
        )
    login(page, live_server, live_world.advisor)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"needs-back-case-{language}.png"), full_page=True)
    page.get_by_role("link", name=offer).click()
    page.get_by_role("button", name=step).wait_for()
    page.screenshot(path=str(ARTIFACTS / f"needs-back-need-{language}.png"), full_page=True)
    page.get_by_role("button", name=step).click()
    page.get_by_text(draft).first.wait_for()
    need.refresh_from_db()
    assert need.state.code == "draft"
