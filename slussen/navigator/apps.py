from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from slussen.core import nav


class NavigatorConfig(AppConfig):
    name = "slussen.navigator"
    label = "navigator"
    url_prefix = "navigator/"
    verbose_name = _("Navigator")

    def ready(self):
        from . import rules  # noqa: F401

        nav.add(
            _("Who does what"), "navigator:directory", order=45, app_name="navigator", group="learn"
        )
