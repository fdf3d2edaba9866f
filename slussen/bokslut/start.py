"""The innovation report's sections of the start page: the year's round, to answer or compile."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from slussen.core import home
from slussen.core.home import Item
from slussen.core.permissions import can

from . import selectors


def to_answer(user):
    """The head of unit's own responses that are not sent in yet."""
    if not (user.is_authenticated and can(user, "bokslut.use")) or user.is_region_wide:
        return None
    open_ = selectors.own_responses(user).exclude(state__code="submitted")
    return [
        Item(
            _("Innovation report %(year)d: %(organisation)s")
            % {"year": r.round.year, "organisation": r.organisation.name},
            reverse("bokslut:response", args=[r.pk]),
            r.state.label,
            _("Answer and send it in"),
        )
        for r in open_[: home.SHOWN + 1]
    ]


def report_status(user):
    """The latest rounds: how many organisations have reported (coordinators)."""
    if not (user.is_authenticated and can(user, "bokslut.coordinate")):
        return None
    return [
        Item(
            _("Innovation report %(year)d") % {"year": r.year},
            reverse("bokslut:round", args=[r.year]),
            _("%(done)d of %(total)d organisations have reported")
            % {"done": r.done, "total": r.total},
        )
        for r in selectors.rounds()[:2]
    ]


def register():
    home.add(
        "bokslut_answer", gettext_lazy("The innovation report"), to_answer, order=40,
        more="bokslut:index", empty=gettext_lazy("Your unit's report is sent in."),
    )  # fmt: skip
    home.add(
        "bokslut_status", gettext_lazy("Innovation report status"), report_status, order=41,
        more="bokslut:index", empty=gettext_lazy("No round has started yet."), counted=False,
    )  # fmt: skip
