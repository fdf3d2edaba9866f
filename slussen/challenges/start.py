"""The challenges' section of the start page: the ideas waiting for one's scores on a panel,
and how one's own ideas in challenges went (the outcome once decided). One query."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from slussen.core import home
from slussen.core.home import Item

from . import selectors
from .models import Entry


def items(user):
    """Shown to those who sent an idea to a challenge or have ideas to score on a panel."""
    if not user.is_authenticated:
        return None
    shown = []
    for entry in selectors.start_entries(user)[: home.SHOWN + 1]:
        challenge = entry.challenge
        label = f"{challenge.local_title}: {entry.case.title}"
        if entry.to_score:
            url = reverse("challenges:score", args=[entry.pk])
            shown.append(Item(label, url, entry.case.registry_number, _("Score the idea")))
            continue
        decided = entry.outcome != Entry.Outcome.PENDING
        status = entry.get_outcome_display() if decided else challenge.state.label
        shown.append(Item(label, challenge.get_absolute_url(), status))
    return shown or None


def register():
    home.add(
        "challenges",
        gettext_lazy("Challenges"),
        items,
        order=22,
        more="challenges:index",
        counted=False,
    )
