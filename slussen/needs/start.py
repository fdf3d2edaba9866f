"""The needs board's sections of the start page: the open needs a person may read (a
company's until it has answered), and the needs a company answered with where each answer
stands. One query each."""

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from slussen.core import home
from slussen.core.home import Item

from .models import Answer, Need
from .rules import on_board_q
from .services import company_of


def open_needs(user):
    """Published needs for this person's audience, the soonest last day first; a company's
    person sees those her company has not answered yet, and nobody the needs of cases she
    handles (they are hers; a coordinator handles them all)."""
    if not user.is_authenticated or user.is_region_wide:
        return None
    qs = (
        Need.objects.filter(on_board_q(user))
        .exclude(Q(case__organisation_id__in=user.handled_org_ids) | Q(case__handler=user))
        .order_by("deadline", "pk")
    )
    if user.is_external:
        company = company_of(user)
        if company is not None:
            qs = qs.exclude(answers__company=company)
    rows = list(qs[: home.SHOWN + 1])
    if not rows:
        return None
    return [
        Item(
            n.local_title,
            n.get_absolute_url(),
            n.get_audience_display(),
            _("Answer by %(day)s") % {"day": date_format(n.deadline, "j F Y")}
            if user.is_external
            else "",
        )
        for n in rows
    ]


def answers(user):
    """Shown to a company's person whose company has answered a need."""
    if not (user.is_authenticated and user.is_external):
        return None
    company = company_of(user)
    if company is None:
        return None
    given = Answer.objects.filter(company=company).select_related("need").order_by("-created")
    shown = [
        Item(a.need.local_title, a.need.get_absolute_url(), a.get_status_display())
        for a in given[: home.SHOWN + 1]
    ]
    return shown or None


def register():
    home.add(
        "open_needs",
        gettext_lazy("Open needs"),
        open_needs,
        order=94,
        more="needs:board",
        counted=False,
    )
    home.add(
        "needs_answers",
        gettext_lazy("Your answers on the needs board"),
        answers,
        order=23,
        more="needs:board",
        counted=False,
    )
