"""Audit trail: who did or read what, when. Written inside the caller's transaction."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import AuditEvent


def record(actor, action: str, obj=None, **data) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data,
    )


def for_object(obj):
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")


# What an action means, for people reading the audit trail (the code stays in the database).
# core/tests/test_audit_words.py fails on an action recorded anywhere without words here.
WORDS = {
    "account.2fa_enrol": _("Turned on two-factor log-in"),
    "account.2fa_enrol_link": _("Was sent a link to set up two-factor log-in"),
    "account.2fa_enrol_link_opened": _("Opened the link to set up two-factor log-in"),
    "account.2fa_new_recovery_codes": _("Made new recovery codes"),
    "account.2fa_recovery_code_used": _("Logged in with a recovery code"),
    "account.2fa_remove": _("Turned off two-factor log-in"),
    "account.create_sso": _("Got an account through single sign-on"),
    "account.link_sso": _("Linked the account to single sign-on"),
    "account.sso_roles": _("Got roles through single sign-on"),
    "accounts.import_units": _("Imported units of care"),
    "api.token.create": _("Made an API key"),
    "api.token.revoke": _("Revoked an API key"),
    "bokslut.correction": _("Reopened a published answer as a correction"),
    "bokslut.fund_history": _("Imported the fund's history"),
    "bokslut.publish": _("Published the innovation report"),
    "bokslut.remind": _("Reminded about the maturity survey"),
    "bokslut.report_pdf": _("Downloaded the innovation report as PDF"),
    "bokslut.report_texts": _("Wrote the innovation report's texts"),
    "bokslut.report_xlsx": _("Downloaded the innovation report as a spreadsheet"),
    "bokslut.round_create": _("Opened a survey round"),
    "bokslut.round_send": _("Sent out the survey"),
    "bokslut.save": _("Saved an answer to the survey"),
    "case.open": _("Registered the case"),
    "case.read": _("Read the case"),
    "case.edit": _("Changed the case"),
    "case.comment": _("Wrote a comment"),
    "case.attach": _("Attached a file"),
    "case.download": _("Downloaded a file"),
    "case.export": _("Exported the register"),
    "case.reassign": _("Passed the case on"),
    "fund.above_request": _("Granted more than the application asked for"),
    "fund.applications.export": _("Exported fund applications"),
    "fund.budget_override": _("Granted beyond the call's budget"),
    "fund.call.conditions": _("Changed the conditions of the call's grants"),
    "fund.call.clone": _("Opened a call as a copy of another"),
    "fund.call.create": _("Opened a call"),
    "fund.call.criteria": _("Changed the call's criteria"),
    "fund.call.edit": _("Changed the call"),
    "fund.call.questions": _("Changed the call's questions"),
    "fund.call.reviewers": _("Changed the call's experts"),
    "fund.download": _("Downloaded a file of an application"),
    "fund.draft.create": _("Started an application"),
    "fund.draft.save": _("Saved an application draft"),
    "fund.draft.delete": _("Deleted an application draft"),
    "fund.letter.read": _("Read the decision letter"),
    "fund.payment.paid": _("Marked an instalment of a grant paid"),
    "fund.payment.plan": _("Changed the payment plan of a grant"),
    "fund.project.accept": _("Accepted the grant and its conditions"),
    "fund.project.assess": _("Wrote the final assessment of a funded project"),
    "fund.project.conditions": _("Changed the conditions of a grant"),
    "fund.project.start": _("Started the funded project"),
    "fund.report.approve": _("Approved a follow-up report"),
    "fund.report.changes": _("Asked for changes in a follow-up report"),
    "fund.report.download": _("Downloaded a file of a follow-up report"),
    "fund.report.remind": _("Reminded about a follow-up report"),
    "fund.report.save": _("Saved a follow-up report draft"),
    "fund.report.submit": _("Sent in a follow-up report"),
    "fund.review.assign": _("Assigned experts"),
    "fund.review.declare": _("Declared conflicts of interest"),
    "fund.review.remind": _("Reminded the experts to review"),
    "fund.review.score": _("Saved a review"),
    "fund.signoff.remind": _("Reminded the manager to sign off"),
    "intake.company": _("Sent in a company inquiry"),
    "intake.confirm_limited": _("Asked too often for a confirmation"),
    "intake.draft_discard": _("Discarded a draft"),
    "intake.draft_file": _("Attached a file to a draft"),
    "intake.draft_file_remove": _("Removed a file from a draft"),
    "intake.inquiry_confirmed": _("Confirmed a company inquiry by e-mail"),
    "intake.inquiry_pending": _("Sent a company inquiry waiting for confirmation"),
    "intake.inquiry_purge": _("Removed unconfirmed company inquiries"),
    "intake.invite": _("Invited a co-submitter"),
    "challenges.create": _("Started a challenge"),
    "challenges.edit": _("Changed a challenge"),
    "challenges.criteria": _("Set the challenge's evaluation criteria"),
    "challenges.submit": _("Sent an idea to a challenge"),
    "challenges.score": _("Scored an idea in a challenge"),
    "challenges.decide": _("Chose the ideas of a challenge"),
    "intake.submit": _("Sent in a submission"),
    "intake.reply": _("Replied to the submitter"),
    "intake.link": _("Linked the case to another"),
    "intake.support": _("Said that the case's need is theirs too"),
    "intake.colleague_comment": _("Commented on a colleague's shared idea"),
    "intake.share": _("Chose whether colleagues see the submission"),
    "intake.support_pending": _("Asked to follow the case, waiting for confirmation"),
    "intake.merge": _("Merged the case into another"),
    "intake.remind": _("Sent a reminder"),
    "navigator.create": _("Added an actor to the navigator"),
    "navigator.edit": _("Changed an actor in the navigator"),
    "needs.create": _("Wrote a need for the needs board"),
    "needs.answer": _("Answered a need with a solution proposal"),
    "needs.shortlist": _("Shortlisted answers for early dialogue"),
    "needs.support": _("Said a need is their unit's too"),
    "needs.english": _("Gave a need's texts in English"),
    "needs.withdrawn": _("Took a need off the needs board when its case ended or was made secret"),
    "needs.offered_again": _(
        "Told the handlers that a need left the needs board with the case, now open again"
    ),
    "privacy.access": _("Looked at their own personal data"),
    "privacy.erase": _("Erased personal data"),
    "privacy.retention": _("Removed personal data by the retention rules"),
    "privacy.retention_supporters": _("Removed supporters' addresses by the retention rules"),
    "process.checklist": _("Answered the checklist"),
    "process.classify": _("Classified the innovation"),
    "process.end_parallel": _("Ended a parallel track"),
    "process.gate_answer": _("Answered at a gate"),
    "process.gate_request": _("Asked for a gate decision"),
    "process.hand_over": _("Handed over maintenance"),
    "process.move_template": _("Moved the case to another template"),
    "process.plans": _("Changed the plans"),
    "process.people": _("Changed the case's people"),
    "process.reuse_asked": _("Another organisation asked to use the innovation"),
    "process.showcase": _("Wrote the showcase's public words"),
    "process.start": _("Started the innovation process"),
    "process.task": _("Changed a task"),
    "process.template_publish": _("Published a process template"),
    "process.template_version": _("Made a new version of a process template"),
    "strategic.create": _("Added a strategic project"),
    "strategic.edit": _("Changed a strategic project"),
    "strategic.funding_add": _("Added funding"),
    "strategic.funding_remove": _("Removed funding"),
    "system.restore": _("Restored the platform from an archive"),
    "testbeds.answer": _("Answered a test environment request"),
    "testbeds.create": _("Added a test environment"),
    "testbeds.download": _("Downloaded a file"),
    "testbeds.edit": _("Changed a test environment"),
    "testbeds.request": _("Asked for a test environment"),
    "note": _("Made a note"),
}
# Actions whose code ends in what was touched (``process.add_indicator``): words by beginning.
BEGINNINGS = (
    ("process.add_", _("Added a record to the innovation case")),
    ("process.change_", _("Corrected a record of the innovation case")),
    ("process.remove_", _("Removed a record from the innovation case")),
    ("process.gate_", _("Decided at a gate")),
    ("testbeds.record_", _("Recorded a test plan or result")),
    ("workflow.", _("Changed the status")),
    ("process.", _("Changed the innovation case")),  # services.update: people, plans, …
)
DETAILS = {
    "secrecy": pgettext_lazy("audit", "secrecy"),
    "format": pgettext_lazy("audit", "format"),
    "reason": pgettext_lazy("audit", "reason"),
}


def describe(action: str) -> str:
    """A sentence for an audit action, in the reader's language; never the code."""
    if action in WORDS:
        return str(WORDS[action])
    for beginning, words in BEGINNINGS:
        if action.startswith(beginning):
            return str(words)
    return str(_("Recorded an action"))


def details(data: dict) -> str:
    """The event's data people can read (states and secrecy in words, no ids)."""
    from .models import WorkflowState

    parts = []
    if "source" in data and "target" in data:
        names = {
            s.code: s.label
            for s in WorkflowState.objects.filter(code__in=[data["source"], data["target"]])
        }
        parts.append(
            str(_("from %(a)s to %(b)s"))
            % {"a": names.get(data["source"], "–"), "b": names.get(data["target"], "–")}
        )
    if "secrecy" in data:
        from slussen.cases.models import Secrecy  # noqa: PLC0415 – core reads cases' labels lazily

        labels = dict(Secrecy.choices)
        parts.append(f"{DETAILS['secrecy']}: {labels.get(data['secrecy'], '–')}")
    formats = {"html": _("on the page"), "json": _("as a file (JSON)")}
    if data.get("format"):
        parts.append(f"{DETAILS['format']}: {formats.get(data['format'], data['format'])}")
    if data.get("reason"):
        parts.append(f"{DETAILS['reason']}: {data['reason']}")
    return "; ".join(parts)
