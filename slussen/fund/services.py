"""Every write of the innovation fund: one transaction each, each with its audit event."""

import uuid
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from slussen.accounts import people
from slussen.accounts.roles import Role
from slussen.cases import services as case_services
from slussen.cases import uploads
from slussen.cases.models import Kind as CaseKind
from slussen.core import audit, notify, scoring, workflow
from slussen.core.models import WorkflowState
from slussen.core.permissions import can, require

from . import defaults, formtypes, letters, selectors
from .models import (
    Answer,
    Application,
    ApplicationFile,
    Assignment,
    BudgetLine,
    Call,
    CallConditions,
    CallStamp,
    Criterion,
    FinalAssessment,
    FollowUpReport,
    FormKind,
    GrantAcceptance,
    Instalment,
    Milestone,
    Participant,
    Prescreening,
    Project,
    Question,
    QuestionType,
    Recommendation,
    ReportAnswer,
    ReportFile,
    ReportReview,
    ReportSpend,
    ReportStatus,
    Review,
    Score,
    ThreadMessage,
)
from .models import Kind as AppKind
from .workflows import FUND_WORKFLOW

SIGNOFF_REMINDER_AFTER = timedelta(days=3)
REPORT_REMINDER_BEFORE = timedelta(days=14)
REPORT_ESCALATE_AFTER = timedelta(days=14)
REPORT_REMINDER_EVERY = timedelta(days=7)
REVIEW_REMINDER_BEFORE = timedelta(days=3)
REVIEW_REMINDER_EVERY = timedelta(days=2)


def _language(user):
    return getattr(user, "language", None) or "sv"


def _sek(amount):
    return number_format(amount, force_grouping=True)


# --- Calls ------------------------------------------------------------------------------------


def create_call(actor, *, questions=None, criteria=None, **fields) -> Call:
    """A call with the default form and criteria (both can be changed afterwards)."""
    with transaction.atomic():
        call = Call.objects.create(**fields)
        Question.objects.bulk_create(
            Question(call=call, version=1, order=i, section="need", text_sv=sv, text_en=en)
            for i, (sv, en) in enumerate(questions or defaults.QUESTIONS)
        )
        Criterion.objects.bulk_create(
            Criterion(call=call, order=i, name_sv=sv, name_en=en)
            for i, (sv, en) in enumerate(criteria or defaults.CRITERIA)
        )
        audit.record(actor, "fund.call.create", call, title=call.title)
    return call


def update_call(call, actor, **fields) -> Call:
    with transaction.atomic():
        changed = {k: str(v) for k, v in fields.items() if getattr(call, k) != v}
        for key, value in fields.items():
            setattr(call, key, value)
        call.save()
        audit.record(actor, "fund.call.edit", call, changed=changed)
    return call


def set_reviewers(call, actor, *, prescreeners, experts) -> Call:
    """The call's pre-screeners and expert group: holders of those roles, nobody else."""
    for person in prescreeners:
        people.check(person, "fund.prescreener")
    for person in experts:
        people.check(person, "fund.expert")
    with transaction.atomic():
        call.prescreeners.set(prescreeners)
        call.experts.set(experts)
        audit.record(
            actor,
            "fund.call.reviewers",
            call,
            prescreeners=sorted(p.pk for p in prescreeners),
            experts=sorted(p.pk for p in experts),
        )
    return call


def revise_questions(call, actor, rows, *, form=FormKind.APPLICATION) -> int:
    """Publish a new version of the call's application form (or, with ``form="report"``, of
    its follow-up report form). Earlier versions stay, so answers given to them keep their
    context; drafts move to the new version when next saved. A row that carries a ``key``
    (a question of the call, or one given to a new row by the builder) is that question,
    reworded, retyped or moved: drafts keep their answers to it. Each row may carry ``type``,
    ``help_sv``/``help_en``, ``max_length``, ``options`` (a choice's options, a table's
    columns) and a condition: ``condition_key`` (another row's key) and ``condition_value``."""
    require(actor, "fund.manage")
    rows = _checked_rows(rows)
    version_field = "form_version" if form == FormKind.APPLICATION else "report_form_version"
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        current = call.questions.filter(form=form, version=getattr(call, version_field))
        new = [_question(call, form, 0, i, r) for i, r in enumerate(rows)]
        if [_same(q) for q in current] == [_same(q) for q in new]:
            return getattr(call, version_field)  # nothing changed (or the same form posted twice)
        version = getattr(call, version_field) + 1
        setattr(call, version_field, version)
        call.save(update_fields=[version_field, "updated"])
        Question.objects.bulk_create(
            _question(call, form, version, i, r) for i, r in enumerate(rows)
        )
        audit.record(
            actor, "fund.call.questions", call, version=version, count=len(rows), form=form
        )
    return version


# --- Drafts and submission -------------------------------------------------------------------


def save_draft(
    actor,
    call,
    *,
    application=None,
    fields,
    answers,
    participants=(),
    milestones=(),
    budget_lines=(),
    files=(),
    origin_case=None,
    token=None,
) -> Application:
    """Create or update a draft: its fields, answers (with the question text shown), the
    participant, time plan and budget rows, and new attachments. ``token`` comes with the
    form that starts a draft: posted again (a double click, the back button), it saves into
    the draft it started instead of starting another."""
    with transaction.atomic():
        if application is None and token:
            # One applicant's new drafts are made one at a time, so two posts of one form
            # cannot both find nothing and both create.
            get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
            application = Application.objects.filter(applicant=actor, draft_token=token).first()
        if application is None:
            application = Application(
                call=call,
                applicant=actor,
                state=workflow.initial_state(FUND_WORKFLOW),
                origin_case=origin_case,
                draft_token=token,
            )
            action = "fund.draft.create"
        else:
            application = Application.objects.select_for_update().get(pk=application.pk)
            require(actor, "fund.edit", application)
            action = "fund.draft.save"
        for key, value in fields.items():
            setattr(application, key, value)
        if "manager" in fields:
            _check_manager(application)
        application.form_version = call.form_version
        application.save()
        _save_answers(application, list(call.current_questions()), answers)
        for model, rows in (
            (Participant, participants),
            (Milestone, milestones),
            (BudgetLine, budget_lines),
        ):
            model.objects.filter(application=application).delete()
            model.objects.bulk_create(model(application=application, **row) for row in rows)
        for upload in files:
            _add_file(application, upload)
        audit.record(actor, action, application, call=call.pk)
    return application


def draft_for_token(actor, token):
    """The application a form with ``token`` already started, if any."""
    if not token:
        return None
    return Application.objects.filter(applicant=actor, draft_token=token).first()


