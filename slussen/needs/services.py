"""Every write of the needs board: one transaction each, each with its audit event. State
changes of a need go through the workflow engine (``workflows.py``).

The needs board sits above the innovation process (like ``bokslut``): a shortlist puts an
innovation case without a procurement track on early dialogue through ``process.services``."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from slussen.accounts.roles import Role
from slussen.cases import services as case_services
from slussen.core import audit, notify, workflow
from slussen.core.permissions import can
from slussen.intake import services as intake_services

from .models import Answer, Need
from .workflows import NEED_WORKFLOW

FIELDS = ("title", "problem", "who", "requirements", "offer", "deadline", "audience")
ENGLISH = ("title_en", "problem_en", "who_en", "requirements_en", "offer_en")  # optional


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
            **{k: fields[k].strip() for k in ENGLISH if k in fields},
        )
        audit.record(actor, "needs.create", need, case=case.registry_number)
    return need


def set_english(need: Need, actor, **texts) -> Need:
    """Its handlers give or change the need's English texts (``ENGLISH``), until it closes."""
    with transaction.atomic():
        need = Need.objects.select_for_update().select_related("state", "case").get(pk=need.pk)
        if not can(actor, "needs.translate", need):
            raise PermissionDenied
        changed = [k for k in ENGLISH if k in texts and texts[k].strip() != getattr(need, k)]
        for name in changed:
            setattr(need, name, texts[name].strip())
        if changed:
            need.save(update_fields=[*changed, "updated"])
            audit.record(actor, "needs.english", need, fields=changed)
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


def own_answer(need: Need, user) -> Answer | None:
    """The answer the person's company gave to ``need``, if any (a read, for her pages)."""
    if not (user.is_authenticated and user.is_external):
        return None
    company = company_of(user)
    return need.answers.filter(company=company).first() if company else None


def answer(need: Need, actor, *, proposal: str, fulfils: str) -> Answer:
    """A logged-in company answers a published need with a solution proposal; the need's
    author is told."""
    if not (actor.is_authenticated and can(actor, "needs.answer", need)):
        raise PermissionDenied
    company = company_of(actor)
    if company is None:
        raise PermissionDenied
    return _give(need, company, actor, proposal=proposal, fulfils=fulfils)


def _give(need: Need, company, author, *, proposal: str, fulfils: str) -> Answer:
    """One answer per company and need: the same organisation, the same person or the same
    organisation number answering again is refused (the need's row is locked meanwhile)."""
    taken = _("Your company has already answered this need.")
    try:
        with transaction.atomic():
            Need.objects.select_for_update().filter(pk=need.pk).first()
            same = Q(company=company) | Q(author=author)
            if company.org_number:
                same |= Q(company__org_number=company.org_number)
            if Answer.objects.filter(same, need=need).exists():
                raise ValidationError(taken)
            given = Answer.objects.create(
                need=need, company=company, author=author, proposal=proposal, fulfils=fulfils
            )
            audit.record(author, "needs.answer", need, company=company.name)
            notify.tell(
                [need.author],
                "needs.answered",
                lambda: (
                    _("“%(need)s”: %(company)s answered")
                    % {"need": need.local_title, "company": company.name}
                ),
                url=need.get_absolute_url(),
            )
    except IntegrityError:
        raise ValidationError(taken) from None
    return given


def support(need: Need, actor, *, unit: str = "", note: str = ""):
    """An employee says the need is her unit's too: she supports and follows the need's case
    (once, however often she asks), and the case's handler sees where else the need is."""
    from slussen.intake.models import Supporter

    with transaction.atomic():
        if not can(actor, "needs.support", need):
            raise PermissionDenied
        known = Supporter.objects.filter(case=need.case, user=actor).exists()
        supporter = intake_services.join(
            need.case, actor, unit=unit, note=note, via=Supporter.Via.CASE
        )
        if not known:
            audit.record(actor, "needs.support", need, unit=supporter.unit)
    return supporter


# --- A company without an account answers through the company way in -------------------------

ANSWER_PURPOSE = "needs.answer"


