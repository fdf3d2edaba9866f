"""Every write of the needs board: one transaction each, each with its audit event. State
changes of a need go through the workflow engine (``workflows.py``).

The needs board sits above the innovation process (like ``bokslut``): a shortlist puts an
innovation case without a procurement track on early dialogue through ``process.services``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from slussen.accounts.roles import Role
from slussen.cases import services as case_services
from slussen.core import audit, notify, workflow
from slussen.core.permissions import can

from .models import Answer, Need
from .workflows import NEED_WORKFLOW

FIELDS = ("title", "problem", "who", "requirements", "offer", "deadline", "audience")


def create_need(case, actor, **fields) -> Need:
    """A draft need from ``case``, in the advisor's own words (nothing is copied from the case)."""
    if not can(actor, "needs.create", case):
        raise PermissionDenied
    with transaction.atomic():
        need = Need.objects.create(
            case=case,
            author=actor,
            state=workflow.initial_state(NEED_WORKFLOW),
            **{k: fields[k] for k in FIELDS if k in fields},
        )
        audit.record(actor, "needs.create", need, case=case.registry_number)
    return need


def ask_approval(need: Need, actor) -> Need:
    workflow.apply(need, "ask_approval", actor)
    return need


def approve(need: Need, actor) -> Need:
    workflow.apply(need, "approve", actor)
    return need


def company_of(user):
    membership = user.memberships.filter(role=Role.EXTERNAL).select_related("organisation")
    first = membership.order_by("pk").first()
    return first.organisation if first else None


def answer(need: Need, actor, *, proposal: str, fulfils: str) -> Answer:
    """A company answers a published need with a solution proposal; the need's author is told."""
    if not can(actor, "needs.answer", need):
        raise PermissionDenied
    company = company_of(actor)
    if company is None:
        raise PermissionDenied
    try:
        with transaction.atomic():
            given = Answer.objects.create(
                need=need, company=company, author=actor, proposal=proposal, fulfils=fulfils
            )
            audit.record(actor, "needs.answer", need, company=company.name)
            notify.tell(
                [need.author],
                "needs.answered",
                lambda: (
                    _("“%(need)s”: %(company)s answered")
                    % {"need": need.title, "company": company.name}
                ),
                url=need.get_absolute_url(),
            )
    except IntegrityError:
        raise ValidationError(_("Your company has already answered this need.")) from None
    return given


def shortlist(need: Need, actor, chosen, *, dialogue: str) -> list[Answer]:
    """Shortlist ``chosen`` answers for early dialogue, record the dialogue on the case, and tell
    every company that answered how it went. Answers not chosen are declined."""
    if not can(actor, "needs.edit", need):
        raise PermissionDenied
    chosen_ids = {a.pk for a in chosen}
    if not chosen_ids:
        raise ValidationError(_("Choose at least one answer."))
    with transaction.atomic():
        answers = list(
            Answer.objects.select_for_update()
            .filter(need=need, status=Answer.Status.SUBMITTED)
            .select_related("company", "author")
        )
        if not chosen_ids <= {a.pk for a in answers}:
            raise ValidationError(_("Choose among the answers not yet decided."))
        for item in answers:
            item.status = (
                Answer.Status.SHORTLISTED if item.pk in chosen_ids else Answer.Status.DECLINED
            )
            item.save(update_fields=["status"])
        names = ", ".join(a.company.name for a in answers if a.pk in chosen_ids)
        case_services.add_comment(
            need.case,
            actor,
            _("Early dialogue on the need “%(need)s” with %(companies)s.\n\n%(dialogue)s")
            % {"need": need.title, "companies": names, "dialogue": dialogue.strip()},
            internal=True,
        )
        _open_early_dialogue(need.case, actor)
        audit.record(actor, "needs.shortlist", need, shortlisted=names)
        for item in answers:
            shortlisted = item.pk in chosen_ids
            notify.tell(
                [item.author],
                "needs.outcome",
                (
                    lambda: (
                        _("“%(need)s”: your answer is shortlisted for early dialogue")
                        % {"need": need.title}
                    )
                )
                if shortlisted
                else (
                    lambda: (
                        _("“%(need)s”: your answer is not taken further this time")
                        % {"need": need.title}
                    )
                ),
                url=need.get_absolute_url(),
            )
    return answers


def _open_early_dialogue(case, actor) -> None:
    """An innovation case with no procurement track yet is put on early dialogue with suppliers
    (through the process's own service, which audits it); a track already chosen is kept."""
    from slussen.process import services as process_services
    from slussen.process.models import InnovationCase

    ic = InnovationCase.objects.filter(case=case).first()
    if ic is not None and ic.procurement == InnovationCase.Procurement.NONE:
        process_services.update(
            ic, actor, "plans", procurement=InnovationCase.Procurement.EARLY_DIALOGUE
        )
