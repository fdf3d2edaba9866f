from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from slussen.core import audit, workflow
from slussen.core.forms import list_filters
from slussen.core.paginator import CappedPaginator
from slussen.core.permissions import can, require

from . import actions, selectors, services
from .forms import (
    AttachmentForm,
    CaseEditForm,
    CaseForm,
    CommentForm,
    ReassignForm,
    TransitionForm,
)
from .models import Case
from .rules import public_title

PAGE_SIZE = 25
AUDIT_PAGE_SIZE = 100
COUNT_CAP = 1000
SORT_UP_TO = 5000  # a search's matches up to this many are read once and sorted (see below)


def _case(request, pk, action="case.view", *, related=()):
    """Fetch a case the user may see; anything else is a 404 so existence does not leak."""
    case = get_object_or_404(
        Case.objects.select_related("state", "organisation", "handler", "submitter", *related),
        pk=pk,
    )
    require(request.user, "case.view", case, hide=True)
    require(request.user, action, case)
    return case


def _status(request, filters):
    """400 for a list asked with an invalid form, as a page; its part for htmx is 200 (htmx
    swaps in no 400: the rows before it would stay, as if they matched)."""
    return 400 if filters is None and not request.htmx else 200


def _page(request, cases, *, searching):
    """A page of the register: filters are counted in the register's order, a text search from
    its index, its matches sorted by registry number unless there are very many (see
    ``CappedPaginator``)."""
    paginator = CappedPaginator(
        cases,
        PAGE_SIZE,
        cap=COUNT_CAP,
        count_in_order=not searching,
        estimate=searching,
        sort_up_to=SORT_UP_TO,
    )
    return paginator.get_page(request.GET.get("page"))


@login_required
def register(request):
    from .forms import RegisterFilterForm

    form = RegisterFilterForm(request.GET or None)
    filters = list_filters(form, find=lambda **f: selectors.register(request.user, **f))
    cases = Case.objects.none() if filters is None else selectors.register(request.user, **filters)
    page = _page(request, cases, searching=bool(filters and filters.get("q")))
    template = "cases/_register_rows.html" if request.htmx else "cases/register.html"
    return render(request, template, {"form": form, "page": page}, status=_status(request, filters))


@login_required
def export(request):
    """The register as the list shows it (same filters, same scope), as CSV, streamed a row at
    a time: memory stays flat however many rows."""
    from .forms import RegisterFilterForm

    form = RegisterFilterForm(request.GET or None)
    filters = list_filters(form)
    if filters is None:  # nothing, as the list shows: never the whole register
        return HttpResponseBadRequest(_("Correct the search first."))
    cases = selectors.register(request.user, **filters)
    audit.record(request.user, "case.export", None, filters={k: str(v) for k, v in filters.items()})
    response = StreamingHttpResponse(
        selectors.register_csv(cases), content_type="text/csv; charset=utf-8"
    )
    filename = f"diarium-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def public_register(request):
    """The public part of the register, without log-in."""
    from .forms import RegisterFilterForm

    form = RegisterFilterForm(request.GET or None)
    filters = list_filters(form, find=selectors.public_register)
    cases = Case.objects.none() if filters is None else selectors.public_register(**filters)
    page = _page(request, cases, searching=bool(filters and filters.get("q")))
    for case in page.object_list:
        case.public_title = public_title(case)
    template = "cases/_public_rows.html" if request.htmx else "cases/public_register.html"
    return render(request, template, {"form": form, "page": page}, status=_status(request, filters))


def public_detail(request, pk):
    """One entry of the public register. Shows nothing secret, so it is no disclosure to audit;
    whoever may see the whole case is offered the case page, which audits the read."""
    try:
        case = selectors.public_entry(pk)
    except Case.DoesNotExist:
        raise Http404 from None
    case.public_title = public_title(case)
    context = {
        "case": case,
        "may_open": can(request.user, "case.view", case),
        "handled_in": selectors.public_handled_in(case),
    }
    return render(request, "cases/public_detail.html", context)


@login_required
def create(request):
    require(request.user, "case.register")
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = services.open_case(actor=request.user, handler=request.user, **form.cleaned_data)
        messages.success(request, _("Registered as %(number)s.") % {"number": case.registry_number})
        return redirect(case)
    status = 400 if form.errors else 200
    return render(request, "cases/case_form.html", {"form": form}, status=status)


