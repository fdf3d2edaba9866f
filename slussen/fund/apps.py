from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from slussen.core import nav


class FundConfig(AppConfig):
    name = "slussen.fund"
    label = "fund"
    url_prefix = "fund/"
    verbose_name = _("Innovation fund")

    def ready(self):
        from . import audiences, rules, signals, start, workflows  # noqa: F401

        start.register()
        _offer_on_case_pages()
        _one_project_with_its_origin()

        post_migrate.connect(workflows.ensure_defined, sender=self)
        nav.add(
            _("Innovation fund"),
            "fund:index",
            permission="fund.apply",
            order=40,
            app_name="fund",
            group="fund",
        )


def _offer_on_case_pages():
    """ "Apply to the innovation fund" on a case page, while a call is open."""
    from django.urls import reverse

    from slussen.cases import actions
    from slussen.core.permissions import can

    def visible(user, case):
        from .selectors import open_calls

        # Most of the year no call is open, and the case page then asks nothing more of the
        # fund; whether the case is an application itself is read with it (``read_with``).
        if not (can(user, "fund.apply") and open_calls().exists()):
            return False
        return not hasattr(case, "fund_application")  # the case of an application itself

    actions.read_with("fund_application")  # whether the case is an application itself
    actions.add(
        _("Apply to the innovation fund"),
        lambda case: reverse("fund:from_case", args=[case.pk]),
        visible=visible,
    )


def _one_project_with_its_origin():
    """A fund application's case is one project with the case it was started from (the idea it
    grew from) and with the case of the earlier granted project it continues: the writing
    forms' suggestions show them once (``cases.projects``)."""
    from slussen.cases import projects

    from .models import Application

    def started(ids):
        rows = Application.objects.filter(case_id__in=ids, origin_case__isnull=False)
        return rows.order_by().values_list("case_id", "origin_case_id")

    def continued(ids):
        rows = Application.objects.filter(case_id__in=ids, previous__case__isnull=False)
        return rows.order_by().values_list("case_id", "previous__case_id")

    projects.link(started)
    projects.link(continued)
