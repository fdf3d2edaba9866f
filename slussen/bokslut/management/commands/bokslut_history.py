"""Import the innovation fund's figures from before Slussen (CSV with a source per record)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from slussen.bokslut import services


class Command(BaseCommand):
    help = (
        "Import the fund's earlier figures: a CSV with the columns "
        + ", ".join(services.HISTORY_COLUMNS)
        + " (one row per year or period)."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv", type=Path)

    def handle(self, *args, csv, **options):
        try:
            stored = services.import_fund_history(None, csv.read_text(encoding="utf-8"))
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(f"{len(stored)} records: " + ", ".join(str(r) for r in stored))
