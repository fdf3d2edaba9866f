from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from slussen.core import nav


class BokslutConfig(AppConfig):
    name = "slussen.bokslut"
    label = "bokslut"
    url_prefix = "bokslut/"
    verbose_name = _("Annual innovation report")

    def ready(self):
        from . import rules, start, workflows  # noqa: F401

        start.register()

        post_migrate.connect(workflows.ensure_defined, sender=self)
        nav.add(
            _("Innovation report"),
            "bokslut:index",
            permission="bokslut.use",
            group="report",
            order=60,
            app_name="bokslut",
        )
        nav.add(_("Innovation reports"), "bokslut:published", order=92, area="footer")
