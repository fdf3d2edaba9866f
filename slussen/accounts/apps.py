from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "slussen.accounts"
    label = "accounts"
    url_prefix = "accounts/"
    verbose_name = _("People and organisations")

    def ready(self):
        from . import rules  # noqa: F401
