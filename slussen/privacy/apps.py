from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "slussen.privacy"
    label = "privacy"
    url_prefix = "privacy/"
    verbose_name = _("Personal data")

    def ready(self):
        from slussen.core import nav

        from . import rules  # noqa: F401

        nav.add(_("Personal data"), "privacy:policy", order=96, area="footer")
