"""The intake's sections of the start page: new and overdue cases, company inquiries."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from slussen.accounts.roles import Role
from slussen.cases.models import HANDLED_ELSEWHERE, Kind
from slussen.core import home
from slussen.core.home import Item

from . import selectors

COMPANY_KINDS = (Kind.COLLABORATION, Kind.PARTNERSHIP)


def _items(qs):
    today = timezone.localdate()
    items = []
    for s in qs[: home.SHOWN + 1]:
        late = s.first_response is None and s.due < today
        if s.first_response is not None:
            asked = ""
        elif late:
            asked = _("The first answer was due %(date)s") % {"date": date_format(s.due)}
        else:
            asked = _("Answer the submitter by %(date)s") % {"date": date_format(s.due)}
        items.append(
            Item(
                f"{s.case.registry_number} {s.case.title}",
                reverse("intake:case", args=[s.case.pk]),
                s.case.state.label,
                asked,
                late,
            )
        )
    return items


def _handles(user):
    return user.is_authenticated and bool(user.handled_org_ids) and not user.is_region_wide


def new_cases(user):
    """New cases in the advisor's organisations, the overdue first."""
    if not _handles(user):
        return None
    qs = selectors.queue(user, state="new", sort="due").exclude(case__kind__in=HANDLED_ELSEWHERE)
    return _items(qs)


def overdue(user):
    if not _handles(user):
        return None
    return _items(selectors.queue(user, overdue=True, sort="due"))


def company_inquiries(user):
    """Company inquiries not yet decided: the coordinator routes them to an organisation."""
    if not (user.is_authenticated and user.has_role(Role.COORDINATOR)):
        return None
    qs = selectors.queue(user, sort="due").filter(case__kind__in=COMPANY_KINDS)
    return _items(qs)


def register():
    home.add(
        "overdue", gettext_lazy("Overdue: waiting for a first answer"), overdue, order=10,
        more="intake:queue", empty=gettext_lazy("Nothing overdue."),
    )  # fmt: skip
    home.add(
        "new_cases", gettext_lazy("New cases to assess"), new_cases, order=11,
        more="intake:queue", empty=gettext_lazy("No new cases. Well done."),
    )  # fmt: skip
    home.add(
        "company_inquiries", gettext_lazy("Company inquiries to route"), company_inquiries,
        order=12, more="intake:queue", empty=gettext_lazy("No company inquiry waits."),
    )  # fmt: skip
