from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from slussen.core import nav


class ProcessConfig(AppConfig):
    name = "slussen.process"
    label = "process"
    url_prefix = "process/"
    verbose_name = _("Innovation process")

    def ready(self):
        from slussen.core import search

        from . import guards, rules, start, templates_data, workflows  # noqa: F401
        from .models import TestRecord

        # Test plans and results recorded in an innovation case: searched in the same results
        # search as the test environments' records (``testbeds.selectors.results``).
        search.register(
            "case_test",
            TestRecord,
            heading=lambda test: test.title,
            body=lambda test: f"{test.summary}\n{test.environment}",
            fields={"title", "summary", "environment"},
            position={"tested_on": search.DAY, "id": 1},  # the results search's order
        )

        start.register()
        # The case page names the innovation case and its advisor: read with the case.
        from slussen.cases import actions

        actions.read_with("innovation__advisor")

        post_migrate.connect(templates_data.ensure_seeded, sender=self)
        post_migrate.connect(workflows.ensure_defined, sender=self)
        nav.add(
            _("Innovation process"),
            "process:index",
            permission="process.list",
            order=30,
            group="follow",
            app_name="process",
        )
        nav.add(
            _("Portfolio"),
            "process:portfolio",
            permission="process.portfolio",
            order=31,
            group="follow",
        )
        nav.add(
            _("Process templates"),
            "process:templates",
            permission="process.templates",
            order=32,
            group="follow",
        )
