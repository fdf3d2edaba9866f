"""The fund application's workflow, declared once as data (codes are what the code keys on)."""

from slussen.core import workflow

FUND_WORKFLOW = "fund_application"

STATES = [
    ("draft", "Utkast", "Draft", {"initial"}),
    ("signoff", "Väntar på chefens godkännande", "Awaiting manager sign-off", set()),
    ("prescreening", "Förhandsgranskas", "Pre-screening", set()),
    ("review", "Expertgranskas", "Expert review", set()),
    ("granted", "Beviljad", "Granted", {"final"}),
    ("rejected", "Avslag", "Rejected", {"final"}),
    ("withdrawn", "Återtagen", "Withdrawn", {"final"}),
    ("closed", "Avslutad", "Closed", {"final"}),
]
OPEN = ["draft", "signoff", "prescreening", "review"]
TOLD = {"notify": ["fund.applicant"]}
TO_MANAGER = {"notify": ["fund.manager"]}
TRANSITIONS = [
    ("submit", "Skicka in", "Submit", ["draft"], "signoff", "fund.submit", TO_MANAGER),
    ("approve", "Godkänn", "Approve", ["signoff"], "prescreening", "fund.signoff", TOLD),
    ("decline", "Godkänn inte", "Decline", ["signoff"], "draft", "fund.signoff", TOLD),
    (
        "prescreen_pass",
        "Uppfyller kraven",
        "Requirements met",
        ["prescreening"],
        "review",
        "fund.prescreen",
        TOLD,
    ),
    (
        "prescreen_fail",
        "Uppfyller inte kraven",
        "Requirements not met",
        ["prescreening"],
        "rejected",
        "fund.prescreen",
        TOLD,
    ),
    ("grant", "Bevilja", "Grant", ["review"], "granted", "fund.decide", TOLD),
    ("reject", "Avslå", "Reject", ["review"], "rejected", "fund.decide", TOLD),
    ("withdraw", "Ta tillbaka", "Withdraw", OPEN, "withdrawn", "fund.withdraw"),
    ("close", "Avsluta projektet", "Close the project", ["granted"], "closed", "fund.manage", TOLD),
]
# Steps that need no written reason (the others are told to the applicant with one).
NO_REASON = ["submit", "approve", "prescreen_pass", "grant", "withdraw", "close"]


workflow.declare(FUND_WORKFLOW, TRANSITIONS)


def ensure_defined(**kwargs):
    from slussen.core.models import Workflow, WorkflowTransition

    if Workflow.objects.filter(code=FUND_WORKFLOW).exists():
        workflow.sync_policy(FUND_WORKFLOW, TRANSITIONS)
        return
    wf = workflow.define(
        FUND_WORKFLOW, "Ansökan till Innovationsfonden", "Fund application", STATES, TRANSITIONS
    )
    WorkflowTransition.objects.filter(workflow=wf, code__in=NO_REASON).update(requires_reason=False)
