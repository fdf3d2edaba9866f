"""First response within working days; reminders by a scheduled task on a frozen clock."""

import time
from datetime import date

import time_machine
from django.core.management import call_command

from slussen.cases.models import Case
from slussen.core import workflow
from slussen.intake import services, sla
from slussen.intake.models import Submission
from slussen.intake.tasks import send_sla_reminders


def test_working_days_skip_weekends_and_swedish_holidays():
    # Maundy Thursday 2026-04-02 + 2 working days: Good Friday, Easter Monday are off.
    assert sla.add_working_days(date(2026, 4, 2), 2) == date(2026, 4, 8)
    # Midsummer Eve 2026 (Friday 19 June) is a day off in practice.
    assert sla.add_working_days(date(2026, 6, 18), 1) == date(2026, 6, 22)
    # Christmas: the 24th, 25th and 26th and New Year's Eve and Day.
    assert sla.add_working_days(date(2026, 12, 23), 5) == date(2027, 1, 5)
    assert not sla.is_working_day(date(2026, 6, 6))  # National Day on a Saturday anyway
    assert sla.is_working_day(date(2026, 6, 8))


def propose(title, organisation):
    data = {"title": title, "description": "Text.", "organisation": organisation}
    return services.submit_proposal(data, language="sv", client="t")[0]


def test_due_date_is_counted_in_working_days(world, settings):
    settings.INTAKE_FIRST_RESPONSE_DAYS = 3
    with time_machine.travel("2026-04-01 10:00 +0200", tick=False):
        submission = propose("Påskförslag", world.sos)
    assert submission.due == date(2026, 4, 8)  # Thu 2, Tue 7, Wed 8 (Easter off)


def test_reminder_task_mails_exactly_the_overdue_cases_handlers(world, settings, mailbox):
    settings.INTAKE_FIRST_RESPONSE_DAYS = 2
    with time_machine.travel("2026-06-17 09:00 +0200", tick=False):  # Wednesday
        sos_late = propose("Skyltar på SöS", world.sos)
        kar_late = propose("Hjärtsvikt på Karolinska", world.karolinska)
        central = propose("Allmänt förslag", None)  # central triage: the coordinators
        answered = propose("Besvarat förslag", world.sos)
        workflow.apply(answered.case, "start_assessment", world.advisor, reason="Vi tittar.")
        closed = propose("Stängt förslag", world.sos)
        Case.objects.filter(pk=closed.case.pk).update(
            state=closed.case.state.workflow.states.get(code="closed")
        )
    assert sos_late.due == date(2026, 6, 22)  # Thu 18 + Mon 22: Midsummer Eve and Day off
    with time_machine.travel("2026-06-22 16:00 +0200", tick=False):
        assert send_sla_reminders.call() == 0  # due today: not overdue yet
    mailbox.clear()
    with time_machine.travel("2026-06-23 08:00 +0200", tick=False):
        call_command("run_scheduler", "--once")  # enqueues the task (run at once in tests)
    told = {m["X-Envelope-To"]: m for m in mailbox.wait_for("@example.org", count=4)}
    time.sleep(0.3)  # anything more would have arrived by now
    assert len(mailbox.messages) == 4
    assert set(told) == {
        "advisor@example.org",  # SöS
        "advisor_other@example.org",  # Karolinska
        "innovation_head@example.org",  # Karolinska
        "coordinator@example.org",  # central triage
    }
    sos = mailbox.body(told["advisor@example.org"])
    assert sos_late.case.registry_number in sos
    assert kar_late.case.registry_number not in sos
    assert answered.case.registry_number not in sos and closed.case.registry_number not in sos
    assert central.case.registry_number in mailbox.body(told["coordinator@example.org"])
    # Once a day at most: a second run the same day sends nothing; the next day it reminds again.
    mailbox.clear()
    with time_machine.travel("2026-06-23 15:00 +0200", tick=False):
        assert services.remind_overdue() == {}
    with time_machine.travel("2026-06-24 08:00 +0200", tick=False):
        assert len(services.remind_overdue()) == 4
    assert Submission.objects.filter(reminded_on=date(2026, 6, 24)).count() == 3


def test_a_handler_gets_the_reminder_instead_of_the_unit(world, settings, mailbox):
    settings.INTAKE_FIRST_RESPONSE_DAYS = 1
    with time_machine.travel("2026-03-02 09:00 +0100", tick=False):
        submission = propose("Tilldelat förslag", world.sos)
        Case.objects.filter(pk=submission.case.pk).update(handler=world.manager)
    with time_machine.travel("2026-03-05 09:00 +0100", tick=False):
        assert services.remind_overdue() == {
            "manager@example.org": [submission.case.registry_number]
        }
