"""Enqueue periodic background jobs. django-tasks has no scheduler of its own; this process
runs next to ``db_worker`` (see ``scripts/serve-dev``). Every job is safe to run again."""

import time

from django.core.management.base import BaseCommand

from slussen.intake import conf
from slussen.intake.tasks import send_sla_reminders

JOBS = [send_sla_reminders]


class Command(BaseCommand):
    help = "Enqueue the periodic background jobs every few minutes (Ctrl-C stops it)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="Minutes between runs (default: INTAKE_SCHEDULER_MINUTES, 15).",
        )
        parser.add_argument("--once", action="store_true", help="Enqueue once and stop.")

    def handle(self, *args, interval=None, once=False, **options):
        minutes = interval if interval is not None else conf.scheduler_interval_minutes()
        while True:
            for job in JOBS:
                result = job.enqueue()
                self.stdout.write(f"Enqueued {job.name} ({result.id})")
            if once:
                return
            time.sleep(minutes * 60)
