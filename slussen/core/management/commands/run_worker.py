"""Run background tasks from the database queue (e-mail, reminders, retention): the worker
process of a deployment (deploy/systemd/slussen-worker.service). Any number may run, on any
server: each task is claimed by one worker. SIGTERM lets the running task finish."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run queued background tasks until stopped (Ctrl-C or SIGTERM)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1, help="Seconds between polls.")
        parser.add_argument("--batch", action="store_true", help="Run what is queued and stop.")

    def handle(self, *args, interval=1, batch=False, **options):
        arguments = ["--interval", str(interval)] + (["--batch"] if batch else [])
        call_command("db_worker", *arguments, verbosity=options["verbosity"])
