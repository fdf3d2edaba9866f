"""Every write to the register: one transaction each, each with its timeline and audit event."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from slussen.accounts import people
from slussen.core import audit, workflow

from . import uploads
from .models import Attachment, Case, CaseEvent, RegistryCounter, Secrecy
from .workflows import CASE_WORKFLOW

# Sent inside the transaction of ``update_case`` when a case's secrecy changes, with ``case``,
# ``before`` and ``after`` (``Secrecy`` values) and ``actor``: whoever follows a case from
# outside it (a domain app's supporters) learns that it can no longer be followed, in words
# that give nothing of it away.
secrecy_changed = Signal()


class ConflictError(ValidationError):
    """Someone else saved the case after the form was opened."""


def _next_number(year: int) -> tuple[int, str]:
    """Allocate the next registry number of ``year``; must run inside the case's transaction.

    The counter row is locked by the UPDATE until the transaction ends, so concurrent
    registrations queue on it and numbers stay distinct, consecutive and gap-free (a rolled
    back registration also rolls back its number).
    """
    prefix = settings.REGISTRY_PREFIX
    if not RegistryCounter.objects.filter(prefix=prefix, year=year).exists():
        try:
            with transaction.atomic():
                RegistryCounter.objects.create(prefix=prefix, year=year)
        except IntegrityError:
            pass  # another registration created it first
    counter = RegistryCounter.objects.filter(prefix=prefix, year=year)
    counter.update(last=F("last") + 1)
    seq = counter.values_list("last", flat=True).get()
    return seq, f"{prefix} {year}-{seq:05d}"


def open_case(
    *,
    kind,
    title,
    description,
    organisation,
    actor=None,
    submitter=None,
    submitter_name="",
    submitter_email="",
    handler=None,
    secrecy=Secrecy.PUBLIC,
    secrecy_reference="",
) -> Case:
    """Register an inbound item as a case, without delay and with a registry number."""
    with transaction.atomic():
        year = timezone.localdate().year
        seq, number = _next_number(year)
        case = Case.objects.create(
            registry_number=number,
            registry_year=year,
            registry_seq=seq,
            kind=kind,
            title=title.strip(),
            description=description.strip(),
            state=workflow.initial_state(CASE_WORKFLOW),
            organisation=organisation,
            handler=handler,
            submitter=submitter,
            submitter_name=submitter_name or (submitter.full_name if submitter else ""),
            submitter_email=submitter_email or (submitter.email if submitter else ""),
            secrecy=secrecy,
            secrecy_reference=secrecy_reference,
        )
        CaseEvent.objects.create(
            case=case,
            type=CaseEvent.Type.OPENED,
            actor=actor if actor and actor.is_authenticated else None,
            visible_to_submitter=True,
            data={"organisation": organisation.name},
        )
        audit.record(actor, "case.open", case, registry_number=number)
    return case


EDITABLE_FIELDS = ("title", "description", "kind", "secrecy", "secrecy_reference")


def update_case(case: Case, actor, *, expected_version: int, **changes) -> Case:
    """Save edited details unless someone else saved first (then ``ConflictError``)."""
    changes = {k: v for k, v in changes.items() if k in EDITABLE_FIELDS}
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        if current.version != expected_version:
            raise ConflictError(
                _(
                    "Someone else saved this case while you were editing it. Your text is kept "
                    "below; compare it with the current version and save again."
                ),
                code="conflict",
            )
        changed = {
            field: [getattr(current, field), value]
            for field, value in changes.items()
            if getattr(current, field) != value
        }
        if not changed:
            return current
        for field, value in changes.items():
            setattr(current, field, value)
        current.version = F("version") + 1
        current.save()
        current.refresh_from_db()
        CaseEvent.objects.create(
            case=current,
            type=CaseEvent.Type.EDITED,
            actor=actor,
            data={"fields": sorted(changed)},
        )
        audit.record(actor, "case.edit", current, changes=changed, version=current.version)
        if "secrecy" in changed:
            before, after = changed["secrecy"]
            secrecy_changed.send(Case, case=current, before=before, after=after, actor=actor)
    return current


def add_comment(case: Case, actor, body: str, *, internal: bool) -> CaseEvent:
    body = body.strip()
    if not body:
        raise ValidationError(_("Write a comment first."))
    with transaction.atomic():
        event = CaseEvent.objects.create(
            case=case,
            type=CaseEvent.Type.COMMENT,
            actor=actor,
            body=body,
            visible_to_submitter=not internal,
        )
        Case.objects.filter(pk=case.pk).update(updated=timezone.now())
        audit.record(actor, "case.comment", case, event=event.pk, internal=internal)
    return event


def add_attachment(case: Case, actor, upload, *, internal: bool = False) -> Attachment:
    content_type = uploads.check(upload)
    with transaction.atomic():
        attachment = Attachment(
            case=case,
            filename=upload.name[:200],
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
            visible_to_submitter=not internal,
        )
        attachment.file.save(upload.name, upload, save=False)
        try:
            attachment.save()
            CaseEvent.objects.create(
                case=case,
                type=CaseEvent.Type.ATTACHMENT,
                actor=actor,
                body=attachment.filename,
                visible_to_submitter=not internal,
                data={"attachment": attachment.pk, "size": attachment.size},
            )
            audit.record(actor, "case.attach", case, attachment=attachment.pk)
        except Exception:
            attachment.file.delete(save=False)  # no orphan file when the row is not stored
            raise
    return attachment


def reassign(case: Case, actor, *, organisation, handler, reason: str) -> Case:
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Please give a reason; it is shown on the timeline."))
    people.check(handler, "case.handler", organisation)
    with transaction.atomic():
        current = Case.objects.select_for_update().get(pk=case.pk)
        before = {"organisation": current.organisation.name, "handler": str(current.handler or "")}
        current.organisation = organisation
        current.handler = handler
        current.version = F("version") + 1
        current.save()
        current.refresh_from_db()
        after = {"organisation": organisation.name, "handler": str(handler or "")}
        CaseEvent.objects.create(
            case=current,
            type=CaseEvent.Type.ASSIGNED,
            actor=actor,
            body=reason,
            visible_to_submitter=True,
            data={"before": before, "after": after},
        )
        audit.record(actor, "case.reassign", current, before=before, after=after)
    return current


def record_read(case: Case, user) -> None:
    """Every disclosure of a secret or partly secret case is in the audit trail."""
    if case.is_secret:
        audit.record(user, "case.read", case, secrecy=case.secrecy)
