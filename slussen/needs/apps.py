from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from slussen.core import nav


class NeedsConfig(AppConfig):
    name = "slussen.needs"
    label = "needs"
    url_prefix = "needs/"
    verbose_name = _("Needs board")

    def ready(self):
        from . import rules, services, signals, start, workflows  # noqa: F401

        post_migrate.connect(workflows.ensure_defined, sender=self)
        start.register()
        nav.add(_("Needs board"), "needs:board", order=25, group="learn", app_name="needs")
