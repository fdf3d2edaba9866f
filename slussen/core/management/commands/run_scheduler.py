"""Enqueue the periodic background jobs. django-tasks has no scheduler of its own; this process
runs next to ``db_worker`` (see ``scripts/serve-dev``).

Each app lists its periodic tasks in ``<app>/tasks.py`` as ``PERIODIC = [task, ...]``; every job
must be safe to run again (reminders remember whom they reminded and when).
"""

import time
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import module_has_submodule


def periodic_jobs():
    jobs = []
    for app in apps.get_app_configs():
        if app.name.startswith("slussen.") and module_has_submodule(app.module, "tasks"):
            jobs += getattr(import_module(f"{app.name}.tasks"), "PERIODIC", [])
    return jobs


class Command(BaseCommand):
    help = "Enqueue the periodic background jobs every few minutes (Ctrl-C stops it)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="Minutes between runs (default: SCHEDULER_MINUTES, 15).",
        )
        parser.add_argument("--once", action="store_true", help="Enqueue once and stop.")

    def handle(self, *args, interval=None, once=False, **options):
        minutes = interval if interval is not None else settings.SCHEDULER_MINUTES
        jobs = periodic_jobs()
        while True:
            for job in jobs:
                result = job.enqueue()
                self.stdout.write(f"Enqueued {job.name} ({result.id})")
            if once:
                return
            time.sleep(minutes * 60)