def delete_draft(application, actor) -> None:
    """The applicant deletes a draft that never reached anyone (no registry case yet), with
    its rows and attachments."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        require(actor, "fund.delete", application)
        stored = [f.file for f in application.files.all()]
        audit.record(actor, "fund.draft.delete", application, title=application.title)
        application.delete()
        transaction.on_commit(lambda: [f.delete(save=False) for f in stored])


def _add_file(application, upload):
    content_type = uploads.check(upload)
    stored = ApplicationFile(
        application=application,
        filename=upload.name[:200],
        content_type=content_type,
        size=upload.size,
    )
    stored.file.save(upload.name, upload, save=False)
    try:
        stored.save()
    except Exception:
        stored.file.delete(save=False)
        raise
    return stored


def _check_manager(application) -> None:
    """The manager who signs off: a line manager of the application's organisation (or above),
    never the applicant."""
    if application.manager_id is None:
        return
    if application.manager_id == application.applicant_id:
        raise ValidationError(_("You cannot approve your own application."))
    people.check(application.manager, "fund.manager", application.organisation)


def missing_for_submission(application) -> list[str]:
    """What stops the application from being submitted, in words the applicant can act on."""
    problems = []
    call = application.call
    if application.kind not in call.accepted_kinds:
        problems.append(_("This call does not accept this kind of application."))
    if application.kind != AppKind.NEW and application.previous_id is None:
        problems.append(_("Name the earlier granted project that this application continues."))
    if not application.manager_id:
        problems.append(_("Name your manager, who must approve the application."))
    else:
        try:
            _check_manager(application)
        except ValidationError as error:
            problems.extend(error.messages)
    if not application.eligible:
        problems.append(_("Confirm that you are eligible to apply."))
    if not application.results_owned_by_region:
        problems.append(_("Confirm that the results are owned by the region."))
    if not application.goal.strip() or not application.benefit.strip():
        problems.append(_("Describe the goal, the benefit and the degree of innovation."))
    if not application.participants.exists():
        problems.append(_("List at least one participant."))
    if not application.milestones.exists():
        problems.append(_("Give a time plan."))
    if not application.budget_lines.exists():
        problems.append(_("Give a budget."))
    unanswered = unanswered_questions(application)
    if unanswered:
        problems.append(
            _("Answer every question (%(count)s unanswered).") % {"count": len(unanswered)}
        )
    return problems


def submit(application, actor, *, now=None) -> Application:
    """Submit a draft while the call is open: registry number, receipt, the manager's link."""
    now = now or timezone.now()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("call", "state", "manager", "organisation", "applicant")
            .get(pk=application.pk)
        )
        require(actor, "fund.submit", application)
        call = application.call
        if not call.is_open(now):
            raise ValidationError(
                _(
                    "The call “%(call)s” closed at %(time)s, so the application cannot be "
                    "submitted. It is kept as a draft."
                )
                % {
                    "call": call.title,
                    "time": timezone.localtime(call.closes_at).strftime("%Y-%m-%d %H:%M:%S"),
                }
                if now > call.closes_at
                else _("The call “%(call)s” opens at %(time)s. The application is kept as a draft.")
                % {
                    "call": call.title,
                    "time": timezone.localtime(call.opens_at).strftime("%Y-%m-%d %H:%M"),
                },
                code="closed",
            )
        problems = missing_for_submission(application)
        if problems:
            raise ValidationError(problems, code="incomplete")
        _freeze_answers(application)
        if application.case_id is None:
            application.case = case_services.open_case(
                kind=CaseKind.FUND_APPLICATION,
                title=application.title,
                description=application.summary,
                organisation=application.organisation,
                actor=actor,
                submitter=actor,
            )
        application.submitted_at = now
        application.save(update_fields=["case", "submitted_at", "updated"])
        workflow.apply(application, "submit", actor)
        context = {"application": application, "call": call}
        notify.email(actor.email, "fund/email/receipt", context, _language(actor))
        notify.email(
            application.manager.email,
            "fund/email/signoff_request",
            context,
            _language(application.manager),
        )
    return application


def withdraw(application, actor, reason="") -> Application:
    workflow.apply(application, "withdraw", actor, reason=reason)
    return application


# --- Manager sign-off ------------------------------------------------------------------------


def signoff(application, actor, *, approve: bool, comment: str) -> Application:
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError(_("Tell the applicant why you do not approve."))
    if not people.may_hold(actor, "fund.manager", application.organisation):
        raise PermissionDenied  # named before the rule, or no longer a manager there
    with transaction.atomic():
        workflow.apply(application, "approve" if approve else "decline", actor, reason=comment)
        now = timezone.now()
        Application.objects.filter(pk=application.pk).update(
            signoff_comment=comment, signoff_at=now, updated=now
        )
        application.refresh_from_db()
        notify.email(
            application.applicant.email,
            "fund/email/signoff_result",
            {"application": application, "approved": approve, "comment": comment},
            _language(application.applicant),
        )
    return application


def send_signoff_reminders(now=None) -> int:
    """Remind managers of applications that have waited for their sign-off for days."""
    now = now or timezone.now()
    due = now - SIGNOFF_REMINDER_AFTER
    waiting = Application.objects.filter(state__code="signoff", submitted_at__lte=due).exclude(
        signoff_reminded_at__gt=due
    )
    sent = 0
    for application in waiting.select_related("manager", "call", "case", "applicant"):
        with transaction.atomic():
            Application.objects.filter(pk=application.pk).update(signoff_reminded_at=now)
            notify.email(
                application.manager.email,
                "fund/email/signoff_request",
                {"application": application, "call": application.call, "reminder": True},
                _language(application.manager),
            )
            audit.record(None, "fund.signoff.remind", application)
        sent += 1
    return sent


# --- Step 1: pre-screening -------------------------------------------------------------------


def prescreen(application, actor, *, met: bool, reasons: str) -> Prescreening:
    reasons = reasons.strip()
    if not reasons:
        raise ValidationError(_("Give the reasons for your assessment."))
    with transaction.atomic():
        record = Prescreening.objects.create(
            application=application, prescreener=actor, met=met, reasons=reasons
        )
        workflow.apply(
            application, "prescreen_pass" if met else "prescreen_fail", actor, reason=reasons
        )
        if met:
            _fill_reviewers(application, actor)
        if not met:
            notify.email(
                application.applicant.email,
                "fund/email/prescreen_failed",
                {"application": application, "reasons": reasons},
                _language(application.applicant),
            )
    return record


# --- Step 2: expert review -------------------------------------------------------------------


def conflicted(application, expert) -> bool:
    """Known conflicts of interest: the expert applies, signs off or takes part in the
    project, or has declared a conflict for this application."""
    if expert.pk in (application.applicant_id, application.manager_id):
        return True
    emails = {e.lower() for e in application.participants.values_list("email", flat=True)}
    if expert.email and expert.email.lower() in emails:
        return True
    return Review.objects.filter(application=application, expert=expert, has_conflict=True).exists()


def _tell_assigned(application, experts):
    call = application.call
    notify.tell(
        experts,
        "fund.review_assigned",
        lambda: _("Review “%(title)s” (%(call)s)") % {"title": application.title, "call": call},
        url=reverse("fund:review", args=[application.pk]),
    )


