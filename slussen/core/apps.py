from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "slussen.core"
    label = "core"
    url_prefix = ""
    verbose_name = _("Core")

    def ready(self):
        from django.apps import apps

        from . import choices, tasklog  # noqa: F401 – the request id follows a task into the worker

        choices.install(m for m in apps.get_models() if m.__module__.startswith("slussen."))

        from django.db.models.signals import post_migrate

        from . import search

        post_migrate.connect(search.mark_after_migrate, sender=self)

        from . import reference
        from .models import Workflow, WorkflowState

        reference.listed(Workflow, WorkflowState)
