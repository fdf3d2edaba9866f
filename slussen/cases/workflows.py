"""The case workflow, declared once as data. Seeded when missing; administrators edit it in
the admin (a new version for changes that running cases must not feel)."""

from slussen.core import workflow

CASE_WORKFLOW = "case"

STATES = [
    ("new", "Ny", "New", {"initial"}),
    ("assessing", "Bedöms", "Being assessed", set()),
    ("accepted", "Antagen som innovationsärende", "Accepted as an innovation case", {"final"}),
    ("referred", "Hänvisad", "Referred", {"final"}),
    ("closed", "Avslutad", "Closed", {"final"}),
]
TRANSITIONS = [
    ("start_assessment", "Börja bedöma", "Start assessment", ["new"], "assessing", "case.triage"),
    (
        "accept",
        "Anta som innovationsärende",
        "Accept as innovation case",
        ["assessing"],
        "accepted",
        "case.triage",
    ),
    ("refer", "Hänvisa", "Refer", ["new", "assessing"], "referred", "case.triage"),
    ("close", "Avsluta", "Close", ["new", "assessing"], "closed", "case.triage"),
    (
        "reopen",
        "Öppna igen",
        "Reopen",
        ["referred", "closed", "accepted"],
        "assessing",
        "case.triage",
    ),
]


def ensure_defined(**kwargs):
    from slussen.core.models import Workflow

    if not Workflow.objects.filter(code=CASE_WORKFLOW).exists():
        workflow.define(CASE_WORKFLOW, "Ärende", "Case", STATES, TRANSITIONS)
