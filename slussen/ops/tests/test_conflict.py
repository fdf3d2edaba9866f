"""Two people edit the same case at once: the second to save gets a conflict, never a silent
overwrite, keeps what they typed and can save again (optimistic locking on ``Case.version``)."""

import pytest
from playwright.sync_api import expect

from slussen.cases import selectors, services
from slussen.cases.models import Case
from slussen.testing.browser import login

SARAS_TITLE = "IVA-dagboken – digital version"
MARIAS_TEXT = "Marias beskrivning: dagboken ska också finnas på engelska och arabiska."


@pytest.fixture
def version_check_disabled(monkeypatch):
    """The rule broken on purpose: every save is made against the version now stored."""
    real = services.update_case

    def unchecked(case, actor, *, expected_version, **changes):
        current = Case.objects.get(pk=case.pk).version
        return real(case, actor, expected_version=current, **changes)

    monkeypatch.setattr(services, "update_case", unchecked)


def edit_at_once(case, first, second):
    opened = Case.objects.get(pk=case.pk)  # both open the form at this version
    fields = {f: getattr(opened, f) for f in services.EDITABLE_FIELDS}
    services.update_case(
        case, first, expected_version=opened.version, **{**fields, "title": SARAS_TITLE}
    )
    try:
        services.update_case(
            case, second, expected_version=opened.version, **{**fields, "description": MARIAS_TEXT}
        )
    except services.ConflictError:
        pass
    else:
        raise AssertionError("the second save silently overwrote the first")
    case.refresh_from_db()
    assert (case.title, case.description) == (SARAS_TITLE, opened.description)
    # the second person saves again, now against the version they were shown
    services.update_case(
        case, second, expected_version=case.version, title=SARAS_TITLE, description=MARIAS_TEXT
    )
    case.refresh_from_db()
    assert (case.title, case.description, case.version) == (SARAS_TITLE, MARIAS_TEXT, 3)
    assert case.events.filter(type="edited").count() == 2


def test_second_save_against_an_old_version_is_refused(world):
    edit_at_once(world.case, world.advisor, world.coordinator)


def test_conflict_check_catches_a_silent_overwrite(world, version_check_disabled):
    with pytest.raises(AssertionError, match="silently overwrote"):
        edit_at_once(world.case, world.advisor, world.coordinator)


def test_conflict_form_keeps_your_changes_and_takes_the_others_where_you_changed_nothing(world):
    case = world.case
    yours = {f: getattr(case, f) for f in services.EDITABLE_FIELDS}
    services.update_case(case, world.advisor, expected_version=1, title="Saras", description="S")
    conflict = selectors.edit_conflict(case, 1, {**yours, "title": "Marias"})
    assert conflict.saved_by == world.advisor
    assert conflict.merged == {**yours, "title": "Marias", "description": "S"}
    assert [(d["label"], d["kept"]) for d in conflict.differences] == [
        (Case._meta.get_field("title").verbose_name, "both"),
        (Case._meta.get_field("description").verbose_name, "theirs"),
    ]


def edit_in_two_browsers(browser, live_server, world, screenshot=None, timeout=10_000):
    case = world.case
    sara, maria = (
        browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900}).new_page()
        for _ in range(2)
    )
    login(sara, live_server, world.advisor)
    login(maria, live_server, world.coordinator)
    edit_url = f"{live_server.url}/cases/{case.pk}/edit/"
    sara.goto(edit_url)
    maria.goto(edit_url)

    sara.get_by_label("Rubrik").fill(SARAS_TITLE)
    sara.get_by_role("button", name="Spara").click()
    expect(sara.get_by_text("Ändringarna har sparats.")).to_be_visible()

    maria.get_by_label("Beskrivning").fill(MARIAS_TEXT)
    maria.get_by_role("button", name="Spara").click()
    summary = maria.get_by_role("alert")
    expect(summary).to_contain_text("Någon annan sparade ärendet", timeout=timeout)
    other = maria.get_by_role("region", name="Versionen som Sara Holm sparade")
    expect(other).to_contain_text(SARAS_TITLE)
    expect(maria.get_by_label("Beskrivning")).to_have_value(MARIAS_TEXT)  # nothing typed lost
    case.refresh_from_db()
    assert case.title == SARAS_TITLE and case.description != MARIAS_TEXT
    if screenshot:
        maria.screenshot(path=str(screenshot), full_page=True)

    # Sara's title came into Maria's form (Maria had not touched it); Maria saves again
    expect(maria.get_by_label("Rubrik")).to_have_value(SARAS_TITLE)
    expect(other.get_by_role("row", name="Rubrik")).to_contain_text("du hade inte ändrat")
    maria.get_by_role("button", name="Spara").click()
    expect(maria.get_by_text("Ändringarna har sparats.")).to_be_visible()
    case.refresh_from_db()
    assert (case.title, case.description) == (SARAS_TITLE, MARIAS_TEXT)
    for p in (sara, maria):
        p.context.close()


def test_two_people_editing_at_once_in_two_browsers(browser, live_server, live_world, tmp_path):
    edit_in_two_browsers(browser, live_server, live_world, screenshot=tmp_path / "conflict.png")


def test_browser_conflict_check_catches_a_silent_overwrite(
    browser, live_server, live_world, version_check_disabled
):
    with pytest.raises(AssertionError):
        edit_in_two_browsers(browser, live_server, live_world, timeout=2_000)
