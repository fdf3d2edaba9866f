"""Every write of challenges: one transaction each, each with its audit event. State changes
go through the workflow engine (``workflows.py``).

An idea sent to a challenge is registered by intake exactly as any other (receipt, tracking
link, triage queue) and goes to the innovation unit of the challenge's running organisation;
this app adds only the ``Entry`` that says which challenge it answers. The panel's scores use
the fund's review mechanism (``slussen.core.scoring``). The owner's choice takes each chosen
case through the case workflow's own ``accept`` ("Accepted as an innovation case"), the one way
an idea enters the innovation process."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from slussen.accounts import people
from slussen.core import audit, notify, scoring, workflow
from slussen.core.permissions import can, require
from slussen.intake import services as intake_services

from .models import Challenge, Criterion, Entry, Review, Score
from .workflows import CHALLENGE_WORKFLOW

FIELDS = ("title", "description", "audience", "organisation", "opens_on", "closes_on")
OPTIONAL = ("title_en", "description_en")  # the English texts, when the owner gives them


def _check_people(organisation, owner, panel) -> None:
    people.check(owner, "challenges.owner", organisation)
    for person in panel:
        people.check(person, "challenges.panel", organisation)


def _check_dates(fields) -> None:
    if fields["closes_on"] < fields["opens_on"]:
        raise ValidationError(_("The challenge must close on or after the day it opens."))


def create(actor, *, owner, panel=(), criteria=(), **fields) -> Challenge:
    """A draft challenge; ``criteria``: rows of name_sv, name_en, weight."""
    require(actor, "challenges.create")
    _check_dates(fields)
    _check_people(fields["organisation"], owner, panel)
    with transaction.atomic():
        challenge = Challenge.objects.create(
            author=actor,
            owner=owner,
            state=workflow.initial_state(CHALLENGE_WORKFLOW),
            **{k: fields[k] for k in FIELDS},
            **{k: fields[k].strip() for k in OPTIONAL if k in fields},
        )
        challenge.panel.set(panel)
        if criteria:
            scoring.set_criteria("challenge", challenge, Criterion, Score, list(criteria))
        audit.record(
            actor,
            "challenges.create",
            challenge,
            owner=owner.pk,
            panel=sorted(p.pk for p in panel),
        )
    return challenge


def edit(challenge, actor, *, owner, panel, **fields) -> Challenge:
    """Change the challenge's text, dates, owner and panel (not once it is decided)."""
    require(actor, "challenges.manage", challenge)
    _check_dates(fields)
    _check_people(fields["organisation"], owner, panel)
    with transaction.atomic():
        challenge = _changeable(challenge)
        for name in FIELDS:
            setattr(challenge, name, fields[name])
        for name in OPTIONAL:
            if name in fields:
                setattr(challenge, name, fields[name].strip())
        challenge.owner = owner
        challenge.save()
        challenge.panel.set(panel)
        audit.record(
            actor,
            "challenges.edit",
            challenge,
            owner=owner.pk,
            panel=sorted(p.pk for p in panel),
        )
    return challenge


def _changeable(challenge) -> Challenge:
    """The challenge locked, as it is now: refused once decided."""
    locked = _locked(challenge)
    if locked.state.code == "decided":
        raise ValidationError(_("A decided challenge cannot be changed."))
    return locked


def set_criteria(challenge, actor, rows) -> list:
    """The evaluation criteria and their weights (1–10); one already scored is kept."""
    require(actor, "challenges.manage", challenge)
    with transaction.atomic():
        challenge = _changeable(challenge)
        kept = scoring.set_criteria("challenge", challenge, Criterion, Score, rows)
        audit.record(
            actor,
            "challenges.criteria",
            challenge,
            weights={str(r["name_sv"]): int(r["weight"]) for r in rows if r.get("name_sv")},
        )
    return kept


def _locked(challenge) -> Challenge:
    return Challenge.objects.select_for_update().select_related("state").get(pk=challenge.pk)


# --- Ideas ------------------------------------------------------------------------------------


def _enter(challenge, actor, register):
    """Register the idea through intake and record that it answers ``challenge``. The
    challenge is locked and checked again inside the transaction: an idea sent the moment
    it closes is refused, not half-taken."""
    with transaction.atomic():
        locked = _locked(challenge)
        if not can(actor, "challenges.submit", locked):
            raise PermissionDenied(_("This challenge does not take ideas from you now."))
        submission, token = register()
        Entry.objects.create(challenge=locked, case=submission.case)
        audit.record(actor, "challenges.submit", locked, case=submission.case.registry_number)
    return submission, token


def submit_idea(challenge, user, data: dict):
    """An employee's idea, through intake's employee way in, to the challenge's unit."""
    if not (user.is_authenticated and not user.is_external):
        raise PermissionDenied
    data = {**data, "organisation": challenge.organisation}
    return _enter(
        challenge, user, lambda: intake_services.submit_idea(user, data, from_draft=False)
    )


