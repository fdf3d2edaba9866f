"""Scheduled work of the fund, as background tasks a scheduler can enqueue."""

from django_tasks import task

from . import services


@task()
def send_signoff_reminders() -> int:
    return services.send_signoff_reminders()


@task()
def send_followup_reminders() -> int:
    return services.send_followup_reminders()


@task()
def send_review_reminders() -> int:
    return services.send_review_reminders()


# run_scheduler enqueues these
PERIODIC = [send_signoff_reminders, send_followup_reminders, send_review_reminders]