def _fill_reviewers(application, actor=None) -> list:
    """Assign experts of the call until the application has the call's number of reviewers:
    the least loaded first (fewest assignments in the call), never one with a conflict."""
    call = application.call
    assigned = set(application.assignments.values_list("expert_id", flat=True))
    wanted = call.reviewers_per_application - len(assigned)
    if wanted <= 0:
        return []
    load = dict(
        Assignment.objects.filter(application__call=call)
        .values_list("expert_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    candidates = sorted(
        (e for e in call.experts.filter(is_active=True) if e.pk not in assigned),
        key=lambda e: (load.get(e.pk, 0), e.pk),
    )
    chosen = []
    for expert in candidates:
        if len(chosen) == wanted:
            break
        if not conflicted(application, expert):
            chosen.append(expert)
    Assignment.objects.bulk_create(
        Assignment(application=application, expert=e, assigned_by=actor) for e in chosen
    )
    if chosen:
        audit.record(
            actor, "fund.review.assign", application, experts=[e.pk for e in chosen], auto=True
        )
        _tell_assigned(application, chosen)
    return chosen


def assign_reviewers(application, actor, experts) -> list:
    """The coordinator names the application's experts by hand: holders of the expert role
    without a known conflict; they join the call's expert group."""
    require(actor, "fund.manage")
    experts = list(dict.fromkeys(experts))
    for expert in experts:
        people.check(expert, "fund.expert")
    refused = [e.full_name for e in experts if conflicted(application, e)]
    if refused:
        raise ValidationError(
            _("%(names)s cannot review this application: a conflict of interest.")
            % {"names": ", ".join(refused)},
            code="conflict",
        )
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        before = set(application.assignments.values_list("expert_id", flat=True))
        after = {e.pk for e in experts}
        application.assignments.exclude(expert_id__in=after).delete()
        new = [e for e in experts if e.pk not in before]
        Assignment.objects.bulk_create(
            Assignment(application=application, expert=e, assigned_by=actor) for e in new
        )
        application.call.experts.add(*experts)
        audit.record(actor, "fund.review.assign", application, experts=sorted(after), auto=False)
        if new:
            _tell_assigned(application, new)
    return experts


def assign_automatically(call, actor) -> int:
    """Give every application of the call in expert review its number of experts, balanced."""
    require(actor, "fund.manage")
    added = 0
    with transaction.atomic():
        Call.objects.select_for_update().get(pk=call.pk)
        waiting = call.applications.filter(state__code="review").select_related("call")
        for application in waiting.order_by("submitted_at", "pk"):
            added += len(_fill_reviewers(application, actor))
    return added


def send_review_reminders(now=None) -> int:
    """Remind assigned experts who have not reviewed as the call's review deadline nears (and
    after it), every other day, until they review or declare a conflict."""
    now = now or timezone.now()
    due = (
        Assignment.objects.filter(
            application__state__code="review",
            application__call__review_deadline__isnull=False,
            application__call__review_deadline__lte=now + REVIEW_REMINDER_BEFORE,
        )
        .select_related("application__call", "expert")
        .order_by("pk")
    )
    done = set(
        Review.objects.filter(application__state__code="review")
        .filter(Q(submitted_at__isnull=False) | Q(has_conflict=True))
        .values_list("application_id", "expert_id")
    )
    sent = 0
    for a in due:
        if (a.application_id, a.expert_id) in done:
            continue
        application, deadline = a.application, a.application.call.review_deadline
        sent += bool(
            notify.remind(
                f"fund-review:{a.application_id}:{a.expert_id}",
                [a.expert],
                "fund.review_due",
                lambda app=application, d=deadline: (
                    _("Review “%(title)s” by %(deadline)s")
                    % {
                        "title": app.title,
                        "deadline": timezone.localtime(d).strftime("%Y-%m-%d %H:%M"),
                    }
                ),
                url=reverse("fund:review", args=[a.application_id]),
                every=REVIEW_REMINDER_EVERY,
            )
        )
    return sent


def set_criteria(call, actor, rows) -> list:
    """The call's review criteria and their weights (1–10). A criterion already scored is
    kept (it can be renamed and reweighted, not removed)."""
    require(actor, "fund.manage")
    rows = [r for r in rows if (r.get("name_sv") or "").strip()]
    if not rows:
        raise ValidationError(_("A call needs at least one criterion."))
    with transaction.atomic():
        kept = scoring.set_criteria("call", call, Criterion, Score, rows)
        call.save(update_fields=["updated"])  # the overview ranks anew
        audit.record(
            actor,
            "fund.call.criteria",
            call,
            weights={str(r["name_sv"]): int(r["weight"]) for r in rows},
        )
    return kept


def declare(application, expert, *, has_conflict: bool, note="") -> Review:
    """The conflict-of-interest declaration that opens (or blocks) an expert's review."""
    require(expert, "fund.review", application)
    if application.state.code != "review":
        raise ValidationError(_("The application is not in expert review."))
    with transaction.atomic():
        review, created = Review.objects.get_or_create(
            application=application,
            expert=expert,
            defaults={"has_conflict": has_conflict, "conflict_note": note.strip()},
        )
        if not created:
            raise ValidationError(_("You have already declared for this application."))
        audit.record(expert, "fund.review.declare", application, conflict=has_conflict)
        if has_conflict:  # another expert takes the place
            application.assignments.filter(expert=expert).delete()
            _fill_reviewers(application)
    return review


def score(application, expert, scores: dict, *, recommendation="") -> Review:
    """``scores``: {criterion_id: (value 1–5, comment)} for every criterion of the call;
    ``recommendation``: grant, grant with changes or reject."""
    require(expert, "fund.review", application)
    if recommendation and recommendation not in Recommendation.values:
        raise ValidationError(_("Choose a recommendation."))
    with transaction.atomic():
        review = (
            Review.objects.select_for_update()
            .filter(application=application, expert=expert)
            .first()
        )
        if review is None:
            raise ValidationError(_("Declare any conflict of interest first."))
        if review.has_conflict:
            raise PermissionDenied(_("You declared a conflict of interest for this application."))
        if application.state.code != "review":
            raise ValidationError(_("The application is not in expert review."))
        criteria = list(application.call.criteria.all())
        scoring.save_scores(review, criteria, scores, Score, recommendation=recommendation)
        audit.record(
            expert,
            "fund.review.score",
            application,
            scores={str(c.pk): scores[c.pk][0] for c in criteria},
        )
    return review


# --- Decision meeting ------------------------------------------------------------------------


class BudgetExceeded(ValidationError):
    pass


def granted_sum(call) -> int:
    return (
        Application.objects.filter(call=call, granted_amount__isnull=False).aggregate(
            total=Sum("granted_amount")
        )["total"]
        or 0
    )


def decide(
    application,
    actor,
    *,
    grant: bool,
    amount=None,
    motivation: str,
    override=False,
    override_reason="",
    above_request_reason="",
    conditions=None,
):
    """Record the expert group's decision; the applicant gets the decision letter by e-mail.
    A grant comes with ``conditions`` (the call's when not given or left empty), which the
    project accepts; its acceptance row is made here, in the decision's transaction.
    A grant above what was asked needs a written reason; the call's budget holds unless the
    head of the fund (``fund.override_budget``) overrides it with a written reason. Both
    reasons are logged."""
    motivation = motivation.strip()
    override_reason = override_reason.strip()
    above_request_reason = (above_request_reason or "").strip()
    if not motivation:
        raise ValidationError(_("Write the motivation; it is part of the decision letter."))
    if grant and not amount:
        raise ValidationError(_("Give the granted amount."))
    if override and not can(actor, "fund.override_budget"):
        raise PermissionDenied(_("Only the head of the fund may exceed the call's budget."))
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=application.call_id)
        # Decisions of a call are taken one at a time (the call is locked): one already taken
        # (a second click, a batch sent twice) is named as such, never weighed again.
        state = Application.objects.filter(pk=application.pk).values_list("state", flat=True)
        state = WorkflowState.objects.get(pk=state.get())
        if state.code != "review":
            raise ValidationError(
                _("Already decided: %(state)s.") % {"state": state.label}, code="decided"
            )
        over = above = False
        if grant:
            requested = application.budget_lines.aggregate(total=Sum("amount"))["total"] or 0
            above = amount > requested
            if above and not above_request_reason:
                raise ValidationError(
                    _(
                        "The application asks for SEK %(requested)s; to grant more than that, "
                        "write why (it is logged)."
                    )
                    % {"requested": _sek(requested)},
                    code="requested",
                )
            if above:
                audit.record(
                    actor,
                    "fund.above_request",
                    application,
                    amount=amount,
                    requested=requested,
                    reason=above_request_reason,
                )
            total = granted_sum(call) + amount
            over = total > call.budget
            if over:
                if not override:
                    raise BudgetExceeded(
                        _(
                            "Granting SEK %(amount)s brings the call to SEK %(total)s, over its "
                            "budget of SEK %(budget)s. Only the head of the fund may exceed the "
                            "budget, with a reason."
                        )
                        % {
                            "amount": _sek(amount),
                            "total": _sek(total),
                            "budget": _sek(call.budget),
                        },
                        code="budget",
                    )
                if not override_reason:
                    raise BudgetExceeded(
                        _("Write why the call's budget may be exceeded; it is logged."),
                        code="budget",
                    )
                audit.record(
                    actor,
                    "fund.budget_override",
                    application,
                    total=total,
                    budget=call.budget,
                    reason=override_reason,
                )
        workflow.apply(application, "grant" if grant else "reject", actor, reason=motivation)
        now = timezone.now()
        Application.objects.filter(pk=application.pk).update(
            granted_amount=amount if grant else None,
            decision_motivation=motivation,
            decided_at=now,
            budget_override=over,
            budget_override_reason=override_reason if over else "",
            above_request_reason=above_request_reason if grant and above else "",
            updated=now,
        )
        application.refresh_from_db()
        if grant:
            start_project(application, conditions=conditions)
        application.letter = letters.attach(application, actor)
        application.save(update_fields=["letter"])
        notify.email(
            application.applicant.email,
            "fund/email/decision",
            {"application": application},
            _language(application.applicant),
        )
    return application


