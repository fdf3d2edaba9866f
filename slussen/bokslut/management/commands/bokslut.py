"""Write the annual innovation report of a year: ``manage.py bokslut 2024 --pdf out.pdf``;
``--publish`` freezes the year's first edition for the public page (``make run`` does this
for the demo year, so the public report is there from the start)."""

import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from ... import exports, report, services
from ...models import Edition


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
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish the year's first edition if none is published yet",
        )

    def handle(self, year, pdf=None, xlsx=None, language=None, publish=False, **options):
        if publish:
            self._publish(year)
        if not (pdf or xlsx):
            if publish:
                return
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

    def _publish(self, year):
        if Edition.objects.filter(year=year).exists():
            self.stdout.write(f"The {year} report is already published.")
            return
        try:
            edition = services.publish(year, None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Published the {year} report (edition {edition.number}).")
