from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: backup, restore, the register's consistency check, health and metrics."""

    name = "slussen.ops"
    label = "ops"
    url_prefix = ""
    verbose_name = _("Operations")

    def ready(self):
        from . import observe  # noqa: F401 – counts log-ins and lock-outs for /metrics
