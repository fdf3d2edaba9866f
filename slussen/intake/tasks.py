"""Background jobs of intake (run by ``manage.py db_worker``, enqueued by ``run_scheduler``)."""

from django_tasks import task

from slussen.core.scheduler import every

from . import services


@task()
def send_sla_reminders() -> int:
    """Remind handlers of cases whose first response is overdue; returns how many were told."""
    return len(services.remind_overdue())


@task()
def purge_unconfirmed_inquiries() -> int:
    """Remove companies' inquiries whose confirmation link expired; returns how many."""
    return services.purge_unconfirmed()


@task()
def forget_public_supporters() -> int:
    """Remove public supporters' addresses by the retention rules; returns how many."""
    return services.forget_public_supporters()


PERIODIC = [  # enqueued by manage.py run_scheduler
    every(send_sla_reminders, minutes=60),
    every(purge_unconfirmed_inquiries, minutes=60),
    every(forget_public_supporters, minutes=24 * 60),
]
