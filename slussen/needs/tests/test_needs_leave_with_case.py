"""A need on the board stands for an open case: the moment its case is made secret, closed or
merged into another, the board no longer shows it, it is closed, and the companies who answered
it are told in words that say nothing of the case."""

import pytest
from django.urls import reverse

from slussen.cases import services as case_services
from slussen.cases.models import Case
from slussen.core import workflow
from slussen.core.models import Notification
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


def test_needs_board_hides_a_need_whose_case_was_made_secret_behind_the_services_back(
    world, client
):
    """The board asks the case itself: a need is not shown for a moment longer because its
    case changed without the service (an administrator's edit)."""
    need, firm = answered(world)
    Case.objects.filter(pk=need.case_id).update(secrecy="secret")
    client.force_login(firm)
    assert need.title not in client.get(reverse("needs:board")).text
    assert client.get(need.get_absolute_url()).status_code == 404