def submit_proposal(challenge, data: dict, *, language: str, client: str):
    """A proposal from anyone (a challenge for everyone), through intake's public way in."""
    data = {**data, "organisation": challenge.organisation, "area": None}

    def register():
        return intake_services.submit_proposal(data, language=language, client=client)

    return _enter(challenge, AnonymousUser(), register)


def submit_company(challenge, user, data: dict, *, language: str, client: str):
    """A logged-in company's answer (a challenge for companies or everyone), through intake's
    company way in, to the challenge's unit; the company follows it with its account."""

    def register():
        return intake_services.submit_company(
            data, language=language, client=client, user=user, organisation=challenge.organisation
        )

    return _enter(challenge, user, register)


# --- The panel's scores -----------------------------------------------------------------------


def score(entry, expert, scores: dict) -> Review:
    """``scores``: {criterion id: (value 1–5, comment)} for every criterion of the challenge.
    Scoring again replaces one's own scores."""
    challenge = entry.challenge
    with transaction.atomic():
        challenge = _locked(challenge)
        require(expert, "challenges.score", challenge)
        review, _created = Review.objects.select_for_update().get_or_create(
            entry=entry, expert=expert
        )
        criteria = list(challenge.criteria.all())
        scoring.save_scores(review, criteria, scores, Score)
        audit.record(
            expert,
            "challenges.score",
            challenge,
            case=entry.case.registry_number,
            scores={str(c.pk): scores[c.pk][0] for c in criteria},
        )
    return review


# --- The owner's decision ---------------------------------------------------------------------


def decide(challenge, actor, chosen, *, reason: str) -> list[Entry]:
    """Choose ``chosen`` entries: each case is accepted as an innovation case through the case
    workflow (assessed first if it is still new), the challenge is decided, and every
    participant is told the outcome – a notice and a mail to those with an account, a mail
    to the address a member of the public gave."""
    reason = (reason or "").strip()
    chosen_ids = {e.pk for e in chosen}
    if not chosen_ids:
        raise ValidationError(_("Choose at least one idea."))
    if not reason:
        raise ValidationError(_("Say why these ideas were chosen; every participant reads it."))
    with transaction.atomic():
        challenge = _locked(challenge)
        require(actor, "challenges.decide", challenge)
        entries = list(
            challenge.entries.select_related("case__state", "case__submitter", "case__submission")
        )
        if not chosen_ids <= {e.pk for e in entries}:
            raise ValidationError(_("Choose among the ideas sent to this challenge."))
        why = _("Chosen in the challenge “%(challenge)s”: %(reason)s") % {
            "challenge": challenge.local_title,
            "reason": reason,
        }
        for entry in entries:
            if entry.pk in chosen_ids:
                _accept(entry.case, actor, why)
                entry.outcome = Entry.Outcome.CHOSEN
            else:
                entry.outcome = Entry.Outcome.NOT_CHOSEN
            entry.save(update_fields=["outcome"])
        workflow.apply(challenge, "decide", actor, context={"chosen": sorted(chosen_ids)})
        audit.record(
            actor,
            "challenges.decide",
            challenge,
            chosen=[e.case.registry_number for e in entries if e.pk in chosen_ids],
        )
        for entry in entries:
            _tell_outcome(challenge, entry, reason)
    return entries


def _accept(case, actor, reason) -> None:
    """The case workflow's own way into the innovation process."""
    state = case.state.code
    if state == "accepted":
        return
    if state not in ("new", "assessing"):
        raise ValidationError(
            _("“%(case)s” is “%(state)s” in triage and cannot be chosen; reopen it first.")
            % {"case": case.registry_number, "state": case.state.label}
        )
    if state == "new":
        workflow.apply(case, "start_assessment", actor, reason=reason)
    workflow.apply(case, "accept", actor, reason=reason)


def _tell_outcome(challenge, entry, reason) -> None:
    case = entry.case
    chosen = entry.outcome == Entry.Outcome.CHOSEN
    url = challenge.get_absolute_url()

    def title():
        if chosen:
            return _("“%(challenge)s”: your idea “%(idea)s” is chosen") % {
                "challenge": challenge.local_title,
                "idea": case.title,
            }
        return _("“%(challenge)s”: your idea “%(idea)s” is not chosen this time") % {
            "challenge": challenge.local_title,
            "idea": case.title,
        }

    if case.submitter is not None:
        notify.tell([case.submitter], "challenges.outcome", title, url=url, body=reason)
        return
    address = case.submitter_email
    if address:
        submission = getattr(case, "submission", None)
        notify.email(
            address,
            "challenges/email/outcome",
            {
                "challenge": challenge,
                "case": case,
                "chosen": chosen,
                "reason": reason,
                "url": intake_services.tracking_url(submission) if submission else "",
            },
            submission.language if submission else None,
        )
