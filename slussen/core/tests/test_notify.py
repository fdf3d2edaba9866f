"""Mail is never lost, and every person has one list of notices."""

from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from slussen.core import notify
from slussen.core.models import (
    Notification,
    NotificationSetting,
    OutboundMail,
    Workflow,
    WorkflowTransition,
)
from slussen.testing.mail import Mailbox, free_port

PROPOSAL = {
    "title": "Tydligare skyltar till akuten",
    "description": "Det var svårt att hitta akutmottagningen på natten.",
    "submitter_role": "relative",
    "name": "Pia Andersson",
    "privacy": "on",
}


@pytest.fixture
def smtp_down(settings):
    """A mail server of this test's own, stopped; calling the fixture starts a new one on the
    same port, as an operator restarting it would."""
    box = Mailbox()
    server = Controller(box, hostname="127.0.0.1", port=free_port())
    server.start()
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.hostname, server.port
    server.stop()
    running = []

    def start():
        again = Controller(box, hostname=server.hostname, port=server.port)
        again.start()
        running.append(again)
        return box

    yield start
    for again in running:
        again.stop()


def test_mail_queued_while_the_server_is_down_is_delivered_once_when_it_is_back(
    live_world, client, smtp_down
):
    addresses = [f"boende{i}@example.net" for i in range(5)]
    for i, address in enumerate(addresses):
        response = client.post(
            reverse("intake:proposal"),
            {**PROPOSAL, "email": address},
            REMOTE_ADDR=f"10.9.0.{i + 1}",
        )
        assert response.status_code == 302
    # The receipts are in the outbox, waiting, none lost and none sent.
    waiting = OutboundMail.objects.filter(status=OutboundMail.Status.PENDING)
    assert waiting.count() == len(addresses)
    assert all(mail.attempts == 1 and mail.last_error for mail in waiting)

    # While the server is still down, a round stops at the first refusal and backs off.
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert notify.deliver_due.call() == 0
    assert sorted(waiting.values_list("attempts", flat=True)) == [1, 1, 1, 1, 2]

    mailbox = smtp_down()  # the mail server is back
    # Not yet due: nothing is sent early…
    assert notify.deliver_due.call() == 0
    # …and once due, every receipt goes out, exactly once, however often the job runs.
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert notify.deliver_due.call() == len(addresses)
        assert notify.deliver_due.call() == 0
    for address in addresses:
        assert len(mailbox.wait_for(address)) == 1
    assert not OutboundMail.objects.exclude(status=OutboundMail.Status.SENT).exists()


def test_a_mail_the_server_never_takes_is_marked_failed_and_can_be_sent_again(
    world, settings, smtp_down, django_capture_on_commit_callbacks
):
    settings.MAIL_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        notify.queue_mail("anna@example.org", "Hej", "Text")
    mail = OutboundMail.objects.get()
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        notify.deliver_due.call()
    mail.refresh_from_db()
    assert mail.status == OutboundMail.Status.FAILED
    mailbox = smtp_down()
    assert notify.retry_now(OutboundMail.objects.all()) == 1
    assert notify.deliver_due.call() == 1
    assert len(mailbox.wait_for("anna@example.org")) == 1


def test_no_mail_for_a_change_that_was_rolled_back(world, mailbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify.queue_mail("anna@example.org", "Hej", "Text")
        raise RuntimeError
    assert not OutboundMail.objects.exists()


def test_subject_is_text_not_html(world, django_capture_on_commit_callbacks, mailbox):
    with django_capture_on_commit_callbacks(execute=True):
        notify.tell([world.employee], "test", "Mottaget: <b>Fall & halka</b>", url="/")
    [message] = mailbox.wait_for(world.employee.email)
    assert message["Subject"] == "Mottaget: <b>Fall & halka</b>"


def test_notices_in_the_list_with_unread_count_and_mail_by_preference(
    world, client, django_capture_on_commit_callbacks, mailbox
):
    NotificationSetting.objects.create(user=world.advisor, email=NotificationSetting.Email.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        notify.tell(
            [world.employee, world.advisor, world.employee],
            "test",
            lambda: "Ditt ärende har fått ett beslut",
            url=world.case.get_absolute_url(),
        )
    # The employee is told once, by mail at once; the advisor waits for the digest.
    assert len(mailbox.wait_for(world.employee.email)) == 1
    assert mailbox.to(world.advisor.email) == []
    world.employee.refresh_from_db()
    assert world.employee.unread_notices == 1

    client.force_login(world.employee)
    page = client.get(reverse("core:notifications"))
    assert "Ditt ärende har fått ett beslut" in page.content.decode()
    assert 'class="badge">1' in page.content.decode()
    notice = Notification.objects.get(recipient=world.employee)
    opened = client.get(reverse("core:notification", args=[notice.pk]))
    assert opened.status_code == 302 and opened["Location"] == world.case.get_absolute_url()
    world.employee.refresh_from_db()
    assert world.employee.unread_notices == 0

    # Another person's notice does not exist for you.
    other = Notification.objects.get(recipient=world.advisor)
    assert client.get(reverse("core:notification", args=[other.pk])).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        assert notify.send_digests.call() == 1
        assert notify.send_digests.call() == 0  # once a day
    [digest] = mailbox.wait_for(world.advisor.email)
    assert "Ditt ärende har fått ett beslut" in mailbox.body(digest)


def test_a_notice_link_to_another_site_is_not_followed(world, client):
    notice = Notification.objects.create(
        recipient=world.employee, kind="test", title="x", url="https://evil.example/"
    )
    client.force_login(world.employee)
    response = client.get(reverse("core:notification", args=[notice.pk]))
    assert response["Location"] == reverse("core:notifications")


def test_choosing_how_to_hear_of_notices(world, client):
    client.force_login(world.employee)
    response = client.post(reverse("core:notifications"), {"email": "none"})
    assert response.status_code == 302
    assert notify.preference(world.employee) == "none"
    assert client.post(reverse("core:notifications"), {"email": "bogus"}).status_code == 400


def test_a_transition_naming_an_unknown_permission_fails_the_system_check(world):
    call_command("check")  # the declared and stored definitions are sound
    transition = WorkflowTransition.objects.filter(workflow__code="case").first()
    transition.permission = "case.triagee"  # a typo
    transition.save()
    with pytest.raises(SystemCheckError, match="case.triagee"):
        call_command("check")


def test_an_unknown_permission_hides_the_step_instead_of_breaking_the_page(world, client):
    Workflow.objects.filter(code="case")  # the case's own workflow
    WorkflowTransition.objects.filter(workflow__code="case").update(permission="case.triagee")
    client.force_login(world.advisor)
    assert client.get(world.case.get_absolute_url()).status_code == 200


def test_an_unknown_guard_or_audience_fails_the_system_check(world):
    transition = WorkflowTransition.objects.filter(workflow__code="case").first()
    transition.guards = ["no.such_guard"]
    transition.notify = ["no.such_people"]
    transition.save()
    with pytest.raises(SystemCheckError) as error:
        call_command("check")
    assert "no.such_guard" in str(error.value) and "no.such_people" in str(error.value)


def test_sent_mail_is_removed_after_its_keeping_time(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify.queue_mail("anna@example.org", "Hej", "Text")
        notify.queue_mail("bo@example.org", "Hej", "Text")
    assert OutboundMail.objects.filter(status=OutboundMail.Status.SENT).count() == 2
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert notify.purge_sent_mail.call() == 2
    assert not OutboundMail.objects.exists()
