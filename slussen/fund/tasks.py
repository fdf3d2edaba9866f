"""Scheduled work of the fund, as background tasks a scheduler can enqueue."""

from django_tasks import task

from slussen.core.scheduler import every

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


PERIODIC = [  # run_scheduler enqueues these
    every(send_signoff_reminders, minutes=60),
    every(send_followup_reminders, minutes=60),
    every(send_review_reminders, minutes=60),
]
