import io
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from slussen.cases.models import Case
from slussen.core import audit, layout, spreadsheet, workflow
from slussen.core.forms import list_filters
from slussen.core.permissions import can, require

from . import defaults, formtypes, models, selectors, services
from .forms import (
    ApplicationForm,
    AskForm,
    AssignForm,
    BatchRowForm,
    BudgetFormSet,
    BuilderFormSet,
    CallForm,
    CloseOutForm,
    ConditionsForm,
    CriterionFormSet,
    DecisionForm,
    DeclarationForm,
    InstalmentFormSet,
    MilestoneFormSet,
    ParticipantFormSet,
    PrescreenForm,
    ProjectReportForm,
    ProjectStepForm,
    QuestionsForm,
    ReplyForm,
    ReportDecisionForm,
    ScoreForm,
    SignoffForm,
    YearForm,
)
from .models import (
    Answer,
    Application,
    Call,
    FollowUpReport,
    FormKind,
    Project,
    QuestionType,
    ReportFile,
    Review,
)


def _application(request, pk, action=None):
    """An application the user may see; otherwise 404, so that existence does not leak."""
    application = get_object_or_404(selectors.application_detail(pk), pk=pk)
    require(request.user, "fund.view", application, hide=True)
    if action:
        require(request.user, action, application)
    return application


def _error_text(error):
    return " ".join(error.messages)


# --- Start page and calls --------------------------------------------------------------------


@login_required
def index(request):
    user = request.user
    require(user, "fund.apply")
    context = {
        "open_calls": selectors.open_calls(),
        "mine": selectors.my_applications(user)[:50],
        "signoffs": selectors.signoffs_for(user),
        "prescreening": selectors.prescreening_queue(user),
        "reviewing": selectors.review_queue(user),
        "projects": Project.objects.filter(application__applicant=user)
        .select_related("application__case")
        .prefetch_related("reports"),
    }
    status = 200
    if can(user, "fund.manage"):
        from .forms import SearchForm

        context["calls"] = Call.objects.all()
        form = context["search_form"] = SearchForm(request.GET or None)
        filters = list_filters(form, find=lambda q="": selectors.search_applications(q))
        context["searched"] = filters is None or bool(filters.get("q"))
        if filters and filters.get("q"):
            found = selectors.search_applications(filters["q"])
            context["found"] = found[: selectors.SEARCH_LIMIT]
        status = 400 if filters is None else 200
    return render(request, "fund/index.html", context, status=status)


def call_detail(request, pk):
    call = get_object_or_404(Call, pk=pk)
    return render(
        request,
        "fund/call_detail.html",
        {
            "call": call,
            "questions": call.current_questions(),
            "criteria": call.criteria.all(),
            "is_open": call.is_open(),
            # The grants' conditions are the coordinator's to word (the project reads its own).
            "conditions": services.call_conditions(call)
            if can(request.user, "fund.manage")
            else None,
        },
    )


@login_required
def call_form(request, pk=None):
    require(request.user, "fund.manage")
    call = get_object_or_404(Call, pk=pk) if pk else None
    conditions = services.call_conditions(call) if call else defaults.GRANT_CONDITIONS
    form = CallForm(request.POST or None, instance=call, conditions=conditions)
    if request.method == "POST" and form.is_valid():
        own = ("prescreeners", "experts", "grant_conditions")
        data = {k: v for k, v in form.cleaned_data.items() if k not in own}
        with transaction.atomic():
            if call is None:
                call = services.create_call(request.user, **data)
            else:
                services.update_call(call, request.user, **data)
            services.set_call_conditions(call, request.user, form.cleaned_data["grant_conditions"])
            services.set_reviewers(
                call,
                request.user,
                prescreeners=form.cleaned_data["prescreeners"],
                experts=form.cleaned_data["experts"],
            )
        messages.success(request, _("The call was saved."))
        return redirect(call)
    status = 400 if form.errors else 200
    return render(request, "fund/call_form.html", {"form": form, "call": call}, status=status)


@login_required
def call_overview(request, pk):
    call = get_object_or_404(Call, pk=pk)
    require(request.user, "fund.call_overview", call)
    from .forms import SearchForm

    form = SearchForm(request.GET or None)
    filters = list_filters(
        form, find=lambda q="": selectors.search_applications(q, call=call) if q else None
    )
    q = (filters or {}).get("q", "")
    page, totals = selectors.call_overview(call, request.GET.get("page"), q=q)
    if filters is None:  # nothing, as the list says: never the whole call as if it matched
        page.object_list = []
    return render(
        request,
        "fund/call_overview.html",
        {
            "call": call,
            "form": form,
            "page": page,
            "rows": page.object_list,
            "totals": totals,
            "may_decide": can(request.user, "fund.manage"),
        },
        status=400 if filters is None else 200,
    )


def call_results(request, pk):
    """The public list of a call's decisions."""
    call = get_object_or_404(Call, pk=pk)
    decided = list(selectors.public_decisions(call))
    granted = [a for a in decided if a.granted_amount is not None]
    return render(
        request,
        "fund/call_results.html",
        {
            "call": call,
            "granted": granted,
            "rejected_count": len(decided) - len(granted),
            "granted_total": sum(a.granted_amount for a in granted),
        },
    )


@login_required
def from_case(request, pk):
    """ "Apply to the innovation fund" from a case page: the open call's form, filled in from
    the case; with several calls open, the applicant chooses."""
    case = get_object_or_404(Case, pk=pk)
    require(request.user, "case.view", case, hide=True)
    require(request.user, "fund.apply")
    calls = list(selectors.open_calls())
    if len(calls) == 1:
        return redirect(reverse("fund:apply", args=[calls[0].pk]) + f"?case={case.pk}")
    if not calls:
        messages.info(request, _("No call of the innovation fund is open just now."))
        return redirect(case)
    return render(request, "fund/from_case.html", {"case": case, "calls": calls})


# --- The application form --------------------------------------------------------------------


def _formsets(request, application, user, earlier=None):
    if earlier is not None:  # a continuation: the same people, a new plan and budget
        participants = [
            {k: getattr(p, k) for k in ("name", "role", "organisation", "email")}
            for p in earlier.participants.all()
        ]
        milestones, budget = [], []
    elif application is not None and application.pk:
        participants = [
            {k: getattr(p, k) for k in ("name", "role", "organisation", "email")}
            for p in application.participants.all()
        ]
        milestones = [
            {"activity": m.activity, "start": m.start, "end": m.end}
            for m in application.milestones.all()
        ]
        budget = [{"item": b.item, "amount": b.amount} for b in application.budget_lines.all()]
    else:
        first_org = user.memberships.select_related("organisation").first()
        participants = [
            {
                "name": user.full_name,
                "role": _("Project manager"),
                "organisation": first_org.organisation.name if first_org else "",
                "email": user.email,
            }
        ]
        milestones, budget = [], []
    data = request.POST if request.method == "POST" else None
    return (
        ParticipantFormSet(data, initial=participants, prefix="participants"),
        MilestoneFormSet(data, initial=milestones, prefix="milestones"),
        BudgetFormSet(data, initial=budget, prefix="budget"),
    )


