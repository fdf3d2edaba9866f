"""The need's workflow: written by the advisor, approved by the unit's manager, published,
closed. Declared once as data and seeded when missing."""

from slussen.core import workflow

NEED_WORKFLOW = "need"
VERSION = 1
NO_REASON = {"requires_reason": False}

STATES = [
    ("draft", "Utkast", "Draft", {"initial"}),
    ("awaiting", "Väntar på chefens godkännande", "Awaiting the manager's approval", set()),
    ("published", "Publicerat", "Published", set()),
    ("closed", "Avslutat", "Closed", {"final"}),
]
TRANSITIONS = [
    (
        "ask_approval",
        "Be chefen godkänna",
        "Ask the manager to approve",
        ["draft"],
        "awaiting",
        "needs.edit",
        {"notify": ["needs.managers"], **NO_REASON},
    ),
    (
        "approve",
        "Godkänn och publicera",
        "Approve and publish",
        ["awaiting"],
        "published",
        "needs.approve",
        {"notify": ["needs.author"], **NO_REASON},
    ),
    (
        "return",
        "Skicka tillbaka",
        "Send back",
        ["awaiting"],
        "draft",
        "needs.approve",
        {"notify": ["needs.author"], "requires_reason": True},
    ),
    ("close", "Avsluta", "Close", ["published"], "closed", "needs.edit", NO_REASON),
    # A need taken off the board with its case, once the case is open again: back to a draft,
    # which the manager approves again before the board shows it (its deadline may have passed,
    # and the companies are not surprised by a need that comes back unseen).
    (
        "reopen",
        "Ta upp behovet igen",
        "Take the need up again",
        ["closed"],
        "draft",
        "needs.reopen",
        {"notify": ["needs.managers"], **NO_REASON},
    ),
]

workflow.declare(NEED_WORKFLOW, TRANSITIONS)


@workflow.audience("needs.author")
def author(need):
    return [need.author]


@workflow.audience("needs.managers")
def managers(need):
    from .rules import managers_of

    return list(managers_of(need.case))


def ensure_defined(**kwargs):
    from slussen.core.models import Workflow, WorkflowTransition

    stored = WorkflowTransition.objects.filter(
        workflow__code=NEED_WORKFLOW, workflow__version=VERSION
    ).values_list("code", flat=True)
    # A step added to this version (``reopen``, out of the closed state, which had none) is
    # added where it is missing: no need under way feels a step it could not take before.
    if not Workflow.objects.filter(code=NEED_WORKFLOW, version=VERSION).exists() or {
        spec[0] for spec in TRANSITIONS
    } - set(stored):
        workflow.define(NEED_WORKFLOW, "Behov", "Need", STATES, TRANSITIONS, version=VERSION)
    workflow.sync_policy(NEED_WORKFLOW, TRANSITIONS)
