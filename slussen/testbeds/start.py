"""The test environments' section of the start page: requests not yet answered."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from slussen.core import home
from slussen.core.home import Item
from slussen.core.permissions import can

from . import selectors


def unanswered(user):
    if not (user.is_authenticated and can(user, "testbeds.inbox")) or user.is_region_wide:
        return None
    qs = selectors.inbox(user).filter(answered__isnull=True)
    return [
        Item(
            f"{r.testbed.name}: {r.company}",
            r.get_absolute_url(),
            _("Asked %(date)s") % {"date": date_format(r.created.date())},
            _("Answer the request"),
        )
        for r in qs[: home.SHOWN + 1]
    ]


def register():
    home.add(
        "testbed_requests", gettext_lazy("Test environment requests to answer"), unanswered,
        order=35, more="testbeds:inbox", empty=gettext_lazy("Every request is answered."),
    )  # fmt: skip
