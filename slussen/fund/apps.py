from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from slussen.core import nav


class FundConfig(AppConfig):
    name = "slussen.fund"
    label = "fund"
    url_prefix = "fund/"
    verbose_name = _("Innovation fund")

    def ready(self):
        from . import audiences, rules, signals, start, workflows  # noqa: F401

        start.register()

        post_migrate.connect(workflows.ensure_defined, sender=self)
        nav.add(
            _("Innovation fund"),
            "fund:index",
            permission="fund.apply",
            order=40,
            app_name="fund",
            group="fund",
        )
