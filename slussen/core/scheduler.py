"""Periodic jobs, each with its own cadence, run once across all servers.

Each app lists its jobs in ``<app>/tasks.py``: ``PERIODIC = [every(task, minutes=60), ...]``.
``manage.py run_scheduler`` may run on every server: a job is due when its row in
``core.ScheduledJob`` says so, and it is *claimed* by one conditional update
(``UPDATE … SET next_run = now + cadence WHERE name = … AND next_run <= now``) in the same
transaction that enqueues it. Two schedulers that find the job due at the same moment both try;
the database lets exactly one update through (the other waits for the row, sees it no longer
due and updates nothing), so the job is enqueued once per cadence whatever the number of
servers, and never lost if a scheduler dies: the claim and the task commit together.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    task: object  # a django-tasks Task
    minutes: float

    @property
    def name(self) -> str:
        return self.task.name

    @property
    def key(self) -> str:  # the row in core.ScheduledJob
        return self.task.module_path


def every(task, *, minutes: float) -> Periodic:
    return Periodic(task, minutes)


def periodic_jobs() -> list[Periodic]:
    jobs = []
    for app in apps.get_app_configs():
        if app.name.startswith("slussen.") and module_has_submodule(app.module, "tasks"):
            for job in getattr(import_module(f"{app.name}.tasks"), "PERIODIC", []):
                jobs.append(job if isinstance(job, Periodic) else every(job, minutes=15))
    return jobs


def tick(jobs=None, now=None) -> list[str]:
    """Enqueue the jobs that are due and not claimed by another scheduler; their names."""
    from .models import ScheduledJob

    jobs = periodic_jobs() if jobs is None else jobs
    now = now or timezone.now()
    known = set(ScheduledJob.objects.values_list("name", flat=True))
    missing = [ScheduledJob(name=j.key, next_run=now) for j in jobs if j.key not in known]
    if missing:
        ScheduledJob.objects.bulk_create(missing, ignore_conflicts=True)
    enqueued = []
    for job in jobs:
        with transaction.atomic():
            claimed = ScheduledJob.objects.filter(name=job.key, next_run__lte=now).update(
                next_run=now + timedelta(minutes=job.minutes), last_run=now
            )
            if claimed:
                result = job.task.enqueue()
                log.info("Enqueued periodic job %s (task %s)", job.name, result.id)
                enqueued.append(job.name)
    return enqueued
