"""``manage.py import_units units.csv``: the region's HSA units as units of the organisation
tree (columns in ``slussen/accounts/services.py``)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from slussen.accounts.services import import_units, read_csv


class Command(BaseCommand):
    help = (
        "Import clinics, wards and care centres from a CSV of HSA units (see accounts/services.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="CSV file: hsa_id, name, parent, unit_type, short_name")

    def handle(self, path, **options):
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from None
        try:
            created, updated = import_units(read_csv(text))
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"{created} units created, {updated} updated."))
