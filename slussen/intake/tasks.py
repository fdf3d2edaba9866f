"""Background jobs of intake (run by ``manage.py db_worker``, enqueued by ``run_scheduler``)."""

from django_tasks import task

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


# Enqueued by manage.py run_scheduler.
PERIODIC = [send_sla_reminders, purge_unconfirmed_inquiries, forget_public_supporters]
