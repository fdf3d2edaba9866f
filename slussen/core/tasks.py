"""Background jobs of the platform's core (run by ``manage.py db_worker``): the outbox, the
daily digests of notices and the pruning of rate-limit counters."""

from django_tasks import task

from . import ratelimit, search
from .notify import deliver_due, purge_sent_mail, send_digests
from .scheduler import every


@task()
def prune_rate_counters() -> int:
    """Remove the rate-limit counters of ended windows; returns how many."""
    return ratelimit.prune()


@task()
def count_search_documents() -> int:
    """Count again in how many documents each word of the search's vocabulary occurs."""
    return search.count_documents()


PERIODIC = [  # enqueued by run_scheduler, each at its own cadence
    every(deliver_due, minutes=1),  # retries what the mail server refused
    every(send_digests, minutes=60),
    every(purge_sent_mail, minutes=24 * 60),
    every(prune_rate_counters, minutes=60),
    every(count_search_documents, minutes=24 * 60),
]
