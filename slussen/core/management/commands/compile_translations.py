"""Compile the .po catalogues to .mo without GNU gettext, so a fresh machine needs nothing.

Catalogues live in ``slussen/locale`` (the shared layout) and in each app's own ``locale``.
"""

from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_dirs():
    dirs = [Path(p) for p in settings.LOCALE_PATHS]
    dirs += [Path(app.path) / "locale" for app in apps.get_app_configs()]
    return [d for d in dirs if d.is_dir() and str(d).startswith(str(settings.BASE_DIR / "slussen"))]


class Command(BaseCommand):
    help = "Compile translation catalogues (.po → .mo)."

    def handle(self, *args, **options):
        for root in catalogue_dirs():
            for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
                po = polib.pofile(str(po_path))
                po.save_as_mofile(str(po_path.with_suffix(".mo")))
                self.stdout.write(f"{po_path.relative_to(settings.BASE_DIR)}: {len(po)} entries")