# --- Granted projects ------------------------------------------------------------------------


def start_project(application, *, conditions=None) -> Project:
    year = application.call.grant_year
    project = Project.objects.create(
        application=application, year=year, budget=application.granted_amount
    )
    own = (conditions or "").strip()
    GrantAcceptance.objects.create(
        project=project, conditions=own or call_conditions(application.call)
    )
    FollowUpReport.objects.bulk_create(
        [
            FollowUpReport(project=project, kind="midterm", due=date(year, 6, 30)),
            FollowUpReport(project=project, kind="final", due=date(year + 1, 1, 31)),
        ]
    )
    audit.record(
        None, "fund.project.start", project, application=application.pk, own_conditions=bool(own)
    )
    title = application.title
    notify.tell(
        [application.applicant],
        "fund.accept_grant",
        lambda: _("Accept the grant for “%(title)s” and its conditions") % {"title": title},
        url=project.get_absolute_url(),
        email=False,  # the decision letter is mailed
    )
    return project


def submit_report(report, actor, *, answers=None, **fields) -> FollowUpReport:
    """Submit a report at once (see ``save_report``)."""
    return save_report(report, actor, fields=fields, answers=answers, submit=True)


def project_step(project, actor, code, *, reason="") -> Project:
    """A step of the granted project (delay, resume, complete, cancel) through the engine;
    completing or cancelling also closes the application, in the same transaction."""
    with transaction.atomic():
        workflow.apply(project, code, actor, reason=reason)
        if code in ("complete", "cancel") and project.application.state.code == "granted":
            workflow.apply(
                project.application,
                "close",
                actor,
                reason=reason or _("The project is completed."),
            )
    return project


def send_followup_reminders(today=None) -> int:
    """Remind project owners of follow-up reports that are due soon or overdue."""
    today = today or timezone.localdate()
    now = timezone.now()
    due = FollowUpReport.objects.filter(
        submitted_at__isnull=True,
        due__lte=today + REPORT_REMINDER_BEFORE,
        project__status__in=["running", "delayed"],
    ).exclude(reminded_at__gt=now - REPORT_REMINDER_EVERY)
    sent = 0
    for report in due.select_related("project__application__applicant"):
        applicant = report.project.application.applicant
        with transaction.atomic():
            FollowUpReport.objects.filter(pk=report.pk).update(reminded_at=now)
            notify.email(
                applicant.email,
                "fund/email/report_reminder",
                {"report": report, "project": report.project, "overdue": report.due < today},
                _language(applicant),
            )
            audit.record(None, "fund.report.remind", report.project, report=report.kind)
        sent += 1
    # Long overdue: the manager who signed the application off hears of it.
    late = FollowUpReport.objects.filter(
        submitted_at__isnull=True,
        due__lt=today - REPORT_ESCALATE_AFTER,
        project__status__in=["running", "delayed"],
    ).select_related("project__application__manager", "project__application__case")
    for report in late:
        application = report.project.application
        label = workflow.describe(application.case) if application.case_id else application.title
        sent += bool(
            notify.remind(
                f"fund-report-escalated:{report.pk}",
                [application.manager],
                "fund.report_escalated",
                lambda label=label, r=report: (
                    _("%(project)s: the %(report)s was due %(due)s and is not in")
                    % {"project": label, "report": r.get_kind_display().lower(), "due": r.due}
                ),
                url=report.project.get_absolute_url(),
                every=REPORT_REMINDER_EVERY,
            )
        )
    return sent


