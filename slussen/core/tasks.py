"""Background jobs of the platform's core (run by ``manage.py db_worker``): the outbox, the
daily digests of notices and the pruning of rate-limit counters."""

from django_tasks import task

from . import ratelimit
from .notify import deliver_due, purge_sent_mail, send_digests


@task()
def prune_rate_counters() -> int:
    """Remove the rate-limit counters of ended windows; returns how many."""
    return ratelimit.prune()


PERIODIC = [
    deliver_due,
    send_digests,
    purge_sent_mail,
    prune_rate_counters,
]  # enqueued by run_scheduler
