from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from slussen.core import nav


class NeedsConfig(AppConfig):
    name = "slussen.needs"
    label = "needs"
    url_prefix = "needs/"
    verbose_name = _("Needs board")

    def ready(self):
        from . import rules, services, signals, start, workflows  # noqa: F401

        post_migrate.connect(workflows.ensure_defined, sender=self)
        start.register()
        _offer_on_the_case_page()
        nav.add(_("Needs board"), "needs:board", order=25, group="learn", app_name="needs")


def _offer_on_the_case_page():
    """A case opened again after it ended: its page offers its handler the need that left the
    board with it, to take up again through the need's workflow (``needs.reopen``)."""
    from slussen.cases import actions
    from slussen.core.permissions import can

    from .models import Need

    def offered(user, case):
        if not can(user, "case.handle", case):
            return False
        need = (
            Need.objects.filter(case=case, withdrawn_with_case=True, state__code="closed")
            .select_related("case__state", "case__organisation")
            .order_by("pk")
            .first()
        )
        case.need_offered_again = need  # read by the link below, on the same page
        return need is not None and can(user, "needs.reopen", need)

    actions.add(
        _("A need of this case left the needs board when it ended: take it up again"),
        lambda case: case.need_offered_again.get_absolute_url(),
        visible=offered,
    )
