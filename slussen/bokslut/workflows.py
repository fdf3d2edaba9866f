"""The response workflow, declared once as data and seeded when missing."""

from slussen.core import workflow

RESPONSE_WORKFLOW = "bokslut-response"

STATES = [
    ("draft", "Utkast", "Draft", {"initial"}),
    ("submitted", "Inskickad", "Submitted", set()),
]
TRANSITIONS = [
    ("submit", "Skicka in", "Submit", ["draft"], "submitted", "bokslut.answer"),
    ("reopen", "Öppna för ändring", "Reopen for changes", ["submitted"], "draft", "bokslut.reopen"),
]


workflow.declare(RESPONSE_WORKFLOW, TRANSITIONS)


def ensure_defined(**kwargs):
    from slussen.core.models import Workflow

    if not Workflow.objects.filter(code=RESPONSE_WORKFLOW).exists():
        wf = workflow.define(
            RESPONSE_WORKFLOW, "Bokslutssvar", "Survey response", STATES, TRANSITIONS
        )
        wf.transitions.filter(code="submit").update(requires_reason=False)
