from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: backup, restore and the register's consistency check. No pages."""

    name = "slussen.ops"
    label = "ops"
    verbose_name = _("Operations")