# --- More information ------------------------------------------------------------------------


def ask_for_more_info(application, actor, *, question: str) -> ThreadMessage:
    """Send the application back to the applicant with a question (from pre-screening or
    expert review). The question is the step's reason: the applicant is told it in Slussen
    and by e-mail; the application as it stood is kept, so the reply shows as a difference."""
    question = question.strip()
    if not question:
        raise ValidationError(_("Write your question to the applicant."))
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        message = ThreadMessage.objects.create(
            application=application,
            author=actor,
            kind=ThreadMessage.Kind.QUESTION,
            text=question,
            state_code=application.state.code,
            snapshot=selectors.snapshot(application),
        )
        workflow.apply(application, "ask", actor, reason=question, message=message.pk)
    return message


def resubmit(application, actor, *, reply: str) -> ThreadMessage:
    """The applicant answers and sends the completed application back to the step it came
    from; the assigned experts and whoever asked are told."""
    reply = reply.strip()
    if not reply:
        raise ValidationError(_("Write your answer to the question."))
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        require(actor, "fund.resubmit", application)
        problems = missing_for_submission(application)
        if problems:
            raise ValidationError(problems, code="incomplete")
        _freeze_answers(application)  # as on the first submission: the form as it is now
        question = application.thread_messages.filter(kind=ThreadMessage.Kind.QUESTION).last()
        back_to = question.state_code if question else "prescreening"
        message = ThreadMessage.objects.create(
            application=application,
            author=actor,
            kind=ThreadMessage.Kind.REPLY,
            text=reply,
            state_code=back_to,
            snapshot=selectors.snapshot(application),
        )
        code = "resubmit" if back_to == "review" else "resubmit_prescreening"
        workflow.apply(application, code, actor, reason=reply, message=message.pk)
    return message


# --- Decisions in a batch ----------------------------------------------------------------------


def decide_batch(call, actor, rows) -> tuple[list, list]:
    """Decide several applications of ``call`` from the overview. Each row (``application``,
    ``grant``, ``amount``, ``motivation``, ``override``, ``override_reason``,
    ``above_request_reason``, ``conditions``) is decided as
    ``decide`` decides one – every rule checked, its own transaction, audit and letter – in
    the order given. Returns the decided applications and the refused rows, each with why
    (``(row, messages, code)``)."""
    require(actor, "fund.manage")
    decided, refused = [], []
    for row in rows:
        application = row["application"]
        try:
            if application.call_id != call.pk:
                raise ValidationError(_("The application belongs to another call."))
            decide(
                application,
                actor,
                grant=row["grant"],
                amount=row.get("amount"),
                motivation=row.get("motivation", ""),
                override=row.get("override", False),
                override_reason=row.get("override_reason", ""),
                above_request_reason=row.get("above_request_reason", ""),
                conditions=row.get("conditions"),
            )
        except (ValidationError, PermissionDenied) as error:
            words = getattr(error, "messages", None) or [str(error) or _("Not permitted.")]
            refused.append((row, words, getattr(error, "code", None)))
        else:
            decided.append(application)
    return decided, refused


# --- Post-award: acceptance, payment plan, reports, close-out --------------------------------


def coordinators():
    """The fund's coordinators, who follow every granted project."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__role=Role.COORDINATOR)
        .distinct()
        .order_by("pk")
    )


def call_conditions(call) -> str:
    conditions = CallConditions.objects.filter(call=call).first()
    return conditions.text if conditions else defaults.GRANT_CONDITIONS


def set_call_conditions(call, actor, text) -> str:
    """The conditions the call's grants come with unless a decision words its own. Saved
    unchanged (the call form sent again) it records nothing."""
    require(actor, "fund.manage")
    if text.strip() == call_conditions(call):
        return text.strip()
    with transaction.atomic():
        CallConditions.objects.update_or_create(call=call, defaults={"text": text.strip()})
        audit.record(actor, "fund.call.conditions", call)
    return text.strip()


def acceptance_of(project) -> GrantAcceptance:
    """The project's acceptance, only read: created with the grant (``start_project``, and for
    earlier projects by migration 0009); should a row still be missing, the call's conditions
    are shown unsaved and the row is made by the write that needs it."""
    acceptance = GrantAcceptance.objects.filter(project=project).first()
    if acceptance is None:
        acceptance = GrantAcceptance(
            project=project, conditions=call_conditions(project.application.call)
        )
    return acceptance


def _acceptance_for_update(project) -> GrantAcceptance:
    """The project's acceptance, locked, inside the caller's transaction (made if missing)."""
    GrantAcceptance.objects.get_or_create(
        project=project, defaults={"conditions": call_conditions(project.application.call)}
    )
    return GrantAcceptance.objects.select_for_update().get(project=project)


def set_conditions(project, actor, text) -> GrantAcceptance:
    """The coordinator words this grant's conditions, until the project has accepted them."""
    require(actor, "fund.manage")
    with transaction.atomic():
        acceptance = _acceptance_for_update(project)
        if acceptance.accepted_at:
            raise ValidationError(
                _("The project has accepted the conditions; they can no longer be changed."),
                code="accepted",
            )
        acceptance.conditions = text.strip()
        acceptance.save(update_fields=["conditions", "updated"])
        audit.record(actor, "fund.project.conditions", project)
    return acceptance


def accept_grant(project, actor) -> GrantAcceptance:
    """The applicant, or the manager who signed the application off, accepts the grant and its
    conditions: recorded with who and when; the coordinators are told."""
    require(actor, "fund.accept", project)
    with transaction.atomic():
        acceptance = _acceptance_for_update(project)
        if acceptance.accepted_at:
            raise ValidationError(
                _("The grant was already accepted by %(name)s on %(date)s.")
                % {
                    "name": acceptance.accepted_by or "—",
                    "date": timezone.localtime(acceptance.accepted_at).strftime("%Y-%m-%d"),
                },
                code="accepted",
            )
        acceptance.accepted_at = timezone.now()
        acceptance.accepted_by = actor
        acceptance.save(update_fields=["accepted_at", "accepted_by", "updated"])
        audit.record(actor, "fund.project.accept", project, conditions=acceptance.conditions[:2000])
        title = project.application.title
        notify.tell(
            coordinators(),
            "fund.grant_accepted",
            lambda: _("“%(title)s” has accepted the grant") % {"title": title},
            url=project.get_absolute_url(),
            email=False,
        )
    return acceptance


def _check_running(project) -> None:
    if project.status not in ("running", "delayed"):
        raise ValidationError(
            _("The project is %(status)s; its payments are settled.")
            % {"status": project.get_status_display().lower()},
            code="closed",
        )


def _accepted(project) -> bool:
    return GrantAcceptance.objects.filter(project=project, accepted_at__isnull=False).exists()