def _detail_context(request, case, **extra):
    internal = can(request.user, "case.handle", case)
    return {
        "case": case,
        "internal": internal,
        "events": selectors.timeline(case, internal=internal),
        "attachments": selectors.attachments(
            case, internal=can(request.user, "case.documents", case)
        ),
        "transitions": workflow.available(case, request.user) if internal else [],
        "state_labels": workflow.state_labels(case.state.workflow_id),
        "comment_form": CommentForm(initial={"internal": internal}),
        "attachment_form": AttachmentForm(),
        "case_actions": actions.for_case(request.user, case),
        "similar": selectors.similar_to(request.user, case),
        **extra,
    }


@login_required
def detail(request, pk):
    case = _case(request, pk, related=actions.related())  # what other apps show of it
    services.record_read(case, request.user)
    return render(request, "cases/case_detail.html", _detail_context(request, case))


@login_required
@require_POST
def comment(request, pk):
    case = _case(request, pk, "case.comment")
    form = CommentForm(request.POST)
    if form.is_valid():
        internal = form.cleaned_data["internal"] and can(request.user, "case.handle", case)
        services.add_comment(case, request.user, form.cleaned_data["body"], internal=internal)
        if not request.htmx:
            messages.success(request, _("Your comment was added."))
            return redirect(case)
        form = CommentForm(initial={"internal": internal})
        notice = _("Your comment was added.")
    else:
        notice = ""
    context = _detail_context(request, case, comment_form=form, notice=notice)
    if request.htmx:
        return render(request, "cases/_timeline.html", context)
    return render(request, "cases/case_detail.html", context, status=400)


@login_required
@require_POST
def attach(request, pk):
    case = _case(request, pk, "case.attach")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        internal = form.cleaned_data["internal"] and can(request.user, "case.handle", case)
        try:
            attachment = services.add_attachment(
                case, request.user, form.cleaned_data["file"], internal=internal
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("“%(name)s” was attached.") % {"name": attachment.filename})
            return redirect(case)
    context = _detail_context(request, case, attachment_form=form)
    return render(request, "cases/case_detail.html", context, status=400)


@login_required
def download(request, pk, attachment_pk):
    case = _case(request, pk)
    internal = can(request.user, "case.documents", case)
    attachment = get_object_or_404(selectors.attachments(case, internal=internal), pk=attachment_pk)
    audit.record(request.user, "case.download", case, attachment=attachment.pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )


@login_required
def edit(request, pk):
    case = _case(request, pk, "case.handle")
    form = CaseEditForm(request.POST or None, instance=case, initial={"version": case.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.update_case(
                case, request.user, expected_version=form.cleaned_data["version"], **data
            )
        except services.ConflictError as error:
            conflict = selectors.edit_conflict(case, form.cleaned_data["version"], data)
            form = CaseEditForm(
                {**conflict.merged, "version": conflict.saved.version}, instance=case
            )
            form.is_valid()
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(case)
    status = 409 if conflict else (400 if form.errors else 200)
    return render(
        request,
        "cases/case_edit.html",
        {"case": case, "form": form, "conflict": conflict},
        status=status,
    )


@login_required
def reassign(request, pk):
    case = _case(request, pk, "case.handle")
    form = ReassignForm(
        request.POST or None,
        initial={"organisation": case.organisation_id, "handler": case.handler_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reassign(case, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The case was reassigned."))
            return redirect(case)
    return render(
        request,
        "cases/case_reassign.html",
        {"case": case, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def transition(request, pk):
    case = _case(request, pk, "case.triage")
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            tr = workflow.apply(
                case,
                form.cleaned_data["transition"],
                request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Status changed to “%(state)s”.") % {"state": tr.target.label}
            )
    return redirect(case)


@login_required
def audit_trail(request, pk):
    case = _case(request, pk, "case.audit")
    # Every read is logged, so a case's trail grows: in pages, newest first, none left out.
    page = Paginator(audit.for_object(case).order_by("-created", "-pk"), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"case": case, "events": page.object_list, "page": page}
    return render(request, "cases/case_audit.html", context)
