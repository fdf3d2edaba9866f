from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "slussen.accounts"
    label = "accounts"
    url_prefix = "accounts/"
    verbose_name = _("People and organisations")

    def ready(self):
        from slussen.core import nav, reference

        from . import rules, signals  # noqa: F401
        from .models import Organisation

        reference.listed(Organisation)

        nav.add(
            _("Your account"),
            "accounts:security",
            permission="account.own",
            order=95,
            app_name="accounts",
            area="user",
        )
