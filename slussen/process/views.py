import io
import json
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from slussen.accounts.fields import OrganisationField
from slussen.accounts.models import Organisation
from slussen.cases.models import Case
from slussen.core import audit, spreadsheet, workflow
from slussen.core.forms import list_filters
from slussen.core.permissions import can, require

from . import forms, guards, panels, selectors, services, showcase
from .models import (
    Adoption,
    Direction,
    GateDecision,
    GateRequest,
    GenericPhase,
    InnovationCase,
    InnovationType,
    ProcessTemplate,
    Showcase,
)

PAGE_SIZE = 25


def _innovation(request, pk, action="process.view"):
    """An innovation case the user may see; anything else is a 404 so existence does not leak."""
    ic = get_object_or_404(
        InnovationCase.objects.select_related(
            "case__organisation",
            "case__state",
            "template",
            "phase",
            "line_owner",
            "advisor",
            "receiving_owner",
            "maintenance_owner",
        ),
        pk=pk,
    )
    require(request.user, "process.view", ic, hide=True)
    require(request.user, action, ic)
    return ic


@login_required
def index(request):
    require(request.user, "process.list")
    form = forms.ListFilterForm(request.GET or None)
    filters = list_filters(form, find=lambda **f: selectors.listing(request.user, **f))
    found = (
        InnovationCase.objects.none()
        if filters is None
        else selectors.listing(request.user, **filters)
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "process/index.html",
        {
            "page": page,
            "form": form,
            "waiting": selectors.waiting_to_start(request.user)[:20],
            "lookup_form": forms.LookupForm(),
        },
        status=400 if filters is None else 200,
    )


