"""The case workflow, declared once as data. Seeded when missing; administrators edit it in
the admin (a new version for changes that running cases must not feel).

A duplicate is merged into the case that survives (``merge``, taken through intake's merge,
which moves its followers); nothing is deleted.

Triage ends in one of three decisions, each with a reason the submitter sees: accepted as an
innovation case, referred, or closed. A referral names where the case goes – ordinary
improvement work (``refer``), another unit (``refer_unit``) or the innovation fund
(``refer_fund``) – so the kind of referral is data: the transition's code and label.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from slussen.core import workflow

CASE_WORKFLOW = "case"
VERSION = 3

STATES = [
    ("new", "Ny", "New", {"initial"}),
    ("assessing", "Bedöms", "Being assessed", set()),
    ("accepted", "Antagen som innovationsärende", "Accepted as an innovation case", {"final"}),
    ("referred", "Hänvisad", "Referred", {"final"}),
    ("closed", "Avslutad", "Closed", {"final"}),
    ("merged", "Sammanslagen med ett annat ärende", "Merged with another case", {"final"}),
]
TRIAGE_SOURCES = ["new", "assessing"]
TOLD = {"notify": ["case.submitter", "case.handler"]}
TRANSITIONS = [
    (
        "start_assessment",
        "Börja bedöma",
        "Start assessment",
        ["new"],
        "assessing",
        "case.triage",
        TOLD,
    ),
    (
        "accept",
        "Anta som innovationsärende",
        "Accept as innovation case",
        ["assessing"],
        "accepted",
        "case.triage",
        TOLD,
    ),
    (
        "refer",
        "Hänvisa till ordinarie förbättringsarbete",
        "Refer to ordinary improvement work",
        TRIAGE_SOURCES,
        "referred",
        "case.triage",
        TOLD,
    ),
    (
        "refer_unit",
        "Hänvisa till en annan enhet",
        "Refer to another unit",
        TRIAGE_SOURCES,
        "referred",
        "case.triage",
        TOLD,
    ),
    (
        "refer_fund",
        "Hänvisa till Innovationsfonden",
        "Refer to the innovation fund",
        TRIAGE_SOURCES,
        "referred",
        "case.triage",
        TOLD,
    ),
    ("close", "Avsluta", "Close", TRIAGE_SOURCES, "closed", "case.triage"),
    # Taken only by intake's merge, which names the surviving case and moves the followers.
    (
        "merge",
        "Slå ihop med ett annat ärende",
        "Merge into another case",
        TRIAGE_SOURCES,
        "merged",
        "case.triage",
        {**TOLD, "guards": ["case.merge_into"]},
    ),
    (
        "reopen",
        "Öppna igen",
        "Reopen",
        ["referred", "closed", "accepted"],
        "assessing",
        "case.triage",
        TOLD,
    ),
]


workflow.declare(CASE_WORKFLOW, TRANSITIONS)

# What a step decided, in words anyone who follows the case may read (its supporters): the
# reason written with it is the submitter's, and may be about her, so it is never theirs.
OUTCOMES = {
    "start_assessment": gettext_lazy("The handling unit has begun to assess the need."),
    "accept": gettext_lazy(
        "The need was accepted as an innovation case: the region works on a solution."
    ),
    "refer": gettext_lazy(
        "The need was handed to the ordinary improvement work of the unit it concerns, which "
        "takes it on from here."
    ),
    "refer_unit": gettext_lazy("The case was handed to another unit, which takes it on from here."),
    "refer_fund": gettext_lazy(
        "The case was referred to the region's innovation fund, where it may apply for funding."
    ),
    "close": gettext_lazy(
        "The handling unit decided not to take the case further and closed it. Its reasons "
        "were written to the person who submitted the case."
    ),
    "merge": gettext_lazy("The case is handled together with another case about the same need."),
    "reopen": gettext_lazy("The case was opened again and is being assessed anew."),
}


def outcome(code: str) -> str:
    """What the step ``code`` decided, for a reader who is not its submitter ("" if unknown)."""
    text = OUTCOMES.get(code)
    return str(text) if text else ""


@workflow.guard("case.merge_into")
def merge_into(case, transition, user, data):
    """A merge names the case that survives; the decision buttons alone cannot take it."""
    from .rules import merge_refusal

    into = data.get("into")
    if into is None:
        return [_("Merge from the triage page's merge form, which names the surviving case.")]
    # As stored now, not as the caller last read it (its secrecy or state may have changed).
    into = type(case).objects.select_related("state", "organisation").get(pk=into.pk)
    refusal = merge_refusal(user, into, duplicate=case)
    return [refusal] if refusal else []


def ensure_defined(**kwargs):
    """Publish this version when it is missing; cases under way keep the version they began on.
    Who is told is kept in step with the declaration on every version."""
    from slussen.core.models import Workflow

    if not Workflow.objects.filter(code=CASE_WORKFLOW, version=VERSION).exists():
        workflow.define(CASE_WORKFLOW, "Ärende", "Case", STATES, TRANSITIONS, version=VERSION)
        Workflow.objects.filter(code=CASE_WORKFLOW).exclude(version=VERSION).update(
            is_current=False
        )
    workflow.sync_policy(CASE_WORKFLOW, TRANSITIONS)
