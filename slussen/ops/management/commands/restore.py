from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from slussen.ops import archive
from slussen.ops.integrity import check_register


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with those of a backup archive. "
        "Stop the application first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Archive written by manage.py backup")
        parser.add_argument("--yes", action="store_true", help="Really replace the current data")

    def handle(self, *, path, yes, **options):
        try:
            manifest = archive.read_manifest(path)
            missing = archive.check(manifest)
            if not yes:
                raise CommandError(
                    _(
                        "This replaces ALL data of this installation (the database and every "
                        "uploaded file) with the backup made %(made)s. Stop the application, "
                        "then run the command again with --yes."
                    )
                    % {"made": manifest["created"]}
                )
            archive.restore(path)
        except archive.ArchiveError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Restored the database and %(count)d uploaded files from %(path)s (made %(made)s).")
            % {"count": len(manifest["members"]) - 1, "path": path, "made": manifest["created"]}
        )
        if missing:
            self.stdout.write(
                _("The archive is from an older version: run manage.py migrate next (%(names)s).")
                % {"names": ", ".join(missing)}
            )
            return
        for problem in check_register():  # what a restore must leave whole
            self.stderr.write(problem)
