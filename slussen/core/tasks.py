"""Background jobs of the platform's core (run by ``manage.py db_worker``)."""

from django_tasks import task

from . import ratelimit


@task()
def prune_rate_counters() -> int:
    """Remove the rate-limit counters of ended windows; returns how many."""
    return ratelimit.prune()


PERIODIC = [prune_rate_counters]  # enqueued by manage.py run_scheduler
