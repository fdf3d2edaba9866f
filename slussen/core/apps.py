from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "slussen.core"
    label = "core"
    url_prefix = ""
    verbose_name = _("Core")

    def ready(self):
        from . import tasklog  # noqa: F401 – the request id follows a task into the worker
