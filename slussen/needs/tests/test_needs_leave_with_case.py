"""A need on the board stands for an open case: the moment its case is made secret, closed or
merged into another, the board no longer shows it, it is closed, and the companies who answered
it are told in words that say nothing of the case."""

import pytest
from django.urls import reverse

from slussen.cases import services as case_services
from slussen.cases.models import Case
from slussen.core import workflow
from slussen.core.models import Notification, WorkflowState
from slussen.intake import services as intake_services
from slussen.needs import services

from .test_needs_board import company, published


def answered(world):
    need = published(world)
    firm = company("Sensorbolaget", "kontakt@sensorbolaget.example")
    services.answer(need, firm, proposal="Golvsensorer.", fulfils="Utan kamera.")
    return need, firm


def make_secret(case, actor):
    return case_services.update_case(
        case, actor, expected_version=case.version, secrecy="secret",
        secrecy_reference="OSL 31 kap. 16 §",
    )  # fmt: skip


def merge_away(case, world):
    survivor = case_services.open_case(
        kind=case.kind, title="Samma behov", description="Samma.", organisation=case.organisation,
        actor=world.advisor,
    )  # fmt: skip
    intake_services.merge(case, survivor, world.advisor, message="Samma behov: vi tar det där.")


ENDINGS = {
    "secret": lambda case, world: make_secret(case, world.advisor),
    "closed": lambda case, world: workflow.apply(case, "close", world.advisor, reason="Internt."),
    "merged": merge_away,
}


@pytest.mark.parametrize("ending", list(ENDINGS))
def test_needs_board_a_need_leaves_the_board_when_its_case_ends(world, client, ending):
    need, firm = answered(world)
    board = reverse("needs:board")
    client.force_login(firm)
    assert need.title in client.get(board).text
    case = Case.objects.get(pk=need.case_id)
    secret_title = case.title
    ENDINGS[ending](case, world)

    assert need.title not in client.get(board).text
    assert client.get(need.get_absolute_url()).status_code == 404
    need.refresh_from_db()
    assert need.state.code == "closed"
    told = Notification.objects.get(recipient=firm, kind="needs.withdrawn")
    assert need.title in told.title
    words = told.title + told.body
    assert case.registry_number not in words and secret_title not in words
    assert "hemlig" not in words.lower() and "secret" not in words.lower()


def test_needs_board_hides_a_need_whose_case_ended_behind_the_services_back(world, client):
    """The board asks the case itself: a need is not shown a moment longer because its case
    ended without the service (an administrator's edit)."""
    need, firm = answered(world)
    closed = WorkflowState.objects.get(workflow=world.case.state.workflow, code="closed")
    Case.objects.filter(pk=need.case_id).update(state=closed)
    client.force_login(firm)
    assert need.title not in client.get(reverse("needs:board")).text
    assert client.get(need.get_absolute_url()).status_code == 404


def test_needs_board_a_need_published_from_a_secret_case_stays_until_the_case_changes(
    world, client
):
    """A need may be published from a case secret already, in words of its own: it stays on
    the board through the case's other steps, and leaves it when the case ends."""
    need, firm = answered(world)
    make_secret(Case.objects.get(pk=need.case_id), world.advisor)
    again = published(world, title="Larm som bara rätt person hör")
    case = Case.objects.get(pk=again.case_id)
    workflow.apply(case, "start_assessment", world.advisor, reason="Vi bedömer.")
    client.force_login(firm)
    board = client.get(reverse("needs:board")).text
    assert again.title in board and need.title not in board
    workflow.apply(case, "close", world.advisor, reason="Internt.")
    assert again.title not in client.get(reverse("needs:board")).text
