"""The fund's sections of the start page: one's applications, sign-offs, pre-screening,
reviews due and the decisions the coordinators prepare."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from slussen.accounts.roles import Role
from slussen.core import home
from slussen.core.home import Item
from slussen.core.permissions import can

from . import selectors

ASKED = {  # what the applicant is asked to do, by the application's state
    "draft": gettext_lazy("Finish the application and send it in"),
}


def _item(app, url=None, asked=""):
    return Item(
        app.title or app.call.title,
        url or app.get_absolute_url(),
        app.state.label,
        str(asked),
    )


def my_applications(user):
    """Her applications with where each stands, the undecided first, then the decided ones
    (the start page lists them here only, not again among what she submitted)."""
    if not user.is_authenticated:
        return None
    qs = selectors.my_applications(user).order_by("state__is_final", "-updated", "-pk")
    items = [_item(a, asked=ASKED.get(a.state.code, "")) for a in qs[: home.SHOWN + 1]]
    return items or None  # shown only to those who have applied


def signoffs(user):
    if not (user.is_authenticated and user.has_role(Role.MANAGER)):
        return None
    return [
        _item(a, reverse("fund:signoff", args=[a.pk]), _("Approve the application or send it back"))
        for a in selectors.signoffs_for(user)[: home.SHOWN + 1]
    ]


def prescreening(user):
    if not (user.is_authenticated and user.has_role(Role.PRESCREENER)):
        return None
    return [
        _item(a, reverse("fund:prescreen", args=[a.pk]), _("Check the formal requirements"))
        for a in selectors.prescreening_queue(user)[: home.SHOWN + 1]
    ]


def reviews(user):
    if not (user.is_authenticated and user.has_role(Role.EXPERT)):
        return None
    return [
        _item(a, reverse("fund:review", args=[a.pk]), _("Declare conflicts, then score"))
        for a in selectors.review_queue(user)[: home.SHOWN + 1]
    ]


def to_decide(user):
    """Applications in expert review: the coordinators prepare the decision meeting."""
    if not (user.is_authenticated and can(user, "fund.manage")):
        return None
    qs = selectors.applications().filter(state__code="review").order_by("submitted_at")
    return [
        _item(a, reverse("fund:decide", args=[a.pk]), _("Decide after the reviews"))
        for a in qs[: home.SHOWN + 1]
    ]


def register():
    home.add(
        "fund_signoffs", gettext_lazy("Fund applications for your sign-off"), signoffs, order=6,
        more="fund:index", empty=gettext_lazy("No application waits for your sign-off."),
    )  # fmt: skip
    home.add(
        "fund_prescreening", gettext_lazy("Fund applications to pre-screen"), prescreening,
        order=30, more="fund:index", empty=gettext_lazy("Nothing to pre-screen."),
    )  # fmt: skip
    home.add(
        "fund_reviews", gettext_lazy("Reviews due"), reviews, order=31, more="fund:index",
        empty=gettext_lazy("No review is due."),
    )  # fmt: skip
    home.add(
        "fund_decisions", gettext_lazy("Fund applications in review"), to_decide, order=32,
        more="fund:index", empty=gettext_lazy("No application is in review."),
    )  # fmt: skip
    home.add(
        "fund_mine", gettext_lazy("Your fund applications"), my_applications, order=85,
        more="fund:index",
    )  # fmt: skip
