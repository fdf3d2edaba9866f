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
WORDS = {
    "case.open": _("Registered the case"),
    "case.read": _("Read the case"),
    "case.edit": _("Changed the case"),
    "case.comment": _("Wrote a comment"),
    "case.attach": _("Attached a file"),
    "case.download": _("Downloaded a file"),
    "case.export": _("Exported the register"),
    "case.reassign": _("Passed the case on"),
    "intake.submit": _("Sent in a submission"),
    "intake.reply": _("Replied to the submitter"),
    "intake.link": _("Linked the case to another"),
    "intake.support": _("Said that the case's need is theirs too"),
    "intake.merge": _("Merged the case into another"),
    "intake.remind": _("Sent a reminder"),
    "process.showcase": _("Wrote the showcase's public words"),
    "process.reuse_asked": _("Another organisation asked to use the innovation"),
    "needs.create": _("Wrote a need for the needs board"),
    "needs.answer": _("Answered a need with a solution proposal"),
    "needs.shortlist": _("Shortlisted answers for early dialogue"),
    "privacy.access": _("Looked at their own personal data"),
    "privacy.erase": _("Erased personal data"),
    "note": _("Made a note"),
}
DETAILS = {
    "secrecy": pgettext_lazy("audit", "secrecy"),
    "format": pgettext_lazy("audit", "format"),
    "reason": pgettext_lazy("audit", "reason"),
}


def describe(action: str) -> str:
    """A sentence for an audit action, in the reader's language; never the code."""
    if action in WORDS:
        return str(WORDS[action])
    if action.startswith("workflow."):
        return str(_("Changed the status"))
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