@login_required
def lookup(request):
    """Start the process for any registered case, found by its registry number."""
    require(request.user, "process.list")
    form = forms.LookupForm(request.GET or None)
    if form.is_valid():
        case = form.case
        existing = InnovationCase.objects.filter(case=case).first()
        if existing and can(request.user, "process.view", existing):
            return redirect(existing)
        if not existing and can(request.user, "process.start", case):
            return redirect("process:start", case_pk=case.pk)
        form.add_error("registry_number", _("No case has that registry number."))
    return render(
        request, "process/lookup.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def start(request, case_pk):
    case = get_object_or_404(Case.objects.select_related("state", "organisation"), pk=case_pk)
    require(request.user, "case.view", case, hide=True)
    require(request.user, "process.start", case)
    existing = InnovationCase.objects.filter(case=case).first()
    if existing:
        messages.info(request, _("The innovation process has already been started for this case."))
        return redirect(existing)
    form = forms.StartForm(
        request.POST or None, initial={"advisor": request.user.pk}, organisation=case.organisation
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            ic = services.start(case, request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The innovation process has started in the phase “%(phase)s”.")
                % {"phase": ic.phase.label},
            )
            return redirect(ic)
    return render(
        request,
        "process/start.html",
        {"case": case, "form": form},
        status=400 if form.errors else 200,
    )


def _detail_context(request, ic, **bound):
    data = selectors.workspace(ic)
    may_work = can(request.user, "process.work", ic)
    may_decide = can(request.user, "process.decide", ic) and ic.status in (
        InnovationCase.Status.ACTIVE,
        InnovationCase.Status.PAUSED,
    )
    derived = {code: check(ic) for code, check in services.DERIVED.items()}
    checklist_form = None
    if may_work:
        checklist_form = bound.pop("checklist_form", None) or forms.ChecklistForm(
            items=[i for i in data["items"] if i.code not in services.DERIVED],
            answers=data["answers"],
        )
    checklist_rows = []
    medical = guards.medical_purpose(ic)
    for phase in data["phases"]:
        rows = []
        for item in (i for i in data["items"] if i.phase_id == phase.pk):
            editable = checklist_form is not None and item.code not in services.DERIVED
            rows.append(
                {
                    "item": item,
                    "required": guards.required(ic, item, medical),
                    "answer": data["answers"].get(item.pk),
                    "derived": derived.get(item.code),
                    "state": checklist_form[f"state_{item.pk}"] if editable else None,
                    "note": checklist_form[f"note_{item.pk}"] if editable else None,
                }
            )
        if rows:
            checklist_rows.append((phase, rows))
    context = {
        "ic": ic,
        "case": ic.case,
        **data,
        "may_work": may_work,
        "may_decide": may_decide,
        "may_decide_red": can(request.user, "process.decide_red", ic),
        "alerts": selectors.alerts_for(ic),
        "spread": selectors.spread(ic),
        "indicator_charts": selectors.indicator_charts(data["indicators"]),
        "chart": selectors.timeline_chart(data["phases"], data["runs"]),
        "open_phase_ids": {r.phase_id for r in data["open_runs"]},
        "done_phase_ids": {r.phase_id for r in data["runs"] if r.ended},
        "checklist_rows": checklist_rows,
        "checklist_form": checklist_form,
        "next_problems": services.gate_problems(ic, GateDecision.Decision.GO, _next_phase(ic, data))
        if ic.status == InnovationCase.Status.ACTIVE
        else [],
        "pending_request": ic.gate_requests.filter(state=GateRequest.State.PENDING)
        .select_related("manager", "to_phase")
        .first(),
        "funding_total": sum(f.amount for f in data["funding"]),
        "co_financing_total": sum(f.co_financing for f in data["funding"]),
        "panels": panels.for_page(request, ic),
        "showcase_public": Showcase.objects.filter(innovation__in=showcase.eligible())
        .filter(innovation=ic)
        .exists(),
    }
    if may_work:
        for kind in forms.RECORD_FORMS:
            context[f"{kind}_form"] = bound.pop(f"{kind}_form", None) or forms.record_form(kind, ic)
    if may_decide:
        context["gate_form"] = bound.pop("gate_form", None) or forms.GateForm(innovation=ic)
    context.update(bound)
    return context


def _next_phase(ic, data):
    later = [p for p in data["phases"] if p.order > ic.phase.order]
    return later[0] if later else None


@login_required
def detail(request, pk):
    ic = _innovation(request, pk)
    return render(request, "process/detail.html", _detail_context(request, ic))


def _edit(request, pk, form_class, action, title, message):
    ic = _innovation(request, pk, "process.work")
    form = form_class(request.POST or None, instance=ic)
    if request.method == "POST" and form.is_valid():
        try:
            services.update(ic, request.user, action, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, message)
            return redirect(ic)
    return render(
        request,
        "process/edit.html",
        {"ic": ic, "case": ic.case, "form": form, "title": title},
        status=400 if form.errors else 200,
    )


@login_required
def classification(request, pk):
    return _edit(
        request,
        pk,
        forms.ClassificationForm,
        "classify",
        _("Classification"),
        _("The classification was saved."),
    )


@login_required
def people(request, pk):
    return _edit(request, pk, forms.PeopleForm, "people", _("People"), _("The people were saved."))


@login_required
def plans(request, pk):
    return _edit(
        request,
        pk,
        forms.PlansForm,
        "plans",
        _("IP, procurement, roll-out and maintenance"),
        _("The plans were saved."),
    )


@login_required
@require_POST
def gate(request, pk):
    ic = _innovation(request, pk, "process.decide")
    form = forms.GateForm(request.POST, innovation=ic)
    if form.is_valid():
        try:
            decision = services.decide(ic, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            ic.refresh_from_db()
            if isinstance(decision, GateRequest):
                messages.success(
                    request,
                    _(
                        "The decision is sent to %(manager)s for approval. It is taken when "
                        "they approve; you are told either way."
                    )
                    % {"manager": decision.manager},
                )
            else:
                messages.success(request, _gate_message(ic, decision))
            return redirect(reverse("process:detail", args=[ic.pk]) + "#process-h")
    return render(
        request, "process/detail.html", _detail_context(request, ic, gate_form=form), status=400
    )


def _gate_message(ic, decision):
    D = GateDecision.Decision
    if decision.closes_case:
        return _("The case is closed as implemented.")
    if decision.decision == D.STOP:
        return _("The case was stopped.")
    if decision.decision == D.PAUSE:
        return _("The case is paused.")
    if decision.to_phase is None:
        return _("The case is active again.")
    return _("The case moved to the phase “%(phase)s”.") % {"phase": ic.phase.label}


@login_required
@require_POST
def checklist(request, pk):
    ic = _innovation(request, pk, "process.work")
    data = selectors.workspace(ic)
    form = forms.ChecklistForm(
        request.POST,
        items=[i for i in data["items"] if i.code not in services.DERIVED],
        answers=data["answers"],
    )
    if form.is_valid():
        services.save_checklist(ic, request.user, form.states())
        messages.success(request, _("The checklist was saved."))
        return redirect(reverse("process:detail", args=[ic.pk]) + "#checklist-h")
    return render(
        request,
        "process/detail.html",
        _detail_context(request, ic, checklist_form=form),
        status=400,
    )


RECORD_MESSAGES = {
    "participant": gettext_lazy("The participant was added."),
    "task": gettext_lazy("The task was added."),
    "funding": gettext_lazy("The funding was added to the register."),
    "indicator": gettext_lazy("The indicator was added."),
    "measurement": gettext_lazy("The measured value was added."),
    "test": gettext_lazy("The test was stored with the case."),
    "wave": gettext_lazy("The wave was added to the roll-out plan."),
    "adoption": gettext_lazy("The unit was added to the roll-out plan."),
}


@login_required
@require_POST
def add(request, pk, kind):
    if kind not in forms.RECORD_FORMS:
        raise Http404
    ic = _innovation(request, pk, "process.work")
    form = forms.record_form(kind, ic, request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data.get("file") if kind == "test" else None
        try:
            services.add_record(ic, request.user, form, upload=upload)
        except ValidationError as error:
            form.add_error("file" if upload else None, error)
        else:
            messages.success(request, str(RECORD_MESSAGES[kind]))
            return redirect(reverse("process:detail", args=[ic.pk]) + f"#{kind}-h")
    context = _detail_context(request, ic, **{f"{kind}_form": form, "open_form": kind})
    return render(request, "process/detail.html", context, status=400)


@login_required
def test_file(request, pk, test_pk):
    """A test plan's or result's file, for those who may see the innovation case (404 for the
    others, so that neither is known to exist)."""
    ic = _innovation(request, pk)
    test = get_object_or_404(
        ic.tests.select_related("attachment"), pk=test_pk, attachment__isnull=False
    )
    audit.record(request.user, "case.download", ic.case, attachment=test.attachment_id)
    return FileResponse(
        test.attachment.file.open("rb"),
        as_attachment=True,
        filename=test.attachment.filename,
        content_type=test.attachment.content_type,
    )


@login_required
@require_POST
def task_done(request, pk, task_pk):
    ic = _innovation(request, pk, "process.work")
    task = get_object_or_404(ic.tasks, pk=task_pk)
    services.set_task_done(ic, request.user, task, not task.done)
    messages.success(request, _("The task was updated."))
    return redirect(reverse("process:detail", args=[ic.pk]) + "#task-h")


@login_required
@require_POST
def end_run(request, pk, run_pk):
    ic = _innovation(request, pk, "process.work")
    run = get_object_or_404(ic.runs.select_related("phase"), pk=run_pk)
    try:
        services.end_parallel_run(ic, request.user, run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The work in “%(phase)s” is finished.") % {"phase": run.phase.label}
        )
    return redirect(reverse("process:detail", args=[ic.pk]) + "#process-h")


def _scope_orgs(user):
    orgs = Organisation.objects.exclude(kind=Organisation.Kind.EXTERNAL)
    return orgs if user.is_region_wide else orgs.filter(pk__in=user.handled_org_ids)


def _portfolio_filters(request):
    """The portfolio's filters from the query, each checked against what this person may
    choose (an organisation or unit out of their scope is ignored), and the choices."""
    orgs = _scope_orgs(request.user)
    units = orgs.filter(kind=Organisation.Kind.UNIT).exclude(unit_type="")

    def pick(queryset, name):
        value = request.GET.get(name, "")
        return queryset.filter(pk=value).first() if value.isdigit() else None

    direction = request.GET.get("direction", "")
    innovation_type = request.GET.get("innovation_type", "")
    filters = selectors.Filters(
        organisation=pick(orgs, "organisation"),
        direction=direction if direction in Direction.values else "",
        innovation_type=innovation_type if innovation_type in InnovationType.values else "",
        unit=pick(units, "unit"),
    )
    choices = {
        "org_choices": _tree_choices(orgs),
        "unit_choices": _tree_choices(units),
        "directions": Direction.choices,
        "types": InnovationType.choices,
        "filters": filters,
        "query": urlencode(filters.params()),
    }
    return filters, choices


def _tree_choices(orgs):
    tree = OrganisationField(queryset=orgs, empty_label=None)
    return [(value.value, label) for value, label in tree.choices]


@login_required
def portfolio(request):
    require(request.user, "process.portfolio")
    filters, choices = _portfolio_filters(request)
    data = selectors.portfolio(request.user, filters)
    return render(
        request,
        "process/portfolio.html",
        {"data": data, "organisation": filters.organisation, **choices},
    )


FIGURE_TITLES = {
    "total": gettext_lazy("Innovation cases"),
    "active": gettext_lazy("Active or paused"),
    "implemented": gettext_lazy("Implemented"),
    "not_rolled_out": gettext_lazy("Pilot finished, not rolled out"),
    "stale": gettext_lazy("No activity for 90 days"),
    "ownerless": gettext_lazy("No owner"),
    "maintenance_left": gettext_lazy("Implemented, maintenance owner left or missing"),
    "review_due": gettext_lazy("Review due within 30 days"),
}


def _figure_title(figure, value, year):
    if figure in FIGURE_TITLES:
        return str(FIGURE_TITLES[figure])
    labels = {
        "phase": (_("Active cases in the phase"), dict(GenericPhase.choices)),
        "reached": (
            _("Cases that reached the phase"),
            {**dict(GenericPhase.choices), "implemented": InnovationCase.Status.IMPLEMENTED.label},
        ),
        "type": (_("Innovation type"), dict(InnovationType.choices)),
        "direction": (_("Strategic direction"), dict(Direction.choices)),
        "outcome": (_("Outcome indicators"), dict(selectors.OUTCOMES_LABELS)),
    }
    if figure == "funding":
        return _("Funded by %(funder)s in %(year)s") % {"funder": value, "year": year}
    heading, names = labels[figure]
    return f"{heading}: {names[value]}"


def _drill(request):
    """The portfolio's filters and the cases behind the figure named in the query (404 for a
    figure that does not exist)."""
    require(request.user, "process.portfolio")
    filters, choices = _portfolio_filters(request)
    figure = request.GET.get("figure", "total")
    value = request.GET.get("value", "")[:200]
    year = request.GET.get("year", "")[:4]
    qs = selectors.figure_cases(
        selectors.portfolio_scope(request.user, filters), figure, value, year
    )
    if qs is None:
        raise Http404
    title = _figure_title(figure, value, year)
    params = {**filters.params(), "figure": figure, "value": value, "year": year}
    query = urlencode({name: v for name, v in params.items() if v})
    return selectors.case_rows(qs), title, query, filters, choices


@login_required
def portfolio_cases(request):
    """The cases behind one figure of the portfolio: exactly those it counts."""
    rows, title, query, filters, choices = _drill(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "process/portfolio_cases.html",
        {"page": page, "title": title, "figure_query": query, **choices},
    )


def _export_rows(rows):
    yield [
        _("Registry number"), _("Title"), _("Organisation"), _("Innovation type"), _("Phase"),
        _("Status"), _("Strategic directions"), _("Owner in the line"), _("Advisor"),
        _("Units in use"), _("Target units"), _("Funding (SEK)"), _("Outcome indicators"),
        _("Last activity"),
    ]  # fmt: skip
    for ic in rows:
        yield [
            ic.case.registry_number,
            ic.case.title,
            ic.case.organisation.name,
            str(ic.get_innovation_type_display()),
            str(ic.phase.label) if ic.phase_id else "",
            str(ic.get_status_display()),
            ", ".join(str(label) for label in ic.direction_labels()),
            ic.line_owner.full_name if ic.line_owner_id else "",
            ic.advisor.full_name if ic.advisor_id else "",
            ic.units_in_use,
            ic.target_units,
            int(ic.funding_total),
            ic.indicator_count,
            ic.last_activity.date().isoformat(),
        ]


@login_required
def portfolio_export(request, fmt):
    """The cases behind a figure (all of the portfolio by default) as CSV or XLSX, every text
    cell safe from being run as a formula."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    rows, title, _query, _filters, _choices = _drill(request)
    table = list(_export_rows(rows))
    filename = "portfolj-" + timezone.localdate().isoformat()
    if fmt == "csv":
        out = io.StringIO()
        spreadsheet.csv_writer(out, delimiter=";").writerows(table)
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Cases")
    spreadsheet.append(sheet, [title])
    for row in table:
        spreadsheet.append(sheet, row)
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


@login_required
def hand_over(request):
    require(request.user, "process.hand_over")
    leavers = selectors.leavers(request.user)
    groups = [(person, list(selectors.cases_of(request.user, person))) for person in leavers]
    ids = [ic.pk for _person, cases in groups for ic in cases]
    form = forms.HandOverForm(
        request.POST or None,
        leavers=leavers,
        cases=InnovationCase.objects.filter(pk__in=ids).select_related("case"),
    )
    if request.method == "POST" and form.is_valid():
        person, successor = form.cleaned_data["person"], form.cleaned_data["successor"]
        theirs = selectors.cases_of(request.user, person)
        chosen = form.cleaned_data["cases"]
        if chosen:
            theirs = theirs.filter(pk__in=[ic.pk for ic in chosen])
            if theirs.count() != len(chosen):
                form.add_error(
                    "cases",
                    _("Tick only cases in which %(person)s has a role.") % {"person": person},
                )
        if not form.errors:
            try:
                moved = services.hand_over(request.user, person, successor, theirs)
            except ValidationError as error:
                form.add_error("successor", error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s case was handed over from %(person)s to %(successor)s.",
                        "%(count)s cases were handed over from %(person)s to %(successor)s.",
                        moved,
                    )
                    % {"count": moved, "person": person, "successor": successor},
                )
                return redirect("process:hand_over")
    return render(
        request,
        "process/hand_over.html",
        {"form": form, "groups": groups},
        status=400 if form.errors else 200,
    )


@login_required
def gate_request(request, pk, request_pk):
    """A yellow decision waiting for its line manager: the manager approves or not; the people
    of the case may read it."""
    gate = get_object_or_404(
        GateRequest.objects.select_related(
            "innovation__case__organisation", "to_phase", "requested_by", "manager"
        ),
        pk=request_pk,
        innovation_id=pk,
    )
    ic = gate.innovation
    is_manager = request.user.pk == gate.manager_id
    if not is_manager:
        require(request.user, "process.view", ic, hide=True)
    form = forms.GateAnswerForm(request.POST or None)
    if request.method == "POST":
        if not is_manager:
            raise Http404
        if form.is_valid():
            approve = request.POST.get("approve") == "yes"
            try:
                services.answer_request(
                    gate, request.user, approve=approve, answer=form.cleaned_data["answer"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("You approved the decision; it is recorded.")
                    if approve
                    else _("You did not approve the decision; the advisor is told why."),
                )
                return redirect("process:gate_request", pk=pk, request_pk=gate.pk)
    return render(
        request,
        "process/gate_request.html",
        {
            "gate": gate,
            "ic": ic,
            "case": ic.case,
            "form": form,
            "may_answer": is_manager and gate.state == GateRequest.State.PENDING,
        },
        status=400 if form.errors else 200,
    )


@login_required
def move_template(request, pk):
    """Move one case to the newest version of its template or to another innovation type's:
    choose the template, see what changes for the case, then move it with a reason."""
    ic = _innovation(request, pk, "process.move_template")
    if ic.status not in selectors.RUNNING:
        raise PermissionDenied
    choose = forms.ChooseTemplateForm(request.GET or None, innovation=ic)
    target = None
    if request.method == "POST":
        form = forms.MoveTemplateForm(request.POST, innovation=ic)
        if form.is_valid():
            target = form.cleaned_data["template"]
            try:
                ic = services.move_template(
                    ic,
                    request.user,
                    target,
                    reason=form.cleaned_data["reason"],
                    token=form.cleaned_data["token"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The case now runs on “%(template)s”, in the phase “%(phase)s”.")
                    % {"template": ic.template, "phase": ic.phase.label},
                )
                return redirect(ic)
        else:
            target = form.cleaned_data.get("template")  # shown again beside the errors
    elif choose.is_valid():
        target = choose.cleaned_data["template"]
        form = forms.MoveTemplateForm(
            innovation=ic,
            initial={"template": target.pk, "token": selectors.template_fingerprint(target)},
        )
    else:
        form = None
    preview = changes = None
    if target is not None:
        changes = selectors.template_changes(ic.template, target)
        preview = selectors.move_preview(ic, changes)
    return render(
        request,
        "process/move_template.html",
        {
            "ic": ic,
            "case": ic.case,
            "choose": choose,
            "form": form,
            "target": target,
            "changes": changes,
            "preview": preview,
            "token": selectors.template_fingerprint(target) if target else "",
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
def templates(request):
    """The newest version of each process template and how many running cases are behind."""
    require(request.user, "process.templates")
    return render(request, "process/templates.html", {"rows": selectors.templates_overview()})


@login_required
def template_move(request, pk):
    """Move the running cases on older versions of a template to its newest version: for each
    case, what changes; the chosen cases move in one action."""
    require(request.user, "process.templates")
    template = get_object_or_404(ProcessTemplate, pk=pk, is_published=True)
    newest = services.current_template(template.innovation_type)
    form = forms.MoveCasesForm(request.POST or None, template=template)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.move_cases(
                request.user,
                template,
                form.cleaned_data["cases"],
                token=form.cleaned_data["token"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s case now runs on version %(version)s.",
                    "%(count)s cases now run on version %(version)s.",
                    len(moved),
                )
                % {"count": len(moved), "version": template.version},
            )
            return redirect("process:template_move", template.pk)
    groups = []
    if newest.pk == template.pk:
        cases = list(selectors.behind(template))
        for version in sorted({ic.template for ic in cases}, key=lambda t: t.version):
            changes = selectors.template_changes(version, template)
            previews = [
                selectors.move_preview(ic, changes) for ic in cases if ic.template == version
            ]
            groups.append({"changes": changes, "previews": previews})
    chosen = {str(v) for v in form["cases"].value() or []} if form.is_bound else None
    return render(
        request,
        "process/template_move.html",
        {
            "template": template,
            "newest": newest,
            "form": form,
            "groups": groups,
            "chosen": chosen,
            "token": selectors.template_fingerprint(template),
        },
        status=400 if form.errors else 200,
    )


def _adoption(request, pk, adoption_pk):
    """A unit's adoption: the case's people and the unit's managers see it; others get 404."""
    adoption = get_object_or_404(
        Adoption.objects.select_related(
            "innovation__case__organisation", "unit", "wave", "confirmed_by"
        ),
        pk=adoption_pk,
        innovation_id=pk,
    )
    require(request.user, "process.adoption_view", adoption, hide=True)
    return adoption


@login_required
def adoption(request, pk, adoption_pk):
    """One unit's place in the roll-out: its dated history and the next step – the receiving
    unit's manager confirms that it is in use."""
    adoption = _adoption(request, pk, adoption_pk)
    steps = workflow.available(adoption, request.user)
    form = forms.AdoptionStepForm(request.POST or None, steps=steps)
    if request.method == "POST":
        if not steps:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.adoption_step(
                    adoption, request.user, data["step"], on=data["on"], note=data["note"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("%(unit)s: now “%(status)s”.")
                    % {"unit": adoption.unit.name, "status": adoption.get_status_display()},
                )
                return redirect(adoption.get_absolute_url())
    ic = adoption.innovation
    return render(
        request,
        "process/adoption.html",
        {
            "adoption": adoption,
            "ic": ic,
            "case": ic.case,
            "history": list(adoption.steps.select_related("by")),
            "spread": selectors.spread(ic),
            "form": form if steps else None,
            "may_see_case": can(request.user, "process.view", ic),
        },
        status=400 if form.errors else 200,
    )


RECORD_TITLES = {
    "participant": gettext_lazy("Change a participant"),
    "task": gettext_lazy("Change a task"),
    "funding": gettext_lazy("Change a funding row"),
    "indicator": gettext_lazy("Change an indicator"),
    "measurement": gettext_lazy("Change a measured value"),
    "test": gettext_lazy("Change a test plan or result"),
    "wave": gettext_lazy("Change a wave"),
    "adoption": gettext_lazy("Change a unit in the roll-out plan"),
}
ANCHORS = {"wave": "adoption"}


def _record(request, pk, kind, record_pk):
    if kind not in services.RECORD_MODELS:
        raise Http404
    ic = _innovation(request, pk, "process.work")
    return ic, get_object_or_404(services.records_of(ic, kind), pk=record_pk)


@login_required
def record(request, pk, kind, record_pk):
    """Correct a record of the case (the old value stays in the audit trail) or remove it."""
    ic, obj = _record(request, pk, kind, record_pk)
    form = forms.record_form(kind, ic, request.POST or None, instance=obj)
    back = reverse("process:detail", args=[ic.pk]) + f"#{ANCHORS.get(kind, kind)}-h"
    if request.method == "POST" and form.is_valid():
        try:
            services.change_record(ic, request.user, kind, form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The change was saved."))
            return redirect(back)
    return render(
        request,
        "process/record.html",
        {
            "ic": ic,
            "case": ic.case,
            "form": form,
            "title": RECORD_TITLES[kind],
            "back": back,
            "kind": kind,
            "record": obj,
        },  # fmt: skip
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def remove_record(request, pk, kind, record_pk):
    if kind not in services.RECORD_MODELS:
        raise Http404
    ic = _innovation(request, pk, "process.work")
    obj = services.records_of(ic, kind).filter(pk=record_pk).first()
    if obj is None:  # removed already (a second click): say so, change nothing
        messages.info(request, _("The record has already been removed."))
    else:
        services.remove_record(ic, request.user, kind, obj)
        messages.success(request, _("The record was removed. The audit trail keeps what it held."))
    return redirect(reverse("process:detail", args=[ic.pk]) + f"#{ANCHORS.get(kind, kind)}-h")


# --- The showcase (Infört i regionen): public, no log-in -------------------------------------


@login_required
def showcase_edit(request, pk):
    """The advisor writes the showcase's public words of an innovation."""
    ic = _innovation(request, pk, "process.work")
    instance = Showcase.objects.filter(innovation=ic).first()
    form = forms.ShowcaseForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.save_showcase(ic, request.user, **form.cleaned_data)
        if showcase.may_show(ic):
            messages.success(request, _("The showcase was saved and is public."))
        else:
            messages.success(
                request,
                _(
                    "The showcase was saved. It becomes public when the case is public and in "
                    "maintenance or used by a unit."
                ),
            )
        return redirect(ic)
    context = {"ic": ic, "case": ic.case, "form": form, "title": _("Showcase for other regions")}
    return render(request, "process/edit.html", context, status=400 if form.errors else 200)


def showcase_index(request):
    items = list(showcase.entries())
    return render(request, "process/showcase_index.html", {"items": items})


def showcase_detail(request, pk):
    """One showcased innovation, and the "we want to use this" form (rate limited)."""
    try:
        item = showcase.entry(pk)
    except Showcase.DoesNotExist:
        raise Http404 from None
    form = forms.ReuseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        client = services.showcase_client(request)
        if not form.is_valid():
            status = 400
        elif not services.within_showcase_limit(client):
            form.add_error(
                None,
                _(
                    "Many messages have come from your connection in the last hour. Please try "
                    "again later; what you wrote is kept below."
                ),
            )
            status = 429
        else:
            url = request.build_absolute_uri(reverse("process:detail", args=[pk]))
            fields = {k: v for k, v in form.cleaned_data.items() if k != "website"}
            services.ask_to_reuse(item, url=url, **fields)
            messages.success(
                request, _("Thank you. The innovation unit has your message and will answer you.")
            )
            return redirect("process:showcase_detail", pk)
    context = {
        "item": item,
        "case": item.innovation.case,
        "outcomes": showcase.outcomes(item),
        "contact": showcase.contact(item),
        "form": form,
    }
    return render(request, "process/showcase_detail.html", context, status=status)


def _base(request):
    return request.build_absolute_uri("/").rstrip("/")


def showcase_json(request):
    data = json.dumps(showcase.document(_base(request)), ensure_ascii=False, indent=1)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response


def showcase_csv(request):
    response = HttpResponse(showcase.csv_text(_base(request)), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="showcase-v1.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def showcase_schema(request):
    response = HttpResponse(
        showcase.SCHEMA_FILE.read_bytes(), content_type="application/schema+json"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
