"""The fund application's workflow, declared once as data (codes are what the code keys on)."""

from slussen.core import workflow

FUND_WORKFLOW = "fund_application"
# Version 2 adds "more information needed": the coordinator or a pre-screener sends the
# application back to the applicant with a question. Applications begun on version 1 keep it.
VERSION = 2

STATES = [
    ("draft", "Utkast", "Draft", {"initial"}),
    ("signoff", "Väntar på chefens godkännande", "Awaiting manager sign-off", set()),
    ("prescreening", "Förhandsgranskas", "Pre-screening", set()),
    ("review", "Expertgranskas", "Expert review", set()),
    ("more_info", "Komplettering begärd", "More information needed", set()),
    ("granted", "Beviljad", "Granted", {"final"}),
    ("rejected", "Avslag", "Rejected", {"final"}),
    ("withdrawn", "Återtagen", "Withdrawn", {"final"}),
    ("closed", "Avslutad", "Closed", {"final"}),
]
OPEN = ["draft", "signoff", "prescreening", "review", "more_info"]
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
    # More information: the question is the step's reason, mailed to the applicant; the
    # applicant's reply goes back to the step the question was asked in.
    ("ask", "Begär komplettering", "Ask for more information", ["prescreening", "review"],
     "more_info", "fund.ask", {"notify": ["fund.applicant_asked"]}),
    ("resubmit", "Skicka in kompletteringen", "Send the completed application", ["more_info"],
     "review", "fund.resubmit", {"guards": ["fund.returns_to"], "notify": ["fund.thread"]}),
    ("resubmit_prescreening", "Skicka in kompletteringen", "Send the completed application",
     ["more_info"], "prescreening", "fund.resubmit",
     {"guards": ["fund.returns_to"], "notify": ["fund.thread"]}),
]  # fmt: skip
# Steps that need no written reason (the others are told to the applicant with one).
NO_REASON = ["submit", "approve", "prescreen_pass", "grant", "withdraw", "close"]


workflow.declare(FUND_WORKFLOW, TRANSITIONS)


def ensure_defined(**kwargs):
    """Publish this version when it is missing; applications under way keep the version they
    began on (their states and steps), new ones start on this one. Who is told and what is
    checked is kept in step with the declaration on every version."""
    from slussen.core.models import Workflow, WorkflowTransition

    ensure_project_defined()
    if not Workflow.objects.filter(code=FUND_WORKFLOW, version=VERSION).exists():
        wf = workflow.define(
            FUND_WORKFLOW,
            "Ansökan till Innovationsfonden",
            "Fund application",
            STATES,
            TRANSITIONS,
            version=VERSION,
        )
        WorkflowTransition.objects.filter(workflow=wf, code__in=NO_REASON).update(
            requires_reason=False
        )
        Workflow.objects.filter(code=FUND_WORKFLOW).exclude(version=VERSION).update(
            is_current=False
        )
    workflow.sync_policy(FUND_WORKFLOW, TRANSITIONS)


# A granted project: its status is a state of the engine (``Project.STATE_FIELD``). Completing
# needs the final report; completing or cancelling also closes the application, in the same
# transaction, so the two never disagree.
PROJECT_WORKFLOW = "fund_project"
PROJECT_STATES = [
    ("running", "Pågår", "Running", {"initial"}),
    ("delayed", "Försenat", "Delayed", set()),
    ("completed", "Avslutat", "Completed", {"final"}),
    ("cancelled", "Avbrutet", "Cancelled", {"final"}),
]
PROJECT_TOLD = {"notify": ["fund.project_applicant"]}
PROJECT_TRANSITIONS = [
    ("delay", "Markera som försenat", "Mark as delayed", ["running"], "delayed", "fund.manage",
     PROJECT_TOLD),
    ("resume", "Tillbaka i fas", "Back on track", ["delayed"], "running", "fund.manage",
     PROJECT_TOLD),
    ("complete", "Avsluta projektet", "Complete the project", ["running", "delayed"],
     "completed", "fund.manage",
     {"guards": ["fund.final_report"], "notify": ["fund.project_applicant"]}),
    ("cancel", "Avbryt projektet", "Cancel the project", ["running", "delayed"], "cancelled",
     "fund.manage", PROJECT_TOLD),
]  # fmt: skip

workflow.declare(PROJECT_WORKFLOW, PROJECT_TRANSITIONS)


def ensure_project_defined(**kwargs):
    from slussen.core.models import Workflow

    if not Workflow.objects.filter(code=PROJECT_WORKFLOW).exists():
        workflow.define(
            PROJECT_WORKFLOW, "Beviljat projekt", "Granted project", PROJECT_STATES,
            PROJECT_TRANSITIONS,
        )  # fmt: skip
    else:
        workflow.sync_policy(PROJECT_WORKFLOW, PROJECT_TRANSITIONS)
