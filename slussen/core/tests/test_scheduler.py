"""Periodic jobs at their own cadence, enqueued once across all servers."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks import task

from slussen.core.models import ScheduledJob
from slussen.core.scheduler import every, periodic_jobs, tick

RUNS = []


@task()
def count_a_run() -> int:
    RUNS.append(timezone.now())
    return len(RUNS)


@pytest.fixture
def runs():
    RUNS.clear()
    yield RUNS
    RUNS.clear()


def test_each_job_has_its_own_cadence():
    cadence = {job.name: job.minutes for job in periodic_jobs()}
    assert cadence["deliver_due"] == 1
    assert cadence["apply_retention"] == 24 * 60
    assert len(set(cadence.values())) > 1


def test_a_job_runs_when_due_and_not_before(db, runs):
    job = every(count_a_run, minutes=10)
    start = timezone.now()
    assert tick([job], now=start) == ["count_a_run"]
    assert tick([job], now=start + timedelta(minutes=9)) == []
    assert tick([job], now=start + timedelta(minutes=10)) == ["count_a_run"]
    assert len(runs) == 2
    row = ScheduledJob.objects.get(name=job.key)
    assert row.next_run == start + timedelta(minutes=20)


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_the_same_moment_run_a_job_once(runs):
    """Two schedulers, each on its own database connection, look at the same moments: every
    period the job runs exactly once (on PostgreSQL the second waits for the row and finds it
    no longer due; on SQLite writers queue)."""
    job = every(count_a_run, minutes=1)
    start = timezone.now()
    periods = 15
    barrier = threading.Barrier(2)
    claimed = {0: [], 1: []}
    errors = []

    def scheduler(n):
        try:
            for period in range(periods):
                barrier.wait(timeout=30)
                # the same moment, a little into the period, seen by both
                moment = start + timedelta(minutes=period, seconds=1)
                claimed[n] += tick([job], now=moment)
        except Exception as error:  # noqa: BLE001 – reported below
            errors.append(error)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(claimed[0]) + len(claimed[1]) == periods
    assert len(runs) == periods
