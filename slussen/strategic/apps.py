from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from slussen.core import nav


class StrategicConfig(AppConfig):
    name = "slussen.strategic"
    label = "strategic"
    url_prefix = "strategic/"
    verbose_name = _("Strategic projects")

    def ready(self):
        from . import rules, workflows  # noqa: F401

        post_migrate.connect(workflows.ensure_defined, sender=self)
        nav.add(
            _("Strategic projects"),
            "strategic:portfolio",
            permission="strategic.view",
            group="follow",
            order=50,
            app_name="strategic",
        )
