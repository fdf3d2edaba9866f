"""Compile the .po catalogues to .mo without GNU gettext, so a fresh machine needs nothing."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile translation catalogues (.po → .mo)."

    def handle(self, *args, **options):
        for root in settings.LOCALE_PATHS:
            for po_path in Path(root).glob("*/LC_MESSAGES/*.po"):
                po = polib.pofile(str(po_path))
                po.save_as_mofile(str(po_path.with_suffix(".mo")))
                self.stdout.write(f"{po_path.relative_to(settings.BASE_DIR)}: {len(po)} entries")