def set_payment_plan(project, actor, rows) -> list:
    """The instalments still to pay: ``rows`` of planned date, amount and optionally the report
    whose approval releases it. Paid instalments stay as they are; together with the plan they
    never come to more than the granted amount."""
    require(actor, "fund.manage")
    rows = [r for r in rows if r.get("amount")]
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        _check_running(project)
        paid = project.instalments.filter(paid_at__isnull=False)
        paid_sum = paid.aggregate(total=Sum("amount"))["total"] or 0
        total = paid_sum + sum(int(r["amount"]) for r in rows)
        if total > project.budget:
            raise ValidationError(
                _("The instalments come to SEK %(total)s, more than the SEK %(granted)s granted.")
                % {"total": _sek(total), "granted": _sek(project.budget)},
                code="over",
            )
        for row in rows:
            report = row.get("released_by")
            if report is not None and report.project_id != project.pk:
                raise ValidationError(_("Choose one of this project's reports."))
        project.instalments.filter(paid_at__isnull=True).delete()
        made = Instalment.objects.bulk_create(
            Instalment(
                project=project,
                planned=row["planned"],
                amount=int(row["amount"]),
                released_by=row.get("released_by"),
            )
            for row in rows
        )
        audit.record(
            actor,
            "fund.payment.plan",
            project,
            instalments=[[str(r["planned"]), int(r["amount"])] for r in rows],
            total=total,
        )
    return made


def mark_paid(instalment, actor) -> Instalment:
    """The coordinator marks an instalment paid: only once the grant is accepted, and once the
    report that releases it is approved."""
    require(actor, "fund.manage")
    with transaction.atomic():
        instalment = (
            Instalment.objects.select_for_update(of=("self",))
            .select_related("project__application", "released_by")
            .get(pk=instalment.pk)
        )
        project = instalment.project
        _check_running(project)
        if instalment.paid_at:
            raise ValidationError(_("The instalment is already marked paid."), code="paid")
        if not _accepted(project):
            raise ValidationError(
                _("The project has not accepted the grant yet; nothing is paid before."),
                code="not_accepted",
            )
        if not instalment.released:
            raise ValidationError(
                _("The instalment is released when the %(report)s is approved.")
                % {"report": instalment.released_by.get_kind_display().lower()},
                code="not_released",
            )
        paid = (
            project.instalments.filter(paid_at__isnull=False).aggregate(total=Sum("amount"))[
                "total"
            ]
            or 0
        )
        if paid + instalment.amount > project.budget:
            raise ValidationError(
                _("Paying this would come to more than the SEK %(granted)s granted.")
                % {"granted": _sek(project.budget)},
                code="over",
            )
        instalment.paid_at = timezone.now()
        instalment.paid_by = actor
        instalment.save(update_fields=["paid_at", "paid_by"])
        audit.record(
            actor, "fund.payment.paid", project, instalment=instalment.pk, amount=instalment.amount
        )
    return instalment


REPORT_FIELDS = ("progress", "results", "next_steps")


def report_missing(report) -> list[str]:
    """What stops the report from being submitted."""
    from .models import FollowUpReport as Model

    missing = [
        _("Fill in “%(field)s”.") % {"field": Model._meta.get_field(name).verbose_name}
        for name in REPORT_FIELDS
        if not (getattr(report, name) or "").strip()
    ]
    lines = set(report.project.application.budget_lines.values_list("pk", flat=True))
    given = set(report.spending.values_list("line_id", flat=True))
    if report.spent is None or (lines and lines - given):
        missing.append(_("Give the money used so far on each budget line."))
    return missing


def _report_state(report) -> ReportReview:
    review, _c = ReportReview.objects.select_for_update().get_or_create(
        report=report,
        defaults={"status": ReportStatus.SUBMITTED if report.submitted_at else ReportStatus.DRAFT},
    )
    return review


def _report_audience(project):
    """Told when a report arrives: the advisor of the case (and of the case the application
    started from) and the fund's coordinators."""
    application = project.application
    advisors = [
        c.handler for c in (application.case, application.origin_case) if c and c.handler_id
    ]
    return [*advisors, *coordinators()]


def save_report(report, actor, *, fields, spending=None, files=(), answers=None, submit=False):
    """Save a follow-up report as a draft, or submit it: its texts, the money used so far per
    budget line of the application (``spending``: {budget line id: amount}; their sum is the
    report's ``spent``) and new attachments. A submitted report is the coordinator's until it
    is approved or sent back for changes; only an accepted grant reports."""
    require(actor, "fund.report", report.project)
    with transaction.atomic():
        report = (
            FollowUpReport.objects.select_for_update(of=("self",))
            .select_related("project__application__case", "project__application__origin_case")
            .get(pk=report.pk)
        )
        project = report.project
        state = _report_state(report)
        if state.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
            raise ValidationError(_("The report is already submitted."), code="submitted")
        if project.status not in ("running", "delayed"):
            raise ValidationError(_("The project is closed."), code="closed")
        if submit and not _accepted(project):
            raise ValidationError(
                _("Accept the grant and its conditions before you submit a report."),
                code="not_accepted",
            )
        for key in (*REPORT_FIELDS, "spent"):
            if key in fields:
                setattr(report, key, fields[key])
        lines = set(project.application.budget_lines.values_list("pk", flat=True))
        if spending is not None and lines:
            if set(spending) - lines:
                raise ValidationError(_("Give the money used on the application's budget lines."))
            ReportSpend.objects.filter(report=report).delete()
            given = {pk: amount for pk, amount in spending.items() if amount is not None}
            ReportSpend.objects.bulk_create(
                ReportSpend(report=report, line_id=pk, amount=amount)
                for pk, amount in given.items()
            )
            report.spent = sum(given.values()) if given else None
        for upload in files:
            _add_report_file(report, upload, actor)
        if answers is not None:  # the call's typed report questions (the form builder's)
            call = project.application.call
            _save_answers(report, list(call.current_report_questions()), answers)
        now = timezone.now()
        if submit:
            problems = report_missing(report)
            if problems:
                raise ValidationError(problems, code="incomplete")
            report.submitted_at = now
            state.status = ReportStatus.SUBMITTED
        state.saved_at = now
        report.save()
        state.save()
        audit.record(
            actor,
            "fund.report.submit" if submit else "fund.report.save",
            project,
            report=report.kind,
        )
        if submit:
            title, kind = project.application.title, report.get_kind_display
            notify.tell(
                _report_audience(project),
                "fund.report_submitted",
                lambda: (
                    _("%(report)s of “%(title)s” has arrived") % {"report": kind(), "title": title}
                ),
                url=reverse("fund:report", args=[project.pk, report.pk]),
            )
    return report


