"""The challenge's workflow: written as a draft, open for ideas, evaluated by the panel, decided
by the owner. Declared once as data and seeded when missing.

``decide`` is taken only by ``services.decide``, which names the chosen ideas, accepts them into
the innovation process and tells every participant; the buttons alone cannot take it."""

from django.utils.translation import gettext as _

from slussen.core import workflow

CHALLENGE_WORKFLOW = "challenge"
VERSION = 1
NO_REASON = {"requires_reason": False}

STATES = [
    ("draft", "Utkast", "Draft", {"initial"}),
    ("open", "Öppen för idéer", "Open for ideas", set()),
    ("evaluating", "Utvärderas", "Being evaluated", set()),
    ("decided", "Avgjord", "Decided", {"final"}),
]
TRANSITIONS = [
    (
        "open",
        "Öppna för idéer",
        "Open for ideas",
        ["draft"],
        "open",
        "challenges.manage",
        {"notify": ["challenges.panel"], "guards": ["challenges.ready"], **NO_REASON},
    ),
    (
        "evaluate",
        "Stäng och låt panelen poängsätta",
        "Close and let the panel score",
        ["open"],
        "evaluating",
        "challenges.manage",
        {"notify": ["challenges.panel"], **NO_REASON},
    ),
    (
        "decide",
        "Avgör utmaningen",
        "Decide the challenge",
        ["evaluating"],
        "decided",
        "challenges.manage",
        {"guards": ["challenges.chosen"], **NO_REASON},
    ),
]

workflow.declare(CHALLENGE_WORKFLOW, TRANSITIONS)


@workflow.audience("challenges.panel")
def panel(challenge):
    return list(challenge.panel.all())


@workflow.guard("challenges.ready")
def ready(challenge, transition, user, data):
    """Open only with criteria to score against and a panel to score."""
    found = []
    if not challenge.criteria.exists():
        found.append(_("Give the challenge at least one evaluation criterion."))
    if not challenge.panel.exists():
        found.append(_("Choose the panel that scores the ideas."))
    return found


@workflow.guard("challenges.chosen")
def chosen(challenge, transition, user, data):
    if data.get("chosen") is None:
        return [_("Decide from the challenge's page, which names the chosen ideas.")]
    return []


def ensure_defined(**kwargs):
    from slussen.core.models import Workflow

    if not Workflow.objects.filter(code=CHALLENGE_WORKFLOW, version=VERSION).exists():
        workflow.define(
            CHALLENGE_WORKFLOW, "Utmaning", "Challenge", STATES, TRANSITIONS, version=VERSION
        )
    workflow.sync_policy(CHALLENGE_WORKFLOW, TRANSITIONS)
