"""Write the annual innovation report of a year: ``manage.py bokslut 2024 --pdf out.pdf``."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from ... import exports, report


class Command(BaseCommand):
    help = "Write the annual innovation report of a year as PDF and/or XLSX, from live data."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--pdf", type=Path, help="write the designed PDF here")
        parser.add_argument("--xlsx", type=Path, help="write the tables as XLSX here")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
        )

    def handle(self, year, pdf=None, xlsx=None, language=None, **options):
        if not (pdf or xlsx):
            raise CommandError("Say where to write the report: --pdf FILE and/or --xlsx FILE.")
        for path in (pdf, xlsx):
            if path and not path.parent.is_dir():
                raise CommandError(f"There is no folder {path.parent}.")
        with translation.override(language):
            started = time.monotonic()
            built = report.build(year)
            for path, render in ((pdf, exports.pdf), (xlsx, exports.xlsx)):
                if path:
                    path.write_bytes(render(built))
                    self.stdout.write(f"Wrote {path}")
            self.stdout.write(f"Report {year} ({language}) in {time.monotonic() - started:.2f} s")
