"""The innovation case's workflow, declared once as data: its status is a state of the engine,
and every gate decision (go, go back, pause, resume, stop, close) is a step with its guards and
the people it tells. Which phase a case works in is the gate decision's own record (phases
differ per template and may overlap); the step carries the decision through the engine.
"""

from slussen.core import workflow

INNOVATION_WORKFLOW = "innovation"
VERSION = 1

STATES = [
    ("active", "Pågår", "Active", {"initial"}),
    ("paused", "Pausad", "Paused", set()),
    ("stopped", "Avbruten", "Stopped", {"final"}),
    ("implemented", "Införd", "Implemented", {"final"}),
]

# Everyone who takes part is told of every gate: the submitter (in words of their own on the
# tracking page), the case's handler and its named people (owners, advisor).
TOLD = ["process.submitter", "process.handler", "process.people"]
PASSES = ["process.mandate", "process.passed_phases", "process.spread_plan"]

TRANSITIONS = [
    ("go", "Gå vidare", "Go ahead", ["active"], "active", "process.gate",
     {"guards": PASSES, "notify": TOLD}),
    ("back", "Gå tillbaka", "Go back", ["active"], "active", "process.gate",
     {"guards": ["process.mandate"], "notify": TOLD}),
    ("pause", "Pausa", "Pause", ["active"], "paused", "process.gate",
     {"guards": ["process.mandate"], "notify": TOLD}),
    ("resume", "Återuppta", "Resume", ["paused"], "active", "process.gate",
     {"guards": ["process.mandate"], "notify": TOLD}),
    ("stop", "Avbryt", "Stop", ["active", "paused"], "stopped", "process.gate",
     {"guards": ["process.mandate"], "notify": TOLD}),
    ("close", "Avsluta som infört", "Close as implemented", ["active"], "implemented",
     "process.gate",
     {"guards": [*PASSES, "process.maintenance"], "notify": TOLD}),
]  # fmt: skip

workflow.declare(INNOVATION_WORKFLOW, TRANSITIONS)

# A unit's adoption in the roll-out: planned → preparing → in use → stopped. The receiving
# unit's manager confirms "in use"; the case's people plan and prepare; either may stop it.
ADOPTION_WORKFLOW = "adoption"
ADOPTION_VERSION = 1
ADOPTION_STATES = [
    ("planned", "Planerad", "Planned", {"initial"}),
    ("started", "Förbereds", "Preparing", set()),
    ("in_use", "I bruk", "In use", set()),
    ("ended", "Avslutad", "Stopped", set()),
]
ADOPTION_TRANSITIONS = [
    ("prepare", "Börja förbereda", "Start preparing", ["planned"], "started",
     "process.adoption_plan",
     {"guards": ["process.adoption_open"], "notify": ["process.unit_managers"],
      "requires_reason": False}),
    ("confirm", "Bekräfta i bruk", "Confirm in use", ["planned", "started"], "in_use",
     "process.adoption_confirm",
     {"guards": ["process.adoption_open"], "notify": ["process.adoption_people"],
      "requires_reason": False}),
    ("stop", "Sluta använda", "Stop using", ["planned", "started", "in_use"], "ended",
     "process.adoption_stop",
     {"notify": ["process.adoption_people", "process.unit_managers"],
      "requires_reason": True}),
    ("resume", "Förbered igen", "Prepare again", ["ended"], "started", "process.adoption_plan",
     {"guards": ["process.adoption_open"], "notify": ["process.unit_managers"],
      "requires_reason": False}),
]  # fmt: skip

workflow.declare(ADOPTION_WORKFLOW, ADOPTION_TRANSITIONS)


def ensure_defined(**kwargs):
    """Publish the definition when it is missing; keep its guards and audiences declared."""
    from slussen.core.models import Workflow

    if not Workflow.objects.filter(code=INNOVATION_WORKFLOW, version=VERSION).exists():
        workflow.define(
            INNOVATION_WORKFLOW, "Innovationsärende", "Innovation case", STATES, TRANSITIONS,
            version=VERSION,
        )  # fmt: skip
    else:
        workflow.sync_policy(INNOVATION_WORKFLOW, TRANSITIONS)
    if not Workflow.objects.filter(code=ADOPTION_WORKFLOW, version=ADOPTION_VERSION).exists():
        workflow.define(
            ADOPTION_WORKFLOW, "Införande i en enhet", "Adoption by a unit", ADOPTION_STATES,
            ADOPTION_TRANSITIONS, version=ADOPTION_VERSION,
        )  # fmt: skip
    else:
        workflow.sync_policy(ADOPTION_WORKFLOW, ADOPTION_TRANSITIONS)
