"""Whoever must act is reminded, once per interval, and their manager hears of it later."""

from datetime import date, timedelta

import time_machine
from django.utils import timezone

from slussen.accounts.models import Membership
from slussen.core.models import Notification
from slussen.process import reminders, services
from slussen.process.models import InnovationCase, Task

from .conftest import start_service_case


def _kinds(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_waiting_approval_reminds_the_manager_then_escalates(world):
    ic = start_service_case(world)
    services.decide(
        ic,
        world.advisor,
        decision="pause",
        basis="Budgeten saknas.",
        zone="yellow",
        decided_on=date.today(),
        manager=world.manager,
    )
    # The manager's own manager: a head of the region's administration.
    Membership.objects.create(user=world.manager, organisation=world.sos, role="employee")
    Membership.objects.create(user=world.coordinator, organisation=world.region, role="manager")
    assert reminders.run() == 0  # not yet
    later = timezone.now() + timedelta(days=4)
    with time_machine.travel(later):
        assert reminders.run() == 1
        assert reminders.run() == 0  # once per interval
    assert _kinds(world.manager).count("innovation.approval_reminder") == 1
    with time_machine.travel(timezone.now() + timedelta(days=11)):
        reminders.run()
    assert _kinds(world.manager).count("innovation.approval_reminder") == 2
    assert "innovation.approval_escalated" in _kinds(world.coordinator)


def test_an_overdue_task_reminds_its_assignee(world):
    ic = start_service_case(world)
    Task.objects.create(
        innovation=ic, title="Boka möte med IT", due=date.today() - timedelta(days=1),
        assignee=world.advisor,
    )  # fmt: skip
    Task.objects.create(
        innovation=ic, title="Klar", due=date.today() - timedelta(days=1),
        assignee=world.advisor, done=True,
    )  # fmt: skip
    reminders.run()
    notices = Notification.objects.filter(recipient=world.advisor, kind="innovation.task_overdue")
    assert notices.count() == 1 and "Boka möte med IT" in notices.get().title


def test_a_stale_case_reminds_the_advisor_and_then_the_line(world):
    ic = start_service_case(world)
    Membership.objects.create(user=world.manager, organisation=world.sos, role="employee")
    Membership.objects.create(user=world.coordinator, organisation=world.region, role="manager")
    InnovationCase.objects.filter(pk=ic.pk).update(
        last_activity=timezone.now() - timedelta(days=100)
    )
    now = timezone.now()
    for days in (0, 4, 8):
        with time_machine.travel(now + timedelta(days=days)):
            reminders.run()
    assert _kinds(world.advisor).count("innovation.stale") == 3
    assert "innovation.stale_escalated" in _kinds(world.coordinator)


def test_a_task_due_yesterday_in_the_region_is_overdue_just_after_its_midnight(world):
    """At half past midnight in Stockholm it is still the day before in UTC: the task due the
    region's yesterday is overdue all the same (it was not, until 01:00 or 02:00 there)."""
    ic = start_service_case(world)
    just_after = timezone.make_aware(
        timezone.datetime(2026, 12, 7, 0, 30), timezone.get_default_timezone()
    )
    Task.objects.create(
        innovation=ic, title="Ring leverantören", due=date(2026, 12, 6), assignee=world.advisor
    )
    with time_machine.travel(just_after):
        reminders.run()
    assert "innovation.task_overdue" in _kinds(world.advisor)
