"""A need that left the board with its case does not come back unseen when the case is opened
again – no company is surprised – and its handlers are not left unaware: they are told, the
case page offers the need, and they take it up again through the need's workflow (a draft the
manager approves again). A need its handler closed is not offered."""

from django.urls import reverse

from slussen.cases.models import Case
from slussen.core import workflow
from slussen.core.models import AuditEvent, Notification

from .test_needs_leave_with_case import answered


def close_and_reopen(world, need):
    case = Case.objects.get(pk=need.case_id)
    workflow.apply(case, "close", world.advisor, reason="Internt.")
    workflow.apply(case, "reopen", world.advisor, reason="Behovet finns kvar.")
    need.refresh_from_db()
    return case


def test_a_need_closed_with_its_case_is_offered_again_when_the_case_reopens(world, client):
    need, firm = answered(world)
    case = close_and_reopen(world, need)

    assert need.state.code == "closed"  # not back on the board unseen
    assert not Notification.objects.filter(recipient=firm).exclude(kind="needs.withdrawn")
    told = Notification.objects.get(recipient=world.advisor, kind="needs.offered_again")
    assert need.title in told.title and told.url == need.get_absolute_url()
    assert AuditEvent.objects.filter(action="needs.offered_again").count() == 1

    client.force_login(world.advisor)
    page = client.get(reverse("cases:detail", args=[case.pk])).text
    assert f'href="{need.get_absolute_url()}"' in page
    assert "lämnade behovstavlan när ärendet avslutades" in page
    detail = client.get(need.get_absolute_url()).text
    assert 'value="reopen"' in detail and "Ta upp behovet igen" in detail

    answer = client.post(reverse("needs:transition", args=[need.pk]), {"code": "reopen"})
    assert answer.status_code == 302
    need.refresh_from_db()
    assert need.state.code == "draft" and not need.withdrawn_with_case
    assert AuditEvent.objects.filter(action="workflow.reopen", object_id=str(need.pk)).exists()
    assert Notification.objects.filter(recipient=world.manager, kind="need.reopen").exists()
    page = client.get(reverse("cases:detail", args=[case.pk])).text
    assert "lämnade behovstavlan när ärendet avslutades" not in page  # taken up: offered no more


def test_a_need_is_not_taken_up_while_its_case_has_ended_nor_by_the_wrong_person(world, client):
    need, _firm = answered(world)
    case = Case.objects.get(pk=need.case_id)
    workflow.apply(case, "close", world.advisor, reason="Internt.")
    need.refresh_from_db()
    url = reverse("needs:transition", args=[need.pk])
    client.force_login(world.advisor)
    client.post(url, {"code": "reopen"})
    need.refresh_from_db()
    assert need.state.code == "closed"  # the case has ended: no such step for her

    workflow.apply(case, "reopen", world.advisor, reason="Behovet finns kvar.")
    for person in (world.advisor_other, world.external, world.employee, world.manager):
        client.force_login(person)
        assert client.post(url, {"code": "reopen"}).status_code in (302, 403, 404)
        need.refresh_from_db()
        assert need.state.code == "closed", person


def test_a_need_its_handler_closed_is_not_offered_when_the_case_reopens(world, client):
    need, _firm = answered(world)
    workflow.apply(need, "close", world.advisor)
    case = close_and_reopen(world, need)
    assert not Notification.objects.filter(kind="needs.offered_again").exists()
    client.force_login(world.advisor)
    assert 'value="reopen"' not in client.get(need.get_absolute_url()).text
    page = client.get(reverse("cases:detail", args=[case.pk])).text
    assert f'href="{need.get_absolute_url()}"' not in page
