"""The innovation process's sections of the start page: gate decisions waiting, stale cases and
the unit's portfolio at a glance."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from slussen.accounts.roles import Role
from slussen.core import home
from slussen.core.home import Item
from slussen.core.permissions import can

from . import selectors
from .models import GateRequest, InnovationCase


def _gate_item(req, status, asked):
    case = req.innovation.case
    url = reverse("process:gate_request", args=[req.innovation_id, req.pk])
    return Item(f"{case.registry_number} {case.title}", url, status, asked)


def _pending():
    return GateRequest.objects.filter(state=GateRequest.State.PENDING).select_related(
        "innovation__case", "requested_by", "manager"
    )


def gates_to_approve(user):
    """Gate decisions in the yellow zone that wait for this line manager's approval."""
    if not user.is_authenticated:
        return None
    requests = list(_pending().filter(manager=user).order_by("created")[: home.SHOWN + 1])
    if not requests and not user.has_role(Role.MANAGER):
        return None
    return [
        _gate_item(
            r,
            _("Asked by %(name)s on %(date)s")
            % {
                "name": r.requested_by.full_name,
                "date": date_format(r.created.date()),
            },
            _("Approve the gate decision or say no"),
        )  # fmt: skip
        for r in requests
    ]


def gates_requested(user):
    """Gate decisions the advisor has asked a line manager to approve."""
    if not (user.is_authenticated and user.handles_cases):
        return None
    requests = _pending().filter(requested_by=user).order_by("created")[: home.SHOWN + 1]
    return [
        _gate_item(r, _("Waiting for %(name)s") % {"name": r.manager.full_name}, "")
        for r in requests
    ]


def stale_cases(user):
    """Open innovation cases the person runs where nothing has happened for a long time."""
    if not (user.is_authenticated and user.handles_cases):
        return None
    # The person's own innovation cases first (a few hundred at most, through the indexes on
    # advisor and line owner), then the stale among them: asked at once, the database walks
    # the region's cases by last activity looking for hers (90 ms for someone with none).
    mine = list(
        InnovationCase.objects.filter(Q(advisor=user) | Q(line_owner=user)).values_list(
            "pk", flat=True
        )
    )
    if not mine:
        return []
    qs = selectors.stale(InnovationCase.objects.filter(pk__in=mine)).select_related("case")
    return [
        Item(
            f"{ic.case.registry_number} {ic.case.title}",
            ic.get_absolute_url(),
            _("Last activity %(date)s") % {"date": date_format(ic.last_activity.date())},
            _("Take the next step, pause or close the case"),
            True,
        )
        for ic in qs.order_by("last_activity")[: home.SHOWN + 1]
    ]


def portfolio(user):
    """The unit's portfolio at a glance (heads of unit): a few counts leading to the portfolio."""
    if not (user.is_authenticated and user.has_role(Role.INNOVATION_HEAD)):
        return None
    if not can(user, "process.portfolio"):
        return None
    figures, as_of = selectors.glance(user)
    url = reverse("process:portfolio")
    return [
        Item(_("Active cases: %(count)d") % {"count": figures["active"]}, url),
        Item(_("Paused cases: %(count)d") % {"count": figures["paused"]}, url),
        Item(
            _("Without activity for %(days)d days: %(count)d")
            % {"count": figures["stale"], "days": selectors.STALE_DAYS},
            url,
            late=bool(figures["stale"]),
        ),  # fmt: skip
        Item(
            _("Without an owner in the line: %(count)d") % {"count": figures["ownerless"]},
            url,
            late=bool(figures["ownerless"]),
        ),  # fmt: skip
    ] + (
        [Item(_("Figures from %(time)s") % {"time": time_format(timezone.localtime(as_of))}, url)]
        if as_of
        else []
    )


def register():
    home.add(
        "gates_to_approve", gettext_lazy("Gate decisions waiting for your approval"),
        gates_to_approve, order=5, empty=gettext_lazy("No gate decision waits for you."),
    )  # fmt: skip
    home.add(
        "portfolio", gettext_lazy("Your unit's portfolio"), portfolio, order=8,
        more="process:portfolio", more_label=gettext_lazy("Open the portfolio"), counted=False,
    )  # fmt: skip
    home.add(
        "gates_requested", gettext_lazy("Gate decisions waiting for a line manager"),
        gates_requested, order=13, empty=gettext_lazy("You wait for no approval."),
    )  # fmt: skip
    home.add(
        "stale_cases", gettext_lazy("Cases standing still"), stale_cases, order=25,
        more="process:index", empty=gettext_lazy("All your innovation cases are moving."),
    )  # fmt: skip