def _add_report_file(report, upload, actor):
    content_type = uploads.check(upload)
    stored = ReportFile(
        report=report,
        filename=upload.name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    stored.file.save(upload.name, upload, save=False)
    try:
        stored.save()
    except Exception:
        stored.file.delete(save=False)
        raise
    return stored


def decide_report(report, actor, *, approve: bool, comment="") -> FollowUpReport:
    """The coordinator approves a submitted report, or sends it back for changes with a
    comment; the applicant is told either way."""
    require(actor, "fund.manage")
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError(_("Tell the project what to change."), code="comment")
    with transaction.atomic():
        report = (
            FollowUpReport.objects.select_for_update(of=("self",))
            .select_related("project__application__applicant")
            .get(pk=report.pk)
        )
        state = _report_state(report)
        if state.status != ReportStatus.SUBMITTED:
            raise ValidationError(_("The report is not awaiting a decision."), code="state")
        state.status = ReportStatus.APPROVED if approve else ReportStatus.CHANGES
        state.comment = comment
        state.decided_at = timezone.now()
        state.decided_by = actor
        state.save()
        if not approve:  # back with the project, reminded again until it comes back
            report.submitted_at = None
            report.save(update_fields=["submitted_at"])
        project = report.project
        audit.record(
            actor,
            "fund.report.approve" if approve else "fund.report.changes",
            project,
            report=report.kind,
            comment=comment,
        )
        title, kind = project.application.title, report.get_kind_display
        notify.tell(
            [project.application.applicant],
            "fund.report_decided",
            (lambda: _("Your %(report)s of “%(title)s” is approved")
             % {"report": kind().lower(), "title": title})
            if approve
            else (lambda: _("Changes are asked for in your %(report)s of “%(title)s”")
                  % {"report": kind().lower(), "title": title}),
            url=reverse("fund:report", args=[project.pk, report.pk]),
            body=comment,
        )  # fmt: skip
    return report


def close_out(project, actor, *, goal, text) -> Project:
    """Complete the project with the coordinator's final assessment (once the final report is
    approved): the project's complete step, which also closes the application."""
    require(actor, "fund.manage")
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the final assessment."), code="assessment")
    if goal not in FinalAssessment.Goal.values:
        raise ValidationError(_("Say whether the goal was met."), code="goal")
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if FinalAssessment.objects.filter(project=project).exists():
            raise ValidationError(_("The project already has its final assessment."), code="done")
        FinalAssessment.objects.create(project=project, goal=goal, text=text, assessed_by=actor)
        audit.record(actor, "fund.project.assess", project, goal=goal)
        project_step(project, actor, "complete", reason=text)
    return project


# --- The form builder ------------------------------------------------------------------------


def _checked_rows(rows) -> list[dict]:
    """The builder's rows, cleaned: rows without a Swedish text are dropped; each keeps its
    key (or gets one); a condition must point at a yes-or-no or choice question of the form,
    with one of its answers."""
    rows = [dict(r) for r in rows if (r.get("text_sv") or "").strip()]
    if not any(r.get("type") != QuestionType.SECTION for r in rows):
        raise ValidationError(_("A form needs at least one question."))
    used = set()
    for row in rows:
        try:
            key = str(uuid.UUID(str(row.get("key") or "")))
        except ValueError:
            key = formtypes.new_key()
        if key in used:
            key = formtypes.new_key()
        used.add(key)
        row["key"] = key
        row["type"] = row.get("type") or QuestionType.LONG_TEXT
        if row["type"] not in QuestionType.values:
            raise ValidationError(_("Choose the type of every question."))
        row["text_sv"] = row["text_sv"].strip()
        options = row.get("options") or []
        if row["type"] == QuestionType.CHOICE and len(options) < 2:
            raise ValidationError(
                _("“%(question)s” is a choice: give it at least two options.")
                % {"question": row["text_sv"]}
            )
        if row["type"] == QuestionType.TABLE and not options:
            raise ValidationError(
                _("“%(question)s” is a table: give it its columns.") % {"question": row["text_sv"]}
            )
        if row["type"] not in (QuestionType.CHOICE, QuestionType.TABLE):
            row["options"] = []
    by_key = {r["key"]: r for r in rows}
    for row in rows:
        seen, step = {row["key"]}, by_key.get(str(row.get("condition_key") or ""))
        while step is not None:
            if step["key"] in seen:
                raise ValidationError(
                    _("“%(question)s” depends, in a circle, on itself.")
                    % {"question": row["text_sv"]}
                )
            seen.add(step["key"])
            step = by_key.get(str(step.get("condition_key") or ""))
    for row in rows:
        target_key = str(row.get("condition_key") or "")
        if not target_key:
            row["condition_key"], row["condition_value"] = None, ""
            continue
        target = by_key.get(target_key)
        if target is None or target is row:
            raise ValidationError(
                _("“%(question)s” depends on a question that is not in the form.")
                % {"question": row["text_sv"]}
            )
        try:
            row["condition_value"] = formtypes.normalise_condition(
                target, row.get("condition_value", "")
            )
        except ValidationError as error:
            raise ValidationError(
                _("“%(question)s”: %(error)s")
                % {"question": row["text_sv"], "error": " ".join(error.messages)}
            ) from None
    return rows


def _question(call, form, version, order, row) -> Question:
    heading = row["type"] == QuestionType.SECTION
    return Question(
        call=call,
        form=form,
        key=row["key"],
        version=version,
        order=order,
        section=row.get("section", "need"),
        type=row["type"],
        text_sv=row["text_sv"],
        text_en=(row.get("text_en") or "").strip(),
        help_sv=(row.get("help_sv") or "").strip(),
        help_en=(row.get("help_en") or "").strip(),
        max_length=row.get("max_length") or None,
        options=row.get("options") or [],
        condition_key=row.get("condition_key") or None,
        condition_value=row.get("condition_value") or "",
        required=False if heading else row.get("required", True),
    )


def _same(q):
    """What makes two versions of a question the same question, asked the same way."""
    return (
        str(q.key),
        q.order,
        q.type,
        q.text_sv,
        q.text_en,
        q.help_sv,
        q.help_en,
        q.max_length,
        q.options,
        str(q.condition_key or ""),
        q.condition_value,
        q.required,
    )


def _answer_key(answer):
    return answer.key or (answer.question.key if answer.question_id else None)


def _save_answers(owner, questions, given) -> None:
    """The answers of a draft (an application, or a follow-up report) to ``questions``, by
    the question's stable key: ``given`` {key or question id: cleaned value}; a question not
    in ``given`` keeps the answer it had (an answer the form refused, a file not sent again).
    Each answer keeps its question as asked. An answer to a question since removed from the
    form is kept, after the others, until the application is submitted."""
    report = isinstance(owner, FollowUpReport)
    model, owner_field = (ReportAnswer, "report") if report else (Answer, "application")
    old = {}
    for a in model.objects.filter(**{owner_field: owner}).select_related("question"):
        old.setdefault(_answer_key(a), a)
    current = {q.key for q in questions}
    rows = []
    for q in questions:
        before = old.get(q.key)
        text, value = (before.text, before.value) if before else ("", None)
        missing = object()
        raw = given.get(q.key, given.get(str(q.key), given.get(q.pk, missing)))
        if raw is not missing and q.type != QuestionType.SECTION:
            if q.type == QuestionType.FILE:
                if raw:
                    application = owner.project.application if report else owner
                    stored = _add_file(application, raw)
                    text, value = stored.filename, {"file": stored.pk}
            else:
                text, value = formtypes.store(q, raw)
        fields = {
            owner_field: owner,
            "question": q,
            "key": q.key,
            "order": q.order,
            "type": q.type,
            "question_sv": q.text_sv,
            "question_en": q.text_en,
            "spec": q.spec(),
            "text": text,
            "value": value,
        }
        if not report:
            fields["section"] = q.section
        rows.append(model(**fields))
    removed = [a for k, a in old.items() if k is not None and k not in current]
    model.objects.filter(**{owner_field: owner}).exclude(pk__in=[a.pk for a in removed]).delete()
    model.objects.bulk_create(rows)
    for i, answer in enumerate(removed, start=len(rows)):
        model.objects.filter(pk=answer.pk).update(order=i)


def unanswered_questions(application) -> list:
    """The required questions of the application's form that are shown (their condition
    met) and not answered."""
    questions = list(
        application.call.questions.filter(
            version=application.form_version, form=FormKind.APPLICATION
        )
    )
    texts = {_answer_key(a): a.text for a in application.answers.select_related("question")}
    shown = formtypes.shown_keys(questions, texts)
    return [
        q
        for q in questions
        if q.required
        and q.type != QuestionType.SECTION
        and str(q.key) in shown
        and not texts.get(q.key)
    ]


def _freeze_answers(application) -> None:
    """On submission the answers become the snapshot of the form as it was: answers to
    questions removed from the form go, and those to questions not shown are emptied."""
    questions = list(
        application.call.questions.filter(
            version=application.form_version, form=FormKind.APPLICATION
        )
    )
    answers = list(application.answers.select_related("question"))
    keys = {q.key for q in questions}
    gone = [a.pk for a in answers if _answer_key(a) not in keys]
    texts = {_answer_key(a): a.text for a in answers}
    shown = formtypes.shown_keys(questions, texts)
    hidden = [a.pk for a in answers if str(_answer_key(a)) not in shown and a.pk not in gone]
    application.answers.filter(pk__in=gone).delete()
    application.answers.filter(pk__in=hidden).update(text="", value=None)


CLONED_FIELDS = (
    "description",
    "budget",
    "grant_year",
    "accepted_kinds",
    "reviewers_per_application",
)


def clone_call(call, actor, **fields) -> Call:
    """A new call from ``call``: its settings, its application and follow-up report forms
    as they are now (the questions keep their keys, so a continuation finds its answers), its
    criteria with their weights, its grants' conditions, its pre-screeners and experts;
    ``fields`` give the new title, dates and anything else that changes."""
    require(actor, "fund.manage")
    with transaction.atomic():
        data = {name: getattr(call, name) for name in CLONED_FIELDS}
        data.update(fields)
        prescreeners = data.pop("prescreeners", None)
        experts = data.pop("experts", None)
        conditions = data.pop("grant_conditions", None)
        conditions = call_conditions(call) if conditions is None else conditions.strip()
        new = Call.objects.create(**data, form_version=1, report_form_version=0)
        if conditions != defaults.GRANT_CONDITIONS:
            CallConditions.objects.create(call=new, text=conditions)
        for form, version in (
            (FormKind.APPLICATION, call.form_version),
            (FormKind.REPORT, call.report_form_version),
        ):
            questions = list(call.questions.filter(form=form, version=version))
            if questions and form == FormKind.REPORT:
                new.report_form_version = 1
            for q in questions:
                q.pk, q.call, q.version = None, new, 1
            Question.objects.bulk_create(questions)
        new.save(update_fields=["report_form_version"])
        Criterion.objects.bulk_create(
            Criterion(
                call=new, order=c.order, name_sv=c.name_sv, name_en=c.name_en, weight=c.weight
            )
            for c in call.criteria.all()
        )
        new.prescreeners.set(call.prescreeners.all() if prescreeners is None else prescreeners)
        new.experts.set(call.experts.all() if experts is None else experts)
        audit.record(actor, "fund.call.clone", new, source=call.pk, title=new.title)
    return new


# --- The call's change stamp -----------------------------------------------------------------


def stamp_calls(call_ids, what="applications") -> None:
    """Count a change of the calls ``call_ids`` (ids, or a query of them) in their
    ``CallStamp``: ``what`` is ``applications`` (the applications themselves: statistics and
    overview) or ``details`` (reviews, scores, budgets, criteria: the overview only). Called
    in the writing transaction by every save or delete of those rows (``signals.stamp_call``)
    and every change of applications made in bulk (``ApplicationQuerySet.update``), so that
    whoever reads the new count reads the new rows; what is kept under the old count
    (``selectors._ranked``, ``selectors.cached_statistics``) is never read again."""
    CallStamp.objects.filter(call_id__in=call_ids).update(**{what: F(what) + 1})


# --- Across applications ---------------------------------------------------------------------

REVIEW_ASKED_EVERY = timedelta(hours=12)


def remind_reviewers(applications, actor) -> int:
    """The coordinator reminds the assigned experts of the chosen applications in expert
    review who have neither reviewed nor declared a conflict. Each expert at most once per
    application in ``REVIEW_ASKED_EVERY`` (a second click reminds no one again). Returns how
    many were reminded."""
    require(actor, "fund.manage")
    waiting = [a for a in applications if a.state.code == "review"]
    done = set(
        Review.objects.filter(application__in=waiting)
        .filter(Q(submitted_at__isnull=False) | Q(has_conflict=True))
        .values_list("application_id", "expert_id")
    )
    assignments = (
        Assignment.objects.filter(application__in=waiting)
        .select_related("application__call", "expert")
        .order_by("application_id", "pk")
    )
    sent = 0
    with transaction.atomic():
        reminded = {}
        for a in assignments:
            if (a.application_id, a.expert_id) in done:
                continue
            deadline = a.application.call.review_deadline
            if notify.remind(
                f"fund-review-asked:{a.application_id}:{a.expert_id}",
                [a.expert],
                "fund.review_due",
                lambda app=a.application, d=deadline: (
                    _("Review “%(title)s” by %(deadline)s")
                    % {
                        "title": app.title,
                        "deadline": timezone.localtime(d).strftime("%Y-%m-%d %H:%M"),
                    }
                    if d
                    else _("Please review “%(title)s”") % {"title": app.title}
                ),
                url=reverse("fund:review", args=[a.application_id]),
                every=REVIEW_ASKED_EVERY,
            ):
                sent += 1
                reminded.setdefault(a.application, []).append(a.expert.email)
        for application, experts in reminded.items():
            audit.record(actor, "fund.review.remind", application, experts=experts)
    return sent
