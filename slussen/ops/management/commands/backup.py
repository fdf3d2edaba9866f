from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from slussen.ops import archive


class Command(BaseCommand):
    help = "Back up the database and the uploaded files (MEDIA_ROOT) into one archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="Archive to write (default: var/backups/slussen-….tar.gz)"
        )

    def handle(self, *, output=None, **options):
        output = output or archive.default_path()
        try:
            manifest = archive.backup(output)
        except archive.ArchiveError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Backed up the %(vendor)s database and %(count)d uploaded files to %(path)s")
            % {
                "vendor": archive.VENDORS[manifest["vendor"]],
                "count": len(manifest["members"]) - 1,
                "path": output,
            }
        )
