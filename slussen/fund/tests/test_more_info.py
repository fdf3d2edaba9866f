"""More information needed: the coordinator or a pre-screener sends the application back with a
question, the applicant completes it and answers, the reviewers see what changed, and the
thread stays with the application for those who may read it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from slussen.accounts.models import Membership
from slussen.core import workflow
from slussen.core.models import Notification, Workflow, WorkflowState
from slussen.fund import services
from slussen.fund.models import Application, Call, ThreadMessage
from slussen.fund.workflows import FUND_WORKFLOW, STATES, TRANSITIONS

from .factories import draft_data, make_application, send_back

QUESTION = "Hur många patienter når piloten, och vad kostar VR-utrustningen per avdelning?"


def _complete(world, app, **changes):
    """The applicant changes the title, one answer and the budget, then answers."""
    data = draft_data(app.call, app.applicant, app.organisation, app.manager)
    data["fields"].update(title="Omvårdnadsträning med VR på två avdelningar", **changes)
    first = app.call.current_questions().first()
    data["answers"][first.pk] = "Ett reviderat svar om 400 patienter."
    data["budget_lines"][1]["amount"] = 60_000
    return services.save_draft(app.applicant, app.call, application=app, **data)


def test_more_info_goes_back_to_the_applicant_and_the_reviewers_see_the_difference(
    world, call, client, mailbox, django_capture_on_commit_callbacks
):
    app = make_application(world, call, state="review")
    with django_capture_on_commit_callbacks(execute=True):
        send_back(world, app, question=QUESTION)
    assert app.state.code == "more_info"
    # The applicant is told in Slussen and by e-mail, with the question.
    notice = Notification.objects.get(recipient=world.testbed_owner, kind__endswith=".ask")
    assert notice.body == QUESTION
    assert QUESTION in mailbox.body(mailbox.wait_for(world.testbed_owner.email)[-1])

    # The applicant reads the question, completes the application and answers.
    client.force_login(world.testbed_owner)
    page = client.get(reverse("fund:application", args=[app.pk]))
    assert QUESTION in page.text and reverse("fund:resubmit", args=[app.pk]) in page.text
    assert client.get(reverse("fund:edit", args=[app.pk])).status_code == 200
    _complete(world, app)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("fund:resubmit", args=[app.pk]), {"reply": "Budgeten är sänkt, se ovan."}
        )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state.code == "review"  # back where it was sent from
    # The assigned expert and the coordinator who asked are told.
    for person in (world.expert, world.coordinator):
        assert Notification.objects.filter(recipient=person, kind__endswith=".resubmit").exists()

    # The expert sees the thread and the change answer by answer, before and after.
    client.force_login(world.expert)
    page = client.get(reverse("fund:application", args=[app.pk])).text
    assert QUESTION in page and "Budgeten är sänkt, se ovan." in page
    assert "Omvårdnadsträning med VR</del>" in page
    assert "Omvårdnadsträning med VR på två avdelningar</ins>" in page
    assert "Svar på fråga 1.</del>" in page and "Ett reviderat svar om 400 patienter.</ins>" in page
    assert "VR-utrustning: 90\xa0000" in page and "VR-utrustning: 60\xa0000" in page
    unchanged = app.call.current_questions()[1]
    assert f"{unchanged.text_sv}</th>" not in page  # only what changed


def test_more_info_from_prescreening_goes_back_to_prescreening(world, call, client):
    app = make_application(world, call, state="prescreening")
    send_back(world, app, by=world.prescreener)
    assert app.state.code == "more_info"
    with pytest.raises(PermissionDenied):  # a pre-screener asks only in pre-screening
        services.ask_for_more_info(
            make_application(world, call, state="review"), world.prescreener, question="?"
        )
    # The call has closed meanwhile: the completed application still goes back.
    Call.objects.filter(pk=call.pk).update(closes_at=timezone.now() - timedelta(days=1))
    services.resubmit(app, world.testbed_owner, reply="Kompletterat.")
    app.refresh_from_db()
    assert app.state.code == "prescreening"
    # Sent back from pre-screening: no expert took part, so no reviewers are told.
    assert not Notification.objects.filter(recipient=world.expert, kind__endswith=".resubmit")


def test_more_info_on_a_decided_application_is_refused(world, call, client):
    app = make_application(world, call, state="granted")
    with pytest.raises(ValidationError):
        services.ask_for_more_info(app, world.coordinator, question=QUESTION)
    client.force_login(world.coordinator)
    response = client.post(reverse("fund:ask", args=[app.pk]), {"question": QUESTION})
    assert response.status_code == 403
    app.refresh_from_db()
    assert app.state.code == "granted" and not ThreadMessage.objects.exists()
    # An empty question is refused and the page says so.
    waiting = make_application(world, call, state="review")
    for question in ("  ", "x" * 100_000):  # empty, or far too long
        response = client.post(reverse("fund:ask", args=[waiting.pk]), {"question": question})
        assert response.status_code == 400 and 'class="error-summary"' in response.text
    waiting.refresh_from_db()
    assert waiting.state.code == "review" and not ThreadMessage.objects.exists()


def test_more_info_an_applicant_cannot_answer_for_another_application(world, call, client):
    app = send_back(world, make_application(world, call, state="review"))
    mine = make_application(
        world, call, applicant=world.employee, manager=world.manager, organisation=world.sos
    )
    assert mine.pk != app.pk
    client.force_login(world.employee)
    url = reverse("fund:resubmit", args=[app.pk])
    assert client.post(url, {"reply": "Inte min ansökan."}).status_code == 404
    assert client.get(reverse("fund:edit", args=[app.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.resubmit(app, world.employee, reply="Inte min ansökan.")
    app.refresh_from_db()
    assert app.state.code == "more_info"
    assert not ThreadMessage.objects.filter(kind="reply").exists()


def test_more_info_answered_twice_is_sent_once(world, call, client):
    app = send_back(world, make_application(world, call, state="review"))
    client.force_login(world.testbed_owner)
    url = reverse("fund:resubmit", args=[app.pk])
    assert client.post(url, {"reply": ""}).status_code == 400  # an answer is needed
    assert client.post(url, {"reply": "x" * 100_000}).status_code == 400  # a short one
    assert client.post(url, {"reply": "Klart."}).status_code == 302
    assert client.post(url, {"reply": "Klart."}).status_code == 302  # the second click
    assert ThreadMessage.objects.filter(kind="reply").count() == 1
    app.refresh_from_db()
    assert app.state.code == "review"


def test_more_info_thread_is_hidden_from_an_unassigned_reviewer_and_the_manager(
    world, call, client
):
    app = send_back(world, make_application(world, call, state="review"), question=QUESTION)
    Membership.objects.create(user=world.advisor, organisation=world.rlk, role="expert")
    call.experts.add(world.advisor)  # in the call's expert group, not assigned
    services.resubmit(app, world.testbed_owner, reply="Svaret.")
    url = reverse("fund:application", args=[app.pk])
    client.force_login(world.advisor)
    assert client.get(url).status_code == 404
    client.force_login(world.innovation_head)  # the manager reads the application, not the thread
    page = client.get(url)
    assert page.status_code == 200 and QUESTION not in page.text and "Svaret." not in page.text
    for reader in (world.expert, world.coordinator, world.prescreener, world.testbed_owner):
        client.force_login(reader)
        assert QUESTION in client.get(url).text


def test_more_info_running_applications_keep_the_workflow_version_they_began_on(
    world, call, monkeypatch
):
    """An application begun before version 2 keeps version 1 and is decided as before; new
    applications start on version 2, which can send them back."""
    current = workflow.current(FUND_WORKFLOW)
    assert current.version == 2
    old = [
        (*t[:3], [s for s in t[3] if s != "more_info"], *t[4:])
        for t in TRANSITIONS
        if t[0] not in ("ask", "resubmit", "resubmit_prescreening")
    ]
    # define() remembers what it defined for ``manage.py check``; the test's version 1 is
    # forgotten afterwards.
    monkeypatch.setitem(workflow._DECLARED, FUND_WORKFLOW, TRANSITIONS)
    v1 = workflow.define(
        FUND_WORKFLOW,
        "Ansökan",
        "Application",
        [s for s in STATES if s[0] != "more_info"],
        old,
        version=1,
    )
    Workflow.objects.filter(pk=v1.pk).update(is_current=False)
    app = make_application(world, call, state="review")
    Application.objects.filter(pk=app.pk).update(state=v1.states.get(code="review"))
    app.refresh_from_db()
    assert "ask" not in {t.code for t in workflow.available(app, world.coordinator)}
    with pytest.raises(ValidationError):
        services.ask_for_more_info(app, world.coordinator, question=QUESTION)
    services.decide(app, world.coordinator, grant=True, amount=200_000, motivation="Bra.")
    app.refresh_from_db()
    assert app.state == WorkflowState.objects.get(workflow=v1, code="granted")
    fresh = make_application(world, call, state="review")
    assert fresh.state.workflow_id == current.pk
    assert "ask" in {t.code for t in workflow.available(fresh, world.coordinator)}
