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
from slussen.cases import services as case_services
from slussen.cases import uploads
from slussen.cases.models import Kind as CaseKind
from slussen.core import audit, notify, workflow
from slussen.core.permissions import can, require

from . import defaults, letters
from .models import (
    Answer,
    Application,
    ApplicationFile,
    Assignment,
    BudgetLine,
    Call,
    CallStamp,
    Criterion,
    FollowUpReport,
    Milestone,
    Participant,
    Prescreening,
    Project,
    Question,
    Recommendation,
    Review,
    Score,
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


def revise_questions(call, actor, rows) -> int:
    """Publish a new version of the form. Earlier versions stay, so answers given to them
    keep their context; drafts move to the new version when next saved. A row that carries
    the ``key`` of a question of the call is that question, reworded or not: drafts keep
    their answers to it. Any other row is a new question."""
    rows = [r for r in rows if r.get("text_sv", "").strip()]
    if not rows:
        raise ValidationError(_("A form needs at least one question."))
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        known = {str(k) for k in call.questions.values_list("key", flat=True).distinct()}
        used = set()
        for row in rows:
            key = str(row.get("key") or "")
            row["key"] = key if key in known and key not in used else str(uuid.uuid4())
            used.add(row["key"])
        call.form_version += 1
        call.save(update_fields=["form_version", "updated"])
        Question.objects.bulk_create(
            Question(
                call=call,
                key=row["key"],
                version=call.form_version,
                order=i,
                section=row.get("section", "need"),
                text_sv=row["text_sv"].strip(),
                text_en=row.get("text_en", "").strip(),
                required=row.get("required", True),
            )
            for i, row in enumerate(rows)
        )
        audit.record(actor, "fund.call.questions", call, version=call.form_version, count=len(rows))
    return call.form_version


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
        questions = list(call.current_questions())
        application.answers.all().delete()
        Answer.objects.bulk_create(
            Answer(
                application=application,
                question=q,
                order=q.order,
                section=q.section,
                question_sv=q.text_sv,
                question_en=q.text_en,
                text=(answers.get(q.pk) or "").strip(),
            )
            for q in questions
        )
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
    answers = application.answers.select_related("question")
    unanswered = [a for a in answers if a.question and a.question.required and not a.text]
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
    if any(not 1 <= int(r.get("weight") or 0) <= 10 for r in rows):
        raise ValidationError(_("A weight is a whole number from 1 to 10."))
    with transaction.atomic():
        existing = {c.pk: c for c in call.criteria.all()}
        kept = []
        for order, row in enumerate(rows):
            criterion = existing.get(row.get("id")) or Criterion(call=call)
            criterion.order = order
            criterion.name_sv = row["name_sv"].strip()
            criterion.name_en = (row.get("name_en") or "").strip()
            criterion.weight = int(row["weight"])
            criterion.save()
            kept.append(criterion.pk)
        gone = call.criteria.exclude(pk__in=kept)
        scored = set(Score.objects.filter(criterion__in=gone).values_list("criterion", flat=True))
        gone.exclude(pk__in=scored).delete()
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
        if {c.pk for c in criteria} != set(scores) or any(
            not 1 <= value <= 5 for value, _c in scores.values()
        ):
            raise ValidationError(_("Score every criterion from 1 to 5."))
        review.scores.all().delete()
        Score.objects.bulk_create(
            Score(review=review, criterion=c, value=scores[c.pk][0], comment=scores[c.pk][1])
            for c in criteria
        )
        review.submitted_at = timezone.now()
        review.recommendation = recommendation
        review.save(update_fields=["submitted_at", "recommendation"])
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
):
    """Record the expert group's decision; the applicant gets the decision letter by e-mail.
    The grant never exceeds what was asked; the call's budget holds unless the head of the
    fund (``fund.override_budget``) overrides it with a written reason, which is logged."""
    motivation = motivation.strip()
    override_reason = override_reason.strip()
    if not motivation:
        raise ValidationError(_("Write the motivation; it is part of the decision letter."))
    if grant and not amount:
        raise ValidationError(_("Give the granted amount."))
    if override and not can(actor, "fund.override_budget"):
        raise PermissionDenied(_("Only the head of the fund may exceed the call's budget."))
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=application.call_id)
        over = False
        if grant:
            requested = application.budget_lines.aggregate(total=Sum("amount"))["total"] or 0
            if amount > requested:
                raise ValidationError(
                    _(
                        "The application asks for SEK %(requested)s; the grant cannot be "
                        "more than that."
                    )
                    % {"requested": _sek(requested)},
                    code="requested",
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
            updated=now,
        )
        application.refresh_from_db()
        if grant:
            start_project(application)
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


def start_project(application) -> Project:
    year = application.call.grant_year
    project = Project.objects.create(
        application=application, year=year, budget=application.granted_amount
    )
    FollowUpReport.objects.bulk_create(
        [
            FollowUpReport(project=project, kind="midterm", due=date(year, 6, 30)),
            FollowUpReport(project=project, kind="final", due=date(year + 1, 1, 31)),
        ]
    )
    audit.record(None, "fund.project.start", project, application=application.pk)
    return project


def submit_report(report, actor, **fields) -> FollowUpReport:
    require(actor, "fund.report", report.project)
    with transaction.atomic():
        for key, value in fields.items():
            setattr(report, key, value)
        report.submitted_at = timezone.now()
        report.save()
        audit.record(actor, "fund.report.submit", report.project, report=report.kind)
    return report


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