def request_answer(need: Need, data: dict, *, language: str, client: str):
    """Keep an answer typed without log-in until the owner of the address confirms the link
    mailed there (intake's company way in): before that there is no answer, account or
    organisation. Returns the pending inquiry, or None when the address had too many links."""
    if not can(AnonymousUser(), "needs.answer", need):
        raise PermissionDenied
    typed = {k: data.get(k, "") for k in intake_services.INQUIRY_FIELDS if k in data}
    extra = {"need": need.pk, "proposal": data["proposal"], "fulfils": data["fulfils"]}
    return intake_services.request_company_inquiry(
        {**typed, "title": need.local_title},
        language=language,
        client=client,
        purpose=ANSWER_PURPOSE,
        extra=extra,
    )


@intake_services.on_confirmed(ANSWER_PURPOSE)
def answer_confirmed(data: dict, *, company, person):
    """The address is confirmed: the answer is the need's, if the need still takes answers
    from companies (published, for companies or everyone, before its deadline)."""
    extra = data.get("extra", {})
    need = Need.objects.select_related("state").filter(pk=extra.get("need")).first()
    if need is None or not can(AnonymousUser(), "needs.answer", need):
        raise ValidationError(
            _("The need no longer takes answers: its last day has passed or it is closed.")
        )
    _give(need, company, person, proposal=extra["proposal"], fulfils=extra["fulfils"])
    return (
        need.get_absolute_url(),
        _("Your answer was sent. You will be told the outcome by e-mail."),
    )


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
                        % {"need": need.local_title}
                    )
                )
                if shortlisted
                else (
                    lambda: (
                        _("“%(need)s”: your answer is not taken further this time")
                        % {"need": need.local_title}
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


def withdraw_with_case(case, actor) -> int:
    """``case`` ended or was made secret after its needs were published (``signals``): they
    leave the board, closed through the need's workflow in the name of who changed the case
    (an ended case's needs are hidden by the rules from that moment anyway), and every company
    that answered one is told, in words that say nothing of the case (the same whether it was
    closed, merged or made secret). Returns how many needs were closed."""
    from .rules import PUBLISHED

    closed = 0
    with transaction.atomic():
        needs = list(
            Need.objects.select_for_update()
            .filter(case=case, state__code=PUBLISHED)
            .select_related("state", "case__state", "case__organisation")
        )
        for need in needs:
            if can(actor, "needs.edit", need):
                workflow.apply(need, "close", actor)
                Need.objects.filter(pk=need.pk).update(withdrawn_with_case=True)
            closed += 1
            audit.record(actor, "needs.withdrawn", need, case=case.registry_number)
            authors = [a.author for a in need.answers.select_related("author")]
            notify.tell(
                authors,
                "needs.withdrawn",
                lambda need=need: (
                    _("“%(need)s” is no longer on the needs board and takes no more answers")
                    % {"need": need.local_title}
                ),
                url=reverse("needs:board"),
                body=lambda: _(
                    "Thank you for your answer: the unit that published the need keeps it."
                ),
            )
    return closed


def offer_again(case, actor) -> int:
    """``case`` was opened again after it ended (``signals``): the needs that left the board
    with it stay closed – no company is surprised by a need back on the board unseen – and its
    handlers (the case's handler and each need's author) are told which, with the way to take
    each up again through the need's workflow (``reopen``). Returns how many needs."""
    needs = list(
        Need.objects.filter(case=case, withdrawn_with_case=True, state__code="closed")
        .select_related("author", "case__handler")
        .order_by("pk")
    )
    with transaction.atomic():
        for need in needs:
            audit.record(actor, "needs.offered_again", need, case=case.registry_number)
            notify.tell(
                [need.case.handler, need.author],
                "needs.offered_again",
                lambda need=need: (
                    _(
                        "“%(need)s” left the needs board when its case ended: take it up again"
                        " if the need remains"
                    )
                    % {"need": need.title}
                ),
                url=need.get_absolute_url(),
                body=lambda: _(
                    "The case is open again. The need stays closed until you take it up again:"
                    " it becomes a draft, and the manager approves it before it is published."
                ),
            )
    return len(needs)


def taken_up_again(need) -> None:
    """The need was taken up again (``reopen``): it is a draft like any other from now on."""
    Need.objects.filter(pk=need.pk).update(withdrawn_with_case=False)
    need.withdrawn_with_case = False
