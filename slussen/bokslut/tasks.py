"""Background tasks a scheduler calls (e.g. once a day: ``send_survey_reminders.enqueue()``)."""

from django_tasks import task

from . import services


@task()
def send_survey_reminders() -> int:
    """Remind the heads of innovation whose organisation's response is due and not yet in."""
    return services.send_reminders()


PERIODIC = [send_survey_reminders]  # enqueued by manage.py run_scheduler
