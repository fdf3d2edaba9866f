"""Background jobs of intake (run by ``manage.py db_worker``, enqueued by ``run_scheduler``)."""

from django_tasks import task

from . import services


@task()
def send_sla_reminders() -> int:
    """Remind handlers of cases whose first response is overdue; returns how many were told."""
    return len(services.remind_overdue())


PERIODIC = [send_sla_reminders]  # enqueued by manage.py run_scheduler
