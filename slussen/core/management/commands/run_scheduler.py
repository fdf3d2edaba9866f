"""Enqueue the periodic background jobs, each at its own cadence. django-tasks has no scheduler
of its own; this process runs next to the worker (``manage.py run_worker``), on one server or on
all of them: a job is enqueued once per cadence across all servers (see core/scheduler.py).

Each app lists its periodic tasks in ``<app>/tasks.py`` as ``PERIODIC = [every(task,
minutes=...), ...]``; every job must be safe to run again (reminders remember whom they reminded
and when).
"""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from slussen.core.scheduler import periodic_jobs, tick


class Command(BaseCommand):
    help = "Enqueue the periodic background jobs when each is due (Ctrl-C stops it)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=30,
            help="Seconds between looks at what is due (default 30).",
        )
        parser.add_argument("--once", action="store_true", help="Enqueue what is due and stop.")

    def handle(self, *args, interval=30, once=False, **options):
        jobs = periodic_jobs()
        stopping = []
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stopping.append(True))
        while not stopping:
            close_old_connections()
            for name in tick(jobs):
                self.stdout.write(f"Enqueued {name}")
            self.stdout.flush()
            if once:
                return
            for _ in range(int(interval * 10)):
                if stopping:
                    break
                time.sleep(0.1)
