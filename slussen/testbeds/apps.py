from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from slussen.core import nav


class TestbedsConfig(AppConfig):
    name = "slussen.testbeds"
    label = "testbeds"
    url_prefix = "testbeds/"
    verbose_name = _("Test environments")

    def ready(self):
        from . import rules, start  # noqa: F401

        start.register()

        nav.add(
            _("Test environments"),
            "testbeds:catalogue",
            order=40,
            app_name="testbeds",
            group="learn",
        )
        nav.add(
            _("Testbed requests"),
            "testbeds:inbox",
            permission="testbeds.inbox",
            group="handle",
            order=41,
            app_name="testbeds",
        )
