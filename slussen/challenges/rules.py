"""Who may do what with a challenge. Each object check has its list form beside it
(``visible_q`` for ``challenges.view``, ``scoring_q`` for ``challenges.score``); a test keeps
them in step.

A challenge's panel and owner work with the ideas sent to it: they are registered as
participants of those cases (``cases.rules.participants``), so they read them (and only them)
like the people named on an innovation case."""

from django.db.models import Q

from slussen.cases.rules import participants
from slussen.core.permissions import rule

from .models import Audience

DRAFT, OPEN, EVALUATING, DECIDED = "draft", "open", "evaluating", "decided"


def audiences_for(user) -> list[str]:
    """The audiences whose challenges this person may read: a challenge for employees only
    within the region; one for companies also by a company not yet logged in (it logs in, or
    gets an account through the company way in, to answer)."""
    if not user.is_authenticated or user.is_external:
        return [Audience.PUBLIC, Audience.COMPANIES]
    return [Audience.PUBLIC, Audience.COMPANIES, Audience.EMPLOYEES]


def may_take_part(user, challenge) -> bool:
    """The audience the challenge asks: employees (staff of the region), companies (a company's
    logged-in account), or everyone."""
    if challenge.audience == Audience.PUBLIC:
        return True
    if challenge.audience == Audience.EMPLOYEES:
        return user.is_authenticated and not user.is_external
    return user.is_authenticated and user.is_external


def _staff(user) -> bool:
    return user.is_authenticated and not user.is_external


@rule("challenges.create")
def create(user, obj=None):
    """Run challenges at all: whoever handles cases of some organisation."""
    return _staff(user) and (user.is_region_wide or user.handles_cases)


@rule("challenges.manage")
def manage(user, challenge):
    return _staff(user) and (
        user.is_region_wide or user.pk in (challenge.owner_id, challenge.author_id)
    )


def on_panel(user, challenge) -> bool:
    return _staff(user) and challenge.panel.filter(pk=user.pk).exists()


@rule("challenges.view")
def view(user, challenge):
    published = challenge.state.code != DRAFT and challenge.audience in audiences_for(user)
    return published or manage(user, challenge) or on_panel(user, challenge)


def visible_q(user) -> Q | None:
    """The list form of ``challenges.view``; ``None``: all of them."""
    published = ~Q(state__code=DRAFT) & Q(audience__in=audiences_for(user))
    if not _staff(user):
        return published
    if user.is_region_wide:
        return None
    return published | Q(owner=user) | Q(author=user) | Q(panel=user)


@rule("challenges.submit")
def submit(user, challenge):
    """Send an idea: the challenge takes ideas today and asks this person's audience."""
    return challenge.takes_ideas() and may_take_part(user, challenge)


@rule("challenges.score")
def score(user, challenge):
    return challenge.state.code == EVALUATING and on_panel(user, challenge)


def scoring_q(user) -> Q:
    """The list form of ``challenges.score``."""
    if not _staff(user):
        return Q(pk__in=[])
    return Q(state__code=EVALUATING, panel=user)


@rule("challenges.decide")
def decide(user, challenge):
    return challenge.state.code == EVALUATING and manage(user, challenge)


@rule("challenges.results")
def results(user, challenge):
    """The panel's scores and the ranking: the owner, the panel, the coordinators."""
    return manage(user, challenge) or on_panel(user, challenge)


# --- The challenge's people read the cases sent to it ---------------------------------------


def _works_on(user, case) -> bool:
    from .models import Entry

    return (
        Entry.objects.filter(case_id=case.pk)
        .filter(Q(challenge__owner=user) | Q(challenge__panel=user))
        .exists()
    )


def _works_on_q(user) -> Q:
    from .models import Entry

    mine = Entry.objects.filter(Q(challenge__owner=user) | Q(challenge__panel=user))
    return Q(pk__in=mine.values("case_id"))


participants(_works_on, _works_on_q)
