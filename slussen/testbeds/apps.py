from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from slussen.core import nav


class TestbedsConfig(AppConfig):
    name = "slussen.testbeds"
    label = "testbeds"
    url_prefix = "testbeds/"
    verbose_name = _("Test environments")

    def ready(self):
        from slussen.core import search

        from . import rules, start  # noqa: F401
        from .models import Record, Testbed

        # Test plans and results, searched through the one search (``selectors.records``).
        search.register(
            "testbed_record",
            Record,
            heading=lambda record: record.title,
            body=lambda record: record.body,
            fields={"title", "body"},
            # Its place in the results search's order: its day, then its key, on the scale of
            # the innovation cases' tests (``process.apps``), so that the two lists merge.
            position={"created": search.DAY, "id": 1},
        )

        # The catalogue's entries (``selectors.catalogue``); the owner's name is read when the
        # entry is saved (``manage.py reindex`` after a renamed organisation).
        search.register(
            "testbed",
            Testbed,
            heading=lambda testbed: testbed.name,
            body=lambda testbed: "\n".join(
                [testbed.summary, testbed.offer, testbed.audience, testbed.organisation.name]
            ),
        )

        start.register()

        from slussen.process import panels as process_panels

        from .panels import innovation_section

        process_panels.add("testbeds/_innovation_panel.html", innovation_section, order=50)

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
