"""Background tasks a scheduler calls (e.g. once a day: ``send_survey_reminders.enqueue()``)."""

from django_tasks import task

from slussen.core.scheduler import every

from . import services


@task()
def send_survey_reminders() -> int:
    """Remind the heads of innovation whose organisation's response is due and not yet in."""
    return services.send_reminders()


PERIODIC = [every(send_survey_reminders, minutes=60)]  # enqueued by manage.py run_scheduler