def _rows(formset):
    """The rows of a table that are filled in and valid (the others stay on the page, named
    in the error summary, until corrected)."""
    return [f.cleaned_data for f in formset.forms if f.is_valid() and f.cleaned_data]


def _table_errors(formset, caption):
    """Every error of a table as (anchor, text) for the summary, with its row and column."""
    errors = []
    first = next(iter(formset.empty_form), None)
    for error in formset.non_form_errors():
        errors.append((f"{formset.prefix}-table", f"{caption}: {error}"))
    for row, form in enumerate(formset.forms, start=1):
        if not form.is_bound or not form.errors:
            continue
        for error in form.non_field_errors():
            anchor = form[first.name].id_for_label if first else ""
            text = _("%(table)s, row %(row)s: %(error)s")
            errors.append((anchor, text % {"table": caption, "row": row, "error": error}))
        for field in form:
            for error in field.errors:
                text = _("%(table)s, row %(row)s, %(column)s: %(error)s")
                values = {"table": caption, "row": row, "column": field.label, "error": error}
                errors.append((field.id_for_label, text % values))
    return errors


def _token(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _already_submitted(request, application):
    messages.info(request, _("This application is already submitted."))
    return redirect(application)


@login_required
def application_form(request, call_pk=None, pk=None):
    user = request.user
    if pk is not None:
        application = _application(request, pk)
        if application.applicant_id == user.pk and application.state.code not in (
            "draft",
            "more_info",
        ):
            return _already_submitted(request, application)  # a second click on submit
        require(user, "fund.edit", application)
        call = application.call
        origin = application.origin_case
    else:
        require(user, "fund.apply")
        application = None
        call = get_object_or_404(Call, pk=call_pk)
        if request.method == "POST":
            # The same new form posted again saves into the draft it started.
            application = services.draft_for_token(user, _token(request.POST.get("draft_token")))
            if application is not None and application.state.code != "draft":
                return _already_submitted(request, application)
        if application is None and timezone.now() > call.closes_at:
            messages.error(request, _("The call has closed; no new applications can be started."))
            return redirect(call)
        origin = application.origin_case if application else None
        case_pk = request.POST.get("origin_case") or request.GET.get("case")
        if case_pk and application is None:
            origin = get_object_or_404(Case.objects.select_related("organisation"), pk=case_pk)
            require(user, "case.view", origin, hide=True)
    questions = list(call.current_questions())
    answers = {}
    if application is not None:
        answers = {
            services._answer_key(a): a for a in application.answers.select_related("question")
        }
    initial, earlier = {}, None
    if application is None and request.method == "GET" and request.GET.get("continue"):
        earlier = _earlier(request, request.GET["continue"])
        answers = _copied_answers(earlier, questions)
    if application is None:
        membership = user.memberships.first()
        initial = {
            "organisation": membership.organisation_id if membership else None,
            "kind": call.accepted_kinds[0] if call.accepted_kinds else None,
            "draft_token": uuid.uuid4(),
        }
        if origin is not None:
            initial.update(
                title=origin.title,
                summary=origin.description,
                organisation=origin.organisation_id,
                origin_case=origin.pk,
            )
        if earlier is not None:
            kind = "continuation" if "continuation" in call.accepted_kinds else initial["kind"]
            initial.update(
                kind=kind,
                previous=earlier.pk,
                manager_email=earlier.manager,
                applicant_gender=earlier.applicant_gender,
                **{
                    k: getattr(earlier, k)
                    for k in ("title", "summary", "goal", "benefit", "sector")
                },
                organisation=earlier.organisation_id,
            )
    form = ApplicationForm(
        request.POST or None,
        request.FILES or None,
        instance=application or Application(call=call, applicant=user),
        initial=initial,
        user=user,
        call=call,
        questions=questions,
        answers=answers,
    )
    formsets = _formsets(request, application, user, earlier)
    notice = None
    if request.method == "POST":
        submitting = request.POST.get("action") == "submit"
        tables_ok = all([fs.is_valid() for fs in formsets])  # every table checked
        fields_ok = form.is_valid()
        saved = False
        # An answer the form refuses (a letter in a number, a table's cell) stays on the page,
        # named at the top; the draft saves everything else.
        if fields_ok or form.only_answer_errors():
            participants, milestones, budget = (_rows(fs) for fs in formsets)
            upload = form.cleaned_data.get("attachment")
            try:
                application = services.save_draft(
                    user,
                    call,
                    application=application,
                    fields=form.model_fields(),
                    answers=form.answers(),
                    participants=participants,
                    milestones=milestones,
                    budget_lines=budget,
                    files=[upload] if upload else [],
                    origin_case=origin,
                    token=form.cleaned_data.get("draft_token"),
                )
            except ValidationError as error:
                form.add_error("attachment", error)
            else:
                saved = True
        fields_ok = fields_ok and not form.errors
        if saved and tables_ok and fields_ok and application.state.code == "more_info":
            # Sent back for more information: saved, then answered and sent on its page.
            messages.success(
                request, _("Your changes are saved. Answer the question and send them back.")
            )
            return redirect(reverse("fund:application", args=[application.pk]) + "#reply")
        if saved and tables_ok and fields_ok and not submitting:
            messages.success(request, _("Your draft is saved."))
            return redirect("fund:edit", pk=application.pk)
        if saved and submitting and not (tables_ok and fields_ok):
            # Not submitted, but everything else that stops it is named at once.
            for message in services.missing_for_submission(application):
                form.add_error(None, message)
            _name_unanswered(form, application)
        if saved and tables_ok and fields_ok:
            try:
                services.submit(application, user)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
                _name_unanswered(form, application)
            else:
                messages.success(request, _("Your application is submitted."))
                return redirect(application)
        if not saved:
            notice = "unsaved"
        elif submitting:
            notice = "not_submitted"
        elif not tables_ok:
            notice = "saved_except_tables"
        else:
            notice = "saved_except_answers"
    status = 400 if request.method == "POST" else 200
    participants, milestones, budget = formsets
    extra_errors = []
    for formset, caption in (
        (participants, _("Participants")),
        (milestones, _("Time plan")),
        (budget, _("Budget")),
    ):
        if formset.is_bound:
            extra_errors += _table_errors(formset, caption)
    return render(
        request,
        "fund/application_form.html",
        {
            "form": form,
            "call": call,
            "application": application,
            "origin": origin,
            "participants": participants,
            "milestones": milestones,
            "budget": budget,
            "extra_errors": extra_errors,
            "notice": notice,
            "removed_answers": _removed_answers(application, questions),
        },
        status=status,
    )


def _earlier(request, pk):
    """A granted application of the user or of their organisation, to continue."""
    user = request.user
    try:
        pk = int(pk)
    except ValueError:
        raise Http404 from None
    own_orgs = user.memberships.values("organisation_id")
    return get_object_or_404(
        Application.objects.filter(granted_amount__isnull=False)
        .filter(Q(applicant=user) | Q(organisation_id__in=own_orgs))
        .prefetch_related("participants", "answers__question"),
        pk=pk,
    )


def _copied_answers(earlier, questions):
    """The earlier application's answers for this form: by the question's key within a call,
    by its Swedish text across calls. A table's rows are copied too, each row fitted to the
    new question's columns; a file is not (it is sent again)."""
    by_key, by_text = {}, {}
    for a in earlier.answers.all():
        key = services._answer_key(a)
        if key:
            by_key[key] = a
        by_text[a.question_sv] = a
    copied = {}
    for q in questions:
        answer = by_key.get(q.key) or by_text.get(q.text_sv)
        if answer is None:
            copied[q.key] = ""
        elif q.type == QuestionType.TABLE:
            width = len(q.options or [])
            rows = answer.value if isinstance(answer.value, list) else []
            copied[q.key] = Answer(
                text=answer.text,
                value=[([str(c) for c in r] + [""] * width)[:width] for r in rows if r],
            )
        else:
            copied[q.key] = answer.text
    return copied


def _name_unanswered(form, application):
    """Each required question shown and left unanswered, named at its field and in the
    summary."""
    unanswered = {q.key for q in services.unanswered_questions(application)}
    for q, name in form.question_fields:
        if q.key in unanswered and name not in form.errors:
            form.add_error(name, _("Answer this question."))


def _removed_answers(application, questions):
    """A draft's answers to questions since removed from the form: shown until submitted."""
    if application is None or application.pk is None or application.state.code != "draft":
        return []
    keys = {q.key for q in questions}
    answers = application.answers.select_related("question")
    return [a for a in answers if a.text and services._answer_key(a) not in keys]


@login_required
def delete_draft(request, pk):
    """Asks first; deletes on a confirmed POST."""
    application = _application(request, pk, "fund.delete")
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        services.delete_draft(application, request.user)
        title = application.title
        messages.success(request, _("The draft “%(title)s” is deleted.") % {"title": title})
        return redirect("fund:index")
    status = 400 if request.method == "POST" else 200
    return render(request, "fund/delete_draft.html", {"application": application}, status=status)


# --- Reading an application and acting on it --------------------------------------------------


def _detail_context(request, application, **extra):
    user = request.user
    state = application.state.code
    context = {
        "application": application,
        "answers": application.answer_list,
        "show_internal": can(user, "fund.manage")
        or can(user, "fund.prescreen", application)
        or can(user, "fund.review", application),
        **extra,
    }
    if state == "prescreening" and can(user, "fund.prescreen", application):
        context.setdefault("prescreen_form", PrescreenForm())
    context["actions"] = {
        "edit": can(user, "fund.edit", application),
        "signoff": state == "signoff" and can(user, "fund.signoff", application),
        "review": state == "review" and can(user, "fund.review", application),
        "decide": state == "review" and can(user, "fund.decide", application),
        "withdraw": can(user, "fund.withdraw", application),
        "case": bool(application.case_id) and context["show_internal"],
        "prescreen": "prescreen_form" in context,
    }
    if context["show_internal"]:
        context["prescreenings"] = application.prescreenings.select_related("prescreener")
        context["summary"], context["criteria"] = selectors.application_scores(application)
    _thread_context(context, user, application)
    if application.case_id:
        context["events"] = application.case.events.filter(
            visible_to_submitter=True
        ).select_related("actor")
    return context


@login_required
def application_detail(request, pk):
    application = _application(request, pk)
    return render(request, "fund/application_detail.html", _detail_context(request, application))


@login_required
def download(request, pk, file_pk):
    application = _application(request, pk)
    stored = get_object_or_404(application.files.all(), pk=file_pk)
    audit.record(request.user, "fund.download", application, file=stored.pk)
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.filename,
        content_type=stored.content_type,
    )


