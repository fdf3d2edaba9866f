from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from slussen.core import nav


class CasesConfig(AppConfig):
    name = "slussen.cases"
    label = "cases"
    url_prefix = "cases/"
    verbose_name = _("Case register")

    def ready(self):
        from . import audiences, rules, signals, start, workflows  # noqa: F401

        start.register()

        post_migrate.connect(workflows.ensure_defined, sender=self)
        from slussen.core import search

        from .models import Case

        search.register(
            "case",
            Case,
            heading=lambda case: case.title,
            body=lambda case: case.description,
            fields={"title", "description"},
            # What a person's scope is made of (``rules.visible_reach``), in the index; the
            # first, the organisation, is the scope a case's words are also kept under.
            marks={"org": "organisation_id", "handler": "handler_id", "submitter": "submitter_id"},
            # The register's order (newest first: year, then number), as one number.
            position={"registry_year": 10**9, "registry_seq": 1},
        )
        nav.add(
            _("Register"),
            "cases:register",
            permission="case.list",
            order=20,
            app_name="cases",
            group="handle",
        )
        # The public register is in everyone's footer; in the menu for those without the
        # full register. Registering an item by hand is a button on the register page.
        nav.add(
            _("Public register"),
            "cases:public_register",
            order=25,
            permission="site.without_register",
            group="learn",
        )
        nav.add(_("Public register"), "cases:public_register", order=90, area="footer")
