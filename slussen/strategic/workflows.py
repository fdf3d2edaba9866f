"""The strategic project workflow, declared once as data (seeded when missing)."""

from slussen.core import workflow

STRATEGIC_WORKFLOW = "strategic"
RUN = "strategic.run"

STATES = [
    ("draft", "Utkast", "Draft", {"initial"}),
    ("proposed", "Föreslagen av samordningsgruppen", "Proposed by the coordination group", set()),
    ("commented", "Kommenterad av koncernledningen", "Commented by group management", set()),
    ("approved", "Beslutad av utskottet", "Decided by the committee", set()),
    ("rejected", "Avslagen av utskottet", "Rejected by the committee", {"final"}),
    ("completed", "Avslutad", "Completed", {"final"}),
]
TRANSITIONS = [
    ("propose", "Samordningsgruppen föreslår", "The coordination group proposes", ["draft"],
     "proposed", RUN),
    ("comment", "Koncernledningens kommentarer", "Group management's comments", ["proposed"],
     "commented", RUN),
    ("approve", "Utskottet beslutar: bifall", "The committee decides: approved", ["commented"],
     "approved", RUN),
    ("reject", "Utskottet beslutar: avslag", "The committee decides: rejected", ["commented"],
     "rejected", RUN),
    ("revise", "Tillbaka för omarbetning", "Back for revision", ["proposed", "commented"],
     "draft", RUN),
    ("complete", "Projektet avslutas", "The project is completed", ["approved"], "completed",
     RUN),
]  # fmt: skip


workflow.declare(STRATEGIC_WORKFLOW, TRANSITIONS)


def ensure_defined(**kwargs):
    from slussen.core.models import Workflow

    if not Workflow.objects.filter(code=STRATEGIC_WORKFLOW).exists():
        workflow.define(STRATEGIC_WORKFLOW, "Strategiskt projekt", "Strategic project", STATES,
                        TRANSITIONS)  # fmt: skip