@login_required
def letter(request, pk):
    """The decision letter as a PDF, for whoever may read the application."""
    application = _application(request, pk)
    if application.letter_id is None:
        raise Http404
    stored = application.letter
    audit.record(request.user, "fund.letter.read", application)
    return FileResponse(
        stored.file.open("rb"), filename=stored.filename, content_type="application/pdf"
    )


@login_required
@require_POST
def withdraw(request, pk):
    application = _application(request, pk, "fund.withdraw")
    services.withdraw(application, request.user, request.POST.get("reason", ""))
    messages.success(request, _("Your application is withdrawn."))
    return redirect(application)


@login_required
def signoff(request, pk):
    application = _application(request, pk, "fund.signoff")
    form = SignoffForm(request.POST or None)
    waiting = application.state.code == "signoff"
    if request.method == "POST" and waiting and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.signoff(
                application, request.user, approve=approve, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            form.add_error("comment", error)
        else:
            messages.success(
                request,
                _("You approved the application. It goes on to pre-screening.")
                if approve
                else _("You did not approve the application. The applicant is told why."),
            )
            return redirect(application)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "fund/signoff.html",
        {**_detail_context(request, application), "form": form, "waiting": waiting},
        status=status,
    )


@login_required
@require_POST
def prescreen(request, pk):
    application = _application(request, pk, "fund.prescreen")
    form = PrescreenForm(request.POST)
    if form.is_valid():
        try:
            services.prescreen(application, request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The pre-screening is recorded."))
        return redirect(application)
    context = _detail_context(request, application, prescreen_form=form)
    return render(request, "fund/application_detail.html", context, status=400)


@login_required
def review(request, pk):
    application = _application(request, pk, "fund.review")
    user = request.user
    mine = Review.objects.filter(application=application, expert=user).first()
    criteria = list(application.call.criteria.all())
    declaration = DeclarationForm(request.POST if request.POST.get("step") == "declare" else None)
    scoring = ScoreForm(
        request.POST if request.POST.get("step") == "score" else None,
        initial=ScoreForm.initial_from(mine),
        criteria=criteria,
    )
    if request.method == "POST":
        try:
            if request.POST.get("step") == "declare" and declaration.is_valid():
                services.declare(application, user, **declaration.cleaned_data)
                if declaration.cleaned_data["has_conflict"]:
                    messages.success(
                        request,
                        _("Your conflict of interest is recorded; another expert reviews it."),
                    )
                    return redirect("fund:index")
                messages.success(request, _("Your declaration is recorded."))
                return redirect("fund:review", pk=pk)
            if request.POST.get("step") == "score" and scoring.is_valid():
                services.score(
                    application,
                    user,
                    scoring.scores(criteria),
                    recommendation=scoring.cleaned_data["recommendation"],
                )
                messages.success(request, _("Your review is saved."))
                return redirect("fund:review", pk=pk)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect(application)
        except ValidationError as error:
            messages.error(request, _error_text(error))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "fund/review.html",
        {
            **_detail_context(request, application),
            "review": mine,
            "declaration": declaration,
            "scoring": scoring,
            "open": application.state.code == "review",
        },
        status=status,
    )


