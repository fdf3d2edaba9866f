"""Background jobs of the core: the outbox and the daily digests of notices."""

from .notify import deliver_due, send_digests

PERIODIC = [deliver_due, send_digests]  # enqueued by manage.py run_scheduler
