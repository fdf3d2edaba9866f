"""The challenges' sections of the start page: how one's ideas in challenges went, and the
ideas waiting for one's scores on a panel."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from slussen.core import home
from slussen.core.home import Item

from . import selectors
from .models import Entry


def my_ideas(user):
    """Shown to those who sent an idea to a challenge: where it stands, the outcome once
    decided."""
    if not user.is_authenticated:
        return None
    items = []
    for entry in selectors.my_entries(user)[: home.SHOWN + 1]:
        challenge = entry.challenge
        decided = entry.outcome != Entry.Outcome.PENDING
        items.append(
            Item(
                f"{challenge.title}: {entry.case.title}",
                challenge.get_absolute_url(),
                entry.get_outcome_display() if decided else challenge.state.label,
            )
        )
    return items or None


def to_score(user):
    if not (user.is_authenticated and not user.is_external):
        return None
    entries = list(selectors.to_score(user)[: home.SHOWN + 1])
    if not entries and not selectors.panels_evaluating(user).exists():
        return None
    return [
        Item(
            f"{e.challenge.title}: {e.case.title}",
            reverse("challenges:score", args=[e.pk]),
            e.case.registry_number,
            _("Score the idea"),
        )
        for e in entries
    ]


def register():
    home.add(
        "challenge_ideas",
        gettext_lazy("Your ideas in challenges"),
        my_ideas,
        order=22,
        more="challenges:index",
        counted=False,
    )
    home.add(
        "challenge_scoring",
        gettext_lazy("Ideas to score"),
        to_score,
        order=31,
        more="challenges:index",
        empty=gettext_lazy("You have scored every idea. Thank you."),
    )
