"""Background jobs of the innovation process (enqueued by ``manage.py run_scheduler``)."""

from django_tasks import task

from slussen.core.scheduler import every

from . import reminders


@task()
def send_process_reminders() -> int:
    """Remind whoever must act – a decider, an assignee, an advisor – and escalate."""
    return reminders.run()


PERIODIC = [every(send_process_reminders, minutes=60)]