@login_required
def decide(request, pk):
    application = _application(request, pk, "fund.decide")
    form = DecisionForm(
        request.POST or None,
        may_override=can(request.user, "fund.override_budget"),
        conditions=services.call_conditions(application.call),
    )
    if request.method == "POST" and application.state.code == "review" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decide(
                application,
                request.user,
                grant=data["decision"] == "grant",
                amount=data["amount"],
                motivation=data["motivation"],
                override=data["override"],
                override_reason=data["override_reason"],
                above_request_reason=data["above_request_reason"],
                conditions=data["conditions"],
            )
        except ValidationError as error:
            fields = {"budget": "override" if "override" in form.fields else None}
            fields["requested"] = "above_request_reason"
            form.add_error(fields.get(getattr(error, "code", None)), error)
        else:
            messages.success(request, _("The decision is recorded and the applicant is told."))
            return redirect("fund:overview", pk=application.call_id)
    status = 400 if request.method == "POST" else 200
    call = application.call
    granted = services.granted_sum(call)
    return render(
        request,
        "fund/decide.html",
        {
            **_detail_context(request, application),
            "form": form,
            "granted": granted,
            "left": call.budget - granted,
        },
        status=status,
    )


@login_required
def reviewers(request, pk):
    """The coordinator names an application's experts by hand."""
    application = _application(request, pk, "fund.manage")
    current = [a.expert for a in application.assignments.select_related("expert")]
    form = AssignForm(request.POST or None, initial={"experts": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_reviewers(application, request.user, form.cleaned_data["experts"])
        except ValidationError as error:
            form.add_error("experts", error)
        else:
            messages.success(request, _("The experts are assigned and told."))
            return redirect("fund:overview", pk=application.call_id)
    reviews = {r.expert_id: r for r in application.reviews.all()}
    return render(
        request,
        "fund/reviewers.html",
        {
            "application": application,
            "form": form,
            "assigned": [(e, reviews.get(e.pk)) for e in current],
            "conflicts": [r for r in reviews.values() if r.has_conflict],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def assign_automatically(request, pk):
    call = get_object_or_404(Call, pk=pk)
    require(request.user, "fund.manage")
    added = services.assign_automatically(call, request.user)
    messages.success(
        request,
        ngettext(
            "%(n)s expert assigned, balanced and without conflicts of interest.",
            "%(n)s experts assigned, balanced and without conflicts of interest.",
            added,
        )
        % {"n": added},
    )
    return redirect("fund:overview", pk=call.pk)


@login_required
def call_criteria(request, pk):
    """The call's review criteria and their weights."""
    require(request.user, "fund.manage")
    call = get_object_or_404(Call, pk=pk)
    initial = [
        {"id": c.pk, "name_sv": c.name_sv, "name_en": c.name_en, "weight": c.weight}
        for c in call.criteria.all()
    ]
    formset = CriterionFormSet(request.POST or None, initial=initial, prefix="criteria")
    if request.method == "POST" and formset.is_valid():
        try:
            services.set_criteria(call, request.user, [f.cleaned_data for f in formset])
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("The criteria are saved."))
            return redirect(call)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "fund/call_criteria.html", {"call": call, "formset": formset}, status=status
    )


# --- Granted projects ------------------------------------------------------------------------


def _project(request, pk):
    project = get_object_or_404(
        Project.objects.select_related(
            "application__call", "application__state", "application__case", "application__applicant"
        ),
        pk=pk,
    )
    require(request.user, "fund.project_view", project, hide=True)
    return project


@login_required
def project_detail(request, pk):
    project = _project(request, pk)
    # Completing is the close-out with the final assessment (below), not a bare step.
    steps = [t for t in workflow.available(project, request.user) if t.code != "complete"]
    form = ProjectStepForm(request.POST or None, steps=steps)
    if request.method == "POST":
        require(request.user, "fund.manage")
        if form.is_valid():
            try:
                services.project_step(
                    project,
                    request.user,
                    form.cleaned_data["step"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The project is now “%(status)s”.")
                    % {"status": project.get_status_display()},
                )
                return redirect(project)
    return render(
        request,
        "fund/project_detail.html",
        _project_context(request, project, status_form=form, steps=steps),
        status=400 if request.method == "POST" else 200,
    )


def _project_context(request, project, **extra):
    acceptance = services.acceptance_of(project)
    may_manage = can(request.user, "fund.manage")
    final = project.reports.filter(kind="final").first()
    context = {
        "project": project,
        "reports": selectors.project_reports(project),
        "acceptance": acceptance,
        "may_accept": not acceptance.accepted_at and can(request.user, "fund.accept", project),
        "instalments": project.instalments.select_related("released_by__review", "paid_by"),
        "budget_rows": selectors.budget_against_actual(project),
        "assessment": getattr(project, "final_assessment", None),
        "conditions_form": ConditionsForm(initial={"conditions": acceptance.conditions}),
        "close_form": CloseOutForm(),
        "may_close": may_manage
        and project.status in ("running", "delayed")
        and final is not None
        and models.report_status(final) == "approved",
        **extra,
    }
    return context


@login_required
@require_POST
def accept_grant(request, pk):
    project = _project(request, pk)
    require(request.user, "fund.accept", project)
    try:
        services.accept_grant(project, request.user)
    except ValidationError as error:  # already accepted (a second click, another tab)
        messages.info(request, _error_text(error))
    else:
        messages.success(request, _("Thank you, the grant and its conditions are accepted."))
    return redirect(project)


@login_required
@require_POST
def grant_conditions(request, pk):
    project = _project(request, pk)
    require(request.user, "fund.manage")
    form = ConditionsForm(request.POST)
    if form.is_valid():
        try:
            services.set_conditions(project, request.user, form.cleaned_data["conditions"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The conditions are saved."))
            return redirect(project)
    return render(
        request,
        "fund/project_detail.html",
        _project_context(
            request,
            project,
            conditions_form=form,
            status_form=ProjectStepForm(steps=[]),
            steps=[],
        ),
        status=400,
    )


@login_required
def payments(request, pk):
    """The payment plan: instalments with planned dates and amounts, never above the grant."""
    project = _project(request, pk)
    require(request.user, "fund.manage")
    reports = project.reports.all()
    unpaid = project.instalments.filter(paid_at__isnull=True)
    initial = [
        {"planned": i.planned, "amount": i.amount, "released_by": i.released_by_id} for i in unpaid
    ]
    data = request.POST if request.method == "POST" else None
    formset = InstalmentFormSet(
        data, initial=initial, prefix="instalments", form_kwargs={"reports": reports}
    )
    errors = []
    if request.method == "POST":
        if formset.is_valid():
            try:
                services.set_payment_plan(project, request.user, _rows(formset))
            except ValidationError as error:
                errors = [("instalments-table", text) for text in error.messages]
            else:
                messages.success(request, _("The payment plan is saved."))
                return redirect(project)
        errors = errors + _table_errors(formset, _("Instalments"))
    return render(
        request,
        "fund/payments.html",
        {
            "project": project,
            "formset": formset,
            "errors": errors,
            "paid": project.instalments.filter(paid_at__isnull=False),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def mark_paid(request, pk, instalment_pk):
    project = _project(request, pk)
    require(request.user, "fund.manage")
    instalment = get_object_or_404(project.instalments, pk=instalment_pk)
    try:
        services.mark_paid(instalment, request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The instalment is marked paid."))
    return redirect(project)


@login_required
@require_POST
def close_out(request, pk):
    project = _project(request, pk)
    require(request.user, "fund.manage")
    form = CloseOutForm(request.POST)
    if form.is_valid():
        try:
            services.close_out(project, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The project is completed."))
            return redirect(project)
    return render(
        request,
        "fund/project_detail.html",
        _project_context(
            request, project, close_form=form, status_form=ProjectStepForm(steps=[]), steps=[]
        ),
        status=400,
    )


@login_required
def report(request, pk, report_pk):
    project = _project(request, pk)
    report = get_object_or_404(
        FollowUpReport.objects.select_related("review"), project=project, pk=report_pk
    )
    status = models.report_status(report)
    may_write = can(request.user, "fund.report", project) and status in ("draft", "changes")
    accepted = services.acceptance_of(project).accepted_at is not None
    lines = list(project.application.budget_lines.all())
    submitting = request.POST.get("action") == "submit"
    form = ProjectReportForm(
        request.POST or None,
        request.FILES or None,
        instance=report,
        lines=lines,
        submitting=submitting,
    )
    questions = QuestionsForm(
        request.POST or None,
        request.FILES or None,
        questions=project.application.call.current_report_questions(),
        answers={services._answer_key(a): a for a in report.answers.select_related("question")},
        require=submitting,
    )
    if request.method == "POST":
        require(request.user, "fund.report", project)
        if not may_write:  # a second click on submit, or another tab
            messages.info(request, _("The report is already submitted."))
            return redirect(project)
        # The draft is saved first, whatever a submit then finds missing: what was typed is
        # kept on the page and in the draft (a refused file is not kept).
        draft = ProjectReportForm(
            request.POST,
            request.FILES or None,
            instance=FollowUpReport.objects.get(pk=report.pk),
            lines=lines,
        )
        if draft.is_valid() or set(draft.errors) == {"attachment"}:
            data = draft.cleaned_data
            upload = data.pop("attachment", None) if not draft.errors else None
            fields = {
                k: data[k] for k in ("progress", "results", "next_steps", "spent") if k in data
            }
            saved = False
            typed_ok = questions.is_valid()
            try:
                services.save_report(
                    report,
                    request.user,
                    fields=fields,
                    spending=draft.spending(),
                    files=[upload] if upload else [],
                    answers=questions.answers() if typed_ok else None,
                )
                saved = True
                if submitting and all([form.is_valid(), typed_ok]):
                    services.save_report(report, request.user, fields={}, submit=True)
            except ValidationError as error:
                form.is_valid()
                form.add_error(None, error)
            else:
                if submitting and not form.errors and typed_ok:
                    messages.success(request, _("Thank you, the report is submitted."))
                    return redirect(project)
                if not submitting and not draft.errors and typed_ok:
                    messages.success(request, _("Your draft is saved."))
                    return redirect("fund:report", project.pk, report.pk)
            if saved:
                messages.info(request, _("Your draft is saved."))
    application = get_object_or_404(
        selectors.application_detail(project.application_id), pk=project.application_id
    )
    decision_form = ReportDecisionForm()
    return render(
        request,
        "fund/report.html",
        {
            **_report_context(
                request, project, report, form, decision_form, may_write, accepted, application
            ),
            "questions": questions,
            "extra_errors": questions.summary() if questions.is_bound else [],
            "report_answers": report.answers.all(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _report_context(request, project, report, form, decision_form, may_write, accepted, app):
    return {
        "project": project,
        "report": report,
        "status": models.report_status(report),
        "review": getattr(report, "review", None),
        "form": form,
        "decision_form": decision_form,
        "may_write": may_write,
        "accepted": accepted,
        "spending": report.spending.select_related("line"),
        "files": report.files.all(),
        "application": app,
        "answers": app.answer_list,
    }


@login_required
@require_POST
def report_decide(request, pk, report_pk):
    """The coordinator approves a submitted report or asks for changes."""
    project = _project(request, pk)
    require(request.user, "fund.manage")
    report = get_object_or_404(project.reports, pk=report_pk)
    decision_form = ReportDecisionForm(request.POST)
    if decision_form.is_valid():
        approve = decision_form.cleaned_data["decision"] == "approve"
        try:
            services.decide_report(
                report, request.user, approve=approve, comment=decision_form.cleaned_data["comment"]
            )
        except ValidationError as error:
            decision_form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The report is approved.") if approve else _("The project is asked for changes."),
            )
            return redirect("fund:report", project.pk, report.pk)
    application = get_object_or_404(
        selectors.application_detail(project.application_id), pk=project.application_id
    )
    report = FollowUpReport.objects.select_related("review").get(pk=report.pk)
    form = ProjectReportForm(instance=report, lines=project.application.budget_lines.all())
    return render(
        request,
        "fund/report.html",
        _report_context(request, project, report, form, decision_form, False, True, application),
        status=400,
    )


@login_required
def report_file(request, pk, report_pk, file_pk):
    project = _project(request, pk)
    stored = get_object_or_404(ReportFile, report__project=project, report_id=report_pk, pk=file_pk)
    audit.record(request.user, "fund.report.download", project, file=stored.pk)
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.filename,
        content_type=stored.content_type,
    )


@login_required
def projects(request):
    """The coordinator's follow-up of the running projects: who has not accepted the grant,
    what is paid, which reports wait for approval."""
    require(request.user, "fund.manage")
    return render(request, "fund/projects.html", {"projects": selectors.projects_to_follow()})


# --- Statistics ------------------------------------------------------------------------------


def _year(request, stamped=None):
    years = selectors.cached_statistics_years(stamped)
    asked = request.GET.get("year")
    if years and asked in {str(y) for y in years}:  # valid, as the form would find it: the
        # form itself is made only if the page's body is rendered anew
        return (
            SimpleLazyObject(lambda: _valid(YearForm(request.GET, years=years))),
            int(asked),
            True,
        )
    form = YearForm(request.GET or None, years=years)
    valid = form.is_valid() or not form.is_bound
    year = form.cleaned_data["year"] if form.is_bound and valid else form.fields["year"].initial
    return form, year, valid


def _valid(form):
    form.is_valid()
    return form


@login_required
def statistics(request):
    require(request.user, "fund.manage")
    stamped = selectors.stamp()  # read once, before anything kept under it is computed
    form, year, valid = _year(request, stamped)
    # The figures are unpacked from the cache only when the body is rendered anew.
    stats = SimpleLazyObject(lambda: selectors.cached_statistics(year, stamped))
    context = {"form": form, "stats": stats, "year": year}

    def body():  # nothing of the person asking: the same for every coordinator
        return render_to_string("fund/_statistics_body.html", context)

    asked = request.GET.get("year", "")
    if valid:  # rendered once per year and language while no application changes
        kept_as = year
    elif len(asked) == 4 and asked.isascii() and asked.isdigit():
        # a year not offered (no application submitted then): its page, the error, is kept too
        kept_as = f"{year}:asked:{asked}"
    else:  # anything else is answered, never kept (the error names what was asked)
        return render(request, "fund/statistics.html", {**context, "body": mark_safe(body())})
    # The whole page is kept, layout and all, with the person's own parts filled in anew on
    # every request; the body is read from where it is kept only when the page is rendered.
    context["body"] = lambda: mark_safe(selectors.kept_statistics_page(kept_as, body, stamped))
    return layout.render_kept(
        request,
        "fund/statistics.html",
        context,
        key=f"fund:statistics:{kept_as}:{stamped}",
        seconds=selectors.STATISTICS_SECONDS,
    )


def _stat_rows(stats):
    yield [_("Innovation fund"), stats["year"]]
    yield [_("Applications"), stats["applications"]]
    yield [_("Granted"), stats["granted"]]
    yield [_("Granted amount (SEK)"), stats["amount"]]
    yield [_("Main applicants: women"), stats["women"]]
    yield [_("Main applicants: men"), stats["men"]]
    yield [_("Main applicants: other"), stats["other"]]
    yield [_("Main applicants: not stated"), stats["not_stated"]]
    yield [_("From outside health care (%)"), stats["outside_health_care_share"]]
    yield []
    yield [_("Kind"), _("Applications"), _("Granted"), _("Granted amount (SEK)")]
    for row in stats["by_kind"]:
        yield [str(row["kind"]), row["applications"], row["granted"], row["amount"]]
    yield []
    yield [_("Organisation"), _("Applications"), _("Granted"), _("Granted amount (SEK)")]
    for row in stats["by_organisation"]:
        yield [row["organisation__name"], row["applications"], row["granted"], row["amount"]]
    yield []
    yield [_("Call"), _("Applications"), _("Granted"), _("Granted amount (SEK)")]
    for row in stats["by_call"]:
        yield [row["call__title"], row["applications"], row["granted"], row["amount"]]
    yield []
    yield [_("Since the start"), _("Applications"), _("Granted"), _("Granted amount (SEK)")]
    since = stats["since_start"]
    yield [since["first_year"], since["applications"], since["granted"], since["amount"]]
    yield []
    yield [
        _("Year"),
        _("Applications"),
        _("Granted"),
        _("Granted amount (SEK)"),
        _("Granted: women"),
        _("Granted: men"),
        _("Granted: other"),
        _("Granted: not stated"),
    ]
    for row in stats["trends"]:
        yield [
            row["year"],
            row["applications"],
            row["granted"],
            row["amount"],
            row["granted_women"],
            row["granted_men"],
            row["granted_other"],
            row["granted_not_stated"],
        ]


@login_required
def statistics_export(request, fmt):
    require(request.user, "fund.manage")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _form, year, _valid = _year(request)
    rows = list(_stat_rows(selectors.statistics_with_trends(year)))
    filename = f"innovationsfonden-{year}"
    if fmt == "csv":
        out = io.StringIO()
        spreadsheet.csv_writer(out, delimiter=";").writerows(rows)
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = str(year)
    for row in rows:
        spreadsheet.append(sheet, row)
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


# --- More information ----------------------------------------------------------------------------


def _thread_context(context, user, application):
    """The thread for those who may read it; the question form for whoever may ask; the reply
    form for the applicant of an application sent back."""
    if not can(user, "fund.thread", application):
        return
    context["thread"] = selectors.thread(application)
    if can(user, "fund.ask", application):
        context.setdefault("ask_form", AskForm())
    if can(user, "fund.resubmit", application):
        context.setdefault("reply_form", ReplyForm())


@login_required
@require_POST
def ask(request, pk):
    application = _application(request, pk, "fund.ask")
    form = AskForm(request.POST)
    if form.is_valid():
        try:
            services.ask_for_more_info(
                application, request.user, question=form.cleaned_data["question"]
            )
        except ValidationError as error:
            form.add_error("question", error)
        else:
            messages.success(
                request, _("The application is sent back to the applicant with your question.")
            )
            return redirect(application)
    context = _detail_context(request, application, ask_form=form)
    return render(request, "fund/application_detail.html", context, status=400)


@login_required
@require_POST
def resubmit(request, pk):
    application = _application(request, pk)
    if application.applicant_id == request.user.pk and application.state.code != "more_info":
        return _already_submitted(request, application)  # a second click
    require(request.user, "fund.resubmit", application)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.resubmit(application, request.user, reply=form.cleaned_data["reply"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your answer and the completed application are sent."))
            return redirect(application)
    context = _detail_context(request, application, reply_form=form)
    return render(request, "fund/application_detail.html", context, status=400)


# --- Decisions in a batch ------------------------------------------------------------------------


def _batch_errors(form, words, code):
    field = {"budget": "override", "requested": "above_request_reason"}.get(code)
    form.add_error(field if field in form.fields else None, words)


@login_required
def batch(request, pk):
    """Several applications of a call decided in one go: each chosen line decided on its
    own, every rule checked; refused lines stay with what was typed and say why."""
    call = get_object_or_404(Call, pk=pk)
    require(request.user, "fund.manage", call)
    may_override = can(request.user, "fund.override_budget")
    waiting = list(
        selectors.applications()
        .filter(call=call, state__code="review")
        .prefetch_related("budget_lines")
        .order_by("submitted_at", "pk")
    )
    data = request.POST if request.method == "POST" else None
    conditions = services.call_conditions(call)
    forms = [
        BatchRowForm(data, application=a, may_override=may_override, conditions=conditions)
        for a in waiting
    ]
    refused = []
    if request.method == "POST":
        # Lines sent for applications no longer waiting (the batch sent twice): named, not
        # decided again.
        waiting_pks = {a.pk for a in waiting}
        chosen = {
            int(key[1:].split("-")[0])
            for key in request.POST
            if key.startswith("a") and key.endswith("-include") and key[1:-8].isdigit()
        }
        for done in selectors.applications().filter(call=call, pk__in=chosen - waiting_pks):
            messages.info(
                request,
                _("“%(title)s” is already decided (%(state)s); it is not decided again.")
                % {"title": done.title, "state": done.state.label},
            )
        rows = []
        for form in forms:
            if not form.is_valid():
                refused.append(form)
            elif form.cleaned_data["include"]:
                rows.append(form.row())
        by_pk = {form.application.pk: form for form in forms}
        decided, not_decided = services.decide_batch(call, request.user, rows)
        for row, words, code in not_decided:
            form = by_pk[row["application"].pk]
            _batch_errors(form, words, code)
            refused.append(form)
        if decided:
            messages.success(
                request,
                ngettext(
                    "%(count)s decision is recorded and its letter sent.",
                    "%(count)s decisions are recorded and their letters sent.",
                    len(decided),
                )
                % {"count": len(decided)},
            )
        if not refused:
            return redirect("fund:overview", pk=call.pk)
        done = {a.pk for a in decided}
        forms = [f for f in forms if f.application.pk not in done]
    granted = services.granted_sum(call)
    return render(
        request,
        "fund/batch.html",
        {
            "call": call,
            "forms": forms,
            "refused": [f for f in forms if f in refused],
            "granted": granted,
            "left": call.budget - granted,
        },
        status=400 if refused else 200,
    )


# --- The form builder ------------------------------------------------------------------------


def _builder_initial(questions):
    rows = [
        {
            "type": q.type,
            "text_sv": q.text_sv,
            "text_en": q.text_en,
            "help_sv": q.help_sv,
            "help_en": q.help_en,
            "required": q.required,
            "max_length": q.max_length,
            "options": formtypes.format_lines(q.options, columns=q.type == QuestionType.TABLE),
            "condition_key": str(q.condition_key or ""),
            "condition_value": _condition_shown(q, questions),
            "key": str(q.key),
            "ORDER": i,
        }
        for i, q in enumerate(questions, start=1)
    ]
    return rows


def _condition_shown(question, questions):
    """The stored condition value as the coordinator wrote it (Ja/Nej for yes or no)."""
    if not question.condition_key:
        return ""
    target = next((q for q in questions if q.key == question.condition_key), None)
    if target is not None and target.type == QuestionType.YES_NO:
        return {"yes": _("Yes"), "no": _("No")}.get(question.condition_value, "")
    return question.condition_value


def _builder_targets(data, initial):
    """The questions a condition may name: the rows on the page, by key."""
    if data is None:
        rows = [(r.get("key", ""), r.get("text_sv", "")) for r in initial]
    else:
        try:
            count = min(int(data.get("form-TOTAL_FORMS", 0)), 200)
        except ValueError:
            count = 0
        rows = [
            (data.get(f"form-{i}-key", ""), data.get(f"form-{i}-text_sv", "")) for i in range(count)
        ]
    return [(k, f"{n}. {t[:80]}") for n, (k, t) in enumerate(rows, start=1) if k and t.strip()]


def _new_row(data):
    """The builder's data with one more row, which already has its key (so that another
    question can depend on it before it is published)."""
    data = data.copy()
    count = int(data.get("form-TOTAL_FORMS", 0))
    data["form-TOTAL_FORMS"] = str(count + 1)
    data[f"form-{count}-key"] = formtypes.new_key()
    data[f"form-{count}-type"] = data.get("new_type") or QuestionType.LONG_TEXT
    data[f"form-{count}-required"] = "on"
    data[f"form-{count}-ORDER"] = str(count + 1)
    return data


def _moved(data, move):
    """The builder's data with row ``move`` ("<index>:up" or "<index>:down") one place
    earlier or later, on the page as in its place number (1, 2, 3 …)."""
    data = data.copy()
    try:
        index, way = move.split(":")
        index, count = int(index), min(int(data.get("form-TOTAL_FORMS", 0)), 200)
    except ValueError:
        return data
    rows = []
    for i in range(count):
        prefix = f"form-{i}-"
        names = [k for k in data if k.startswith(prefix)]
        rows.append({k[len(prefix) :]: data.getlist(k) for k in names})
        for k in names:
            del data[k]
    to = index - 1 if way == "up" else index + 1
    if 0 <= index < count and 0 <= to < count:
        rows[index], rows[to] = rows[to], rows[index]
    for n, row in enumerate(rows):
        for name, values in row.items():
            data.setlist(f"form-{n}-{name}", values)
        data[f"form-{n}-ORDER"] = str(n + 1)
    return data


def _builder_rows(formset):
    rows = []
    for form in formset.ordered_forms:
        row = dict(form.cleaned_data)
        row.pop("ORDER", None)
        row.pop("DELETE", None)
        rows.append(row)
    return rows


def _preview_questions(call, form_kind, rows):
    """Unsaved questions from the builder's rows, to preview before publishing."""
    questions = []
    for i, row in enumerate(rows, start=1):
        q = services._question(call, form_kind, 0, i, {**row, "type": row.get("type")})
        q.pk = i
        questions.append(q)
    return questions


@login_required
def call_questions(request, pk, form_kind=FormKind.APPLICATION):
    """The form builder: add, reorder, edit and remove the questions of the call's application
    form (or its follow-up report form); preview it as the applicant sees it; publish it."""
    require(request.user, "fund.manage")
    call = get_object_or_404(Call, pk=pk)
    if form_kind == FormKind.REPORT:
        questions = list(call.current_report_questions())
    else:
        questions = list(call.current_questions())
    initial = _builder_initial(questions)
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "publish")
    if data is not None and request.POST.get("move"):
        data, action = _moved(data, request.POST["move"]), "add"  # re-shown, not published
    elif data is not None and action == "add":
        data = _new_row(data)
    elif data is None and not initial:
        initial = [{"key": formtypes.new_key(), "type": QuestionType.LONG_TEXT, "required": True}]
    formset = BuilderFormSet(
        data, initial=initial, form_kwargs={"targets": _builder_targets(data, initial)}
    )
    errors = []
    if data is not None and action != "add" and formset.is_valid():
        rows = _builder_rows(formset)
        try:
            checked = services._checked_rows(rows)
            if action == "preview":
                return render(
                    request,
                    "fund/form_preview.html",
                    _preview_context(call, form_kind, _preview_questions(call, form_kind, checked)),
                )
            version = services.revise_questions(call, request.user, rows, form=form_kind)
        except ValidationError as error:
            errors = [("form-table", e) for e in error.messages]
        else:
            messages.success(
                request,
                _(
                    "Version %(version)s of the form is published. Submitted applications keep "
                    "the questions they answered."
                )
                % {"version": version},
            )
            return redirect(request.path)
    elif data is not None and action != "add":
        errors = _table_errors(formset, _("The form"))
    status = 400 if request.method == "POST" and action != "add" else 200
    return render(
        request,
        "fund/call_questions.html",
        {
            "call": call,
            "formset": formset,
            "form_kind": form_kind,
            "extra_errors": errors,
            "types": QuestionType.choices,
        },
        status=status,
    )


def _preview_context(call, form_kind, questions):
    return {
        "call": call,
        "form_kind": form_kind,
        "form": QuestionsForm(questions=questions),
    }


@login_required
def form_preview(request, pk):
    """The call's published form as the applicant sees it (nothing can be sent)."""
    require(request.user, "fund.manage")
    call = get_object_or_404(Call, pk=pk)
    form_kind = FormKind.REPORT if request.GET.get("form") == "report" else FormKind.APPLICATION
    if form_kind == FormKind.REPORT:
        questions = call.current_report_questions()
    else:
        questions = call.current_questions()
    return render(
        request, "fund/form_preview.html", _preview_context(call, form_kind, list(questions))
    )


@login_required
def call_clone(request, pk):
    """A new call as a copy of this one: its forms, criteria with weights and settings; the
    coordinator gives the new title and dates."""
    require(request.user, "fund.manage")
    call = get_object_or_404(Call, pk=pk)
    initial = {
        "title": _("%(title)s (copy)") % {"title": call.title},
        "description": call.description,
        "budget": call.budget,
        "grant_year": call.grant_year,
        "accepted_kinds": call.accepted_kinds,
        "reviewers_per_application": call.reviewers_per_application,
        "prescreeners": list(call.prescreeners.all()),
        "experts": list(call.experts.all()),
    }
    form = CallForm(
        request.POST or None, initial=initial, conditions=services.call_conditions(call)
    )
    if request.method == "POST" and form.is_valid():
        new = services.clone_call(call, request.user, **form.cleaned_data)
        messages.success(
            request,
            _("The call is copied with its forms and criteria. Check the dates and the texts."),
        )
        return redirect(new)
    status = 400 if form.errors else 200
    return render(request, "fund/call_clone.html", {"form": form, "call": call}, status=status)


# --- Across applications ---------------------------------------------------------------------


def _filter_form(request, data):
    from slussen.core.models import WorkflowState

    from .forms import ApplicationFilterForm
    from .workflows import FUND_WORKFLOW

    states = WorkflowState.objects.filter(
        workflow__code=FUND_WORKFLOW, workflow__is_current=True
    ).order_by("order", "pk")
    return ApplicationFilterForm(data, years=selectors.application_years(), states=states)


def _filtered(request, data):
    """The filter form and what it finds (``core.forms.list_filters``): nothing while the
    search is invalid (``filters`` None), otherwise the valid filters' applications."""
    form = _filter_form(request, data)
    filters = list_filters(
        form, find=lambda **found: selectors.find_applications(request.user, found)
    )
    if filters is None:
        return form, filters, selectors.visible_applications(request.user).none()
    return form, filters, selectors.find_applications(request.user, filters)


def _chosen(request):
    """The applications chosen in the list, among those the user may see (an id of another
    is dropped, not told apart from one that does not exist)."""
    ids = [int(v) for v in request.POST.getlist("chosen") if v.isdigit()][:1000]
    return selectors.visible_applications(request.user).filter(pk__in=ids).order_by("-id")


@login_required
def applications(request):
    """Every application the user may see (all of them for the fund's coordinators and head,
    an expert those assigned, an applicant her own): search, filters, pages, bulk actions and
    export."""
    from .forms import BULK_ACTIONS

    require(request.user, "fund.apply")
    may_manage = can(request.user, "fund.manage")
    if request.method == "POST":
        action = request.POST.get("action", "")
        chosen = _chosen(request)
        if action in ("export_csv", "export_xlsx"):
            return _export(request, chosen, action.removeprefix("export_"), chosen=True)
        if action == "remind":
            require(request.user, "fund.manage")
            n = services.remind_reviewers(list(chosen), request.user)
            messages.success(
                request,
                ngettext("%(n)s expert reminded.", "%(n)s experts reminded.", n) % {"n": n},
            )
            return redirect(reverse("fund:applications") + "?" + request.GET.urlencode())
        return HttpResponse(status=400)
    form, filters, found = _filtered(request, request.GET)
    found = selectors.listed(found)
    page = Paginator(found, selectors.APPLICATIONS_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_figures(page.object_list)
    actions = [a for a in BULK_ACTIONS if may_manage or a[0] != "remind"]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "fund/applications.html",
        {
            "form": form,
            "page": page,
            "rows": page.object_list,
            "actions": actions,
            "query": query.urlencode(),
        },
        status=400 if filters is None else 200,
    )


EXPORT_COLUMNS = [
    ("registry_number", _lazy("Registry number")),
    ("title", _lazy("Title")),
    ("call", _lazy("Call")),
    ("grant_year", _lazy("Year the money is for")),
    ("kind", _lazy("Kind")),
    ("state", _lazy("Status")),
    ("organisation", _lazy("Organisation")),
    ("submitted", _lazy("Submitted")),
    ("requested", _lazy("Requested (SEK)")),
    ("weighted", _lazy("Weighted score")),
    ("granted", _lazy("Granted (SEK)")),
]


def _export_rows(apps):
    yield [str(label) for _key, label in EXPORT_COLUMNS]
    for chunk_start in range(0, len(apps), 500):
        for a in selectors.with_figures(apps[chunk_start : chunk_start + 500]):
            yield [
                a.registry_number,
                a.title,
                a.call.title,
                a.call.grant_year,
                a.get_kind_display(),
                a.state.label,
                a.organisation.name,
                timezone.localtime(a.submitted_at).strftime("%Y-%m-%d") if a.submitted_at else "",
                a.requested,
                float(a.weighted) if a.weighted is not None else "",
                a.granted_amount if a.granted_amount is not None else "",
            ]


def _export(request, found, fmt, *, chosen=False):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    apps = list(found)
    audit.record(
        request.user,
        "fund.applications.export",
        None,
        count=len(apps),
        chosen=chosen,
        filters={k: v for k, v in request.GET.items() if k != "page"},
    )
    rows = _export_rows(apps)
    filename = f"innovationsfonden-ansokningar-{timezone.localdate():%Y-%m-%d}"
    if fmt == "csv":
        out = io.StringIO()
        spreadsheet.csv_writer(out, delimiter=";").writerows(rows)
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = _("Applications")[:31]
        for row in rows:
            spreadsheet.append(sheet, row)
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


@login_required
def applications_export(request, fmt):
    """Every application the filters find, of those the user may see, as CSV or XLSX."""
    require(request.user, "fund.apply")
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form, filters, found = _filtered(request, request.GET)
    if filters is None:  # nothing, as the list shows: never every application
        return HttpResponse(_("Correct the search first."), status=400)
    return _export(request, found, fmt)
