from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from slussen.core import nav


class ChallengesConfig(AppConfig):
    name = "slussen.challenges"
    label = "challenges"
    url_prefix = "challenges/"
    verbose_name = _("Challenges")

    def ready(self):
        from . import rules, start, workflows  # noqa: F401

        start.register()
        post_migrate.connect(workflows.ensure_defined, sender=self)
        nav.add(
            _("Challenges"), "challenges:index", order=15, group="submit", app_name="challenges"
        )
