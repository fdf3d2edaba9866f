"""The cases' sections of the start page (declared in CasesConfig.ready())."""

from django.utils.translation import gettext_lazy

from slussen.core import home
from slussen.core.home import Item

from . import selectors
from .models import Kind


def _item(case, asked=""):
    return Item(
        f"{case.registry_number} {case.title}", case.get_absolute_url(), case.state.label, asked
    )


def submitted(user):
    """What the person has submitted, newest first, with where it stands."""
    if not user.is_authenticated:
        return None
    # All of it, test-environment requests too: they are handled elsewhere, but they are hers.
    # Not her applications to the fund: the fund lists them with where each stands (their
    # register case keeps its first state), and one often bears the title of the idea it
    # started from, which would read as the same thing twice.
    qs = selectors.register(user, by_branch=False).filter(submitter=user)
    qs = qs.exclude(kind=Kind.FUND_APPLICATION)
    return [_item(case) for case in qs[: home.SHOWN + 1]]


def handled(user):
    """Open cases the person handles (advisors, heads of unit)."""
    if not user.is_authenticated or not user.handles_cases:
        return None
    qs = selectors.register(user, by_branch=False).filter(handler=user)
    qs = qs.exclude(state__is_final=True)
    return [_item(case) for case in qs[: home.SHOWN + 1]]


def register():
    home.add(
        "handled", gettext_lazy("Cases you handle"), handled, order=20, more="cases:register",
        empty=gettext_lazy("You handle no open cases."),
    )  # fmt: skip
    home.add(
        "submitted", gettext_lazy("What you have submitted"), submitted, order=90,
        empty=gettext_lazy("You have not submitted anything yet."),
    )  # fmt: skip
