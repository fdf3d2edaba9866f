"""A wide table at 1 280 px shows the columns that matter: the deadline of the work queue and
the last column of the register are within the window, not cut off inside a scroll region, and
their dates are read whole."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from slussen.accounts.models import Organisation
from slussen.cases.models import Case, Kind
from slussen.intake.models import Submission
from slussen.intake.services import submit_idea
from slussen.testing.browser import login

LONG_TITLE = (
    "Digitalt stöd för uppföljning av patienter med hjärtsvikt efter utskrivning från "
    "slutenvården till primärvården"
)
TABLES = [  # (who, url name, language, a column that must be seen, at 390 px too)
    ("advisor", "intake:queue", "sv", "Första svar senast", True),
    ("advisor", "intake:queue", "en", "First response due", True),
    ("advisor", "cases:register", "sv", "Registrerat", False),
]


def _realistic_rows(world):
    """A row of every kind, each with a long title, overdue and with a handler (the widest a
    row gets), in an organisation with a long name, as the demo's queue has them."""
    Organisation.objects.filter(pk=world.sos.pk).update(
        short_name="", name="Södersjukhuset, Forsknings- och innovationsenheten"
    )
    for i, kind in enumerate(Kind.values):
        submission, _token = submit_idea(world.employee, {
            "organisation": world.sos, "kind": "idea", "title": f"{LONG_TITLE} ({i})",
            "problem": f"Fall {i}: uppföljningen brister", "for_whom": "Patienter med hjärtsvikt",
        })  # fmt: skip
        Submission.objects.filter(pk=submission.pk).update(due=date.today() - timedelta(days=9))
        Case.objects.filter(pk=submission.case_id).update(kind=kind, handler=world.advisor_other)


@pytest.mark.parametrize(("role", "name", "language", "column", "narrow"), TABLES)
def test_the_columns_that_matter_are_seen_at_1280_px(live_world, live_server, page, role, name,
                                                      language, column, narrow):  # fmt: skip
    _realistic_rows(live_world)
    login(page, live_server, live_world.users[role])
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}{reverse(name)}")
    header = page.locator("main table thead th", has_text=column).first
    for width in (1280, 390) if narrow else (1280,):  # on a phone: seen before any scrolling
        page.set_viewport_size({"width": width, "height": 900})
        box = header.bounding_box()
        region = header.locator("xpath=ancestor::*[contains(@class,'table-scroll')][1]")
        right = (
            region.bounding_box()["x"] + region.bounding_box()["width"] if region.count() else width
        )
        assert box["x"] + box["width"] <= min(right, width) + 1, (
            f"{column} ends at {box['x'] + box['width']:.0f} px of {width}"
        )
    page.set_viewport_size({"width": 1280, "height": 900})
    column_at = header.evaluate("th => th.cellIndex")
    dates = page.locator(f"main table tbody tr td:nth-child({column_at + 1}) time")
    assert dates.count() >= 1
    for i in range(dates.count()):  # a date is read whole, never broken at its hyphen
        assert dates.nth(i).bounding_box()["height"] < 30, dates.nth(i).inner_text()
    page.screenshot(path=f"/tmp/wide-{name.replace(':', '-')}-{language}.png", full_page=False)


def test_a_long_status_stays_in_its_cell_of_the_facts(live_world, live_server, page):
    """A long status ("Sammanslagen med ett annat ärende") at 1 280 px wraps in its cell of the
    case's facts rather than running over the next one ("Typ")."""
    from slussen.core.models import WorkflowState

    submission, _token = submit_idea(live_world.employee, {
        "organisation": live_world.sos, "kind": "idea", "title": "Halkfria strumpor",
        "problem": "…", "for_whom": "Inneliggande patienter",
    })  # fmt: skip
    case = submission.case
    merged = WorkflowState.objects.get(workflow_id=case.state.workflow_id, code="merged")
    Case.objects.filter(pk=case.pk).update(state=merged)
    login(page, live_server, live_world.advisor)
    page.goto(f"{live_server.url}{reverse('intake:case', args=[case.pk])}")
    status = page.locator("main .facts .status").first
    cell = status.locator("xpath=ancestor::div[1]")
    assert "Sammanslagen" in status.inner_text()
    box, room = status.bounding_box(), cell.bounding_box()
    assert box["x"] + box["width"] <= room["x"] + room["width"] + 1, (box, room)
