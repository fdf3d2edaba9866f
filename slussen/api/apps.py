from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from slussen.core import nav


class ApiConfig(AppConfig):
    name = "slussen.api"
    label = "api"
    url_prefix = "api/"
    verbose_name = _("Open API and open data")

    def ready(self):
        from . import checks, rules  # noqa: F401

        nav.add(_("Open data"), "api:open_data", order=80, app_name="api", group="learn")
