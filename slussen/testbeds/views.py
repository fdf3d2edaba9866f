from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from slussen.accounts.models import Organisation
from slussen.core import audit
from slussen.core.forms import list_filters
from slussen.core.links import reverse
from slussen.core.permissions import can, require

from . import selectors, services
from .forms import (
    AnswerForm,
    CatalogueFilterForm,
    RecordForm,
    RecordSearchForm,
    RequestForm,
    TestbedForm,
)
from .models import Record, Request, Testbed
from .rules import owned_org_ids

PAGE_SIZE = 25


def _testbed(request, slug, action="testbeds.view"):
    testbed = get_object_or_404(Testbed.objects.select_related("organisation"), slug=slug)
    require(request.user, "testbeds.view", testbed, hide=True)
    require(request.user, action, testbed)
    return testbed


def _request(request, pk, action="testbeds.request.view"):
    req = get_object_or_404(
        Request.objects.select_related(
            "testbed__organisation",
            "case__state",
            "case__organisation",
            "case__submitter",
            "innovation__case",
        ),
        pk=pk,
    )
    require(request.user, "testbeds.request.view", req, hide=True)
    require(request.user, action, req)
    return req


def catalogue(request):
    form = CatalogueFilterForm(request.GET or None)
    filters = list_filters(form, find=lambda **f: selectors.catalogue(request.user, **f))
    testbeds = (
        Testbed.objects.none() if filters is None else selectors.catalogue(request.user, **filters)
    )
    template = "testbeds/_catalogue_rows.html" if request.htmx else "testbeds/catalogue.html"
    status = 400 if filters is None and not request.htmx else 200
    return render(request, template, {"form": form, "testbeds": testbeds}, status=status)


def detail(request, slug):
    testbed = _testbed(request, slug)
    owner = can(request.user, "testbeds.manage", testbed)
    context = {
        "testbed": testbed,
        "owner": owner,
        "records": selectors.records(request.user, testbed=testbed)[:20],
        "requests": selectors.inbox(request.user, testbed=testbed)[:20] if owner else None,
    }
    return render(request, "testbeds/detail.html", context)


def _innovation_for(request):
    """The innovation case a request is made for (``?innovation=``): only by one who works in
    it; a case this person may not see is not found."""
    from slussen.process.models import InnovationCase

    pk = request.POST.get("innovation") or request.GET.get("innovation")
    if not pk:
        return None
    ic = get_object_or_404(
        InnovationCase.objects.select_related("case__organisation"),
        pk=pk if str(pk).isdigit() else 0,
    )
    require(request.user, "process.view", ic, hide=True)
    require(request.user, "process.work", ic)
    return ic


def request_form(request, slug):
    testbed = _testbed(request, slug, "testbeds.request")
    innovation = _innovation_for(request)
    initial = {}
    if innovation is not None:  # prefilled from the case: information is entered once
        initial = {
            "title": innovation.case.title,
            "description": innovation.case.description,
            "company": innovation.case.organisation.name,
        }
    form = RequestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        req = services.open_request(
            testbed, user=request.user, innovation=innovation, **form.cleaned_data
        )
        messages.success(
            request,
            _(
                "Thank you. Your request is registered as %(number)s and has gone to the "
                "environment's owner. You will get an e-mail when they answer."
            )
            % {"number": req.case.registry_number},
        )
        if can(request.user, "testbeds.request.view", req):
            return redirect(req)
        return redirect(testbed)
    status = 400 if form.errors else 200
    return render(
        request,
        "testbeds/request_form.html",
        {"testbed": testbed, "form": form, "innovation": innovation},
        status=status,
    )


def _organisations(user):
    owned = owned_org_ids(user)
    qs = Organisation.objects.exclude(kind=Organisation.Kind.EXTERNAL)
    return qs if owned is None else qs.filter(pk__in=owned)


@login_required
def create(request):
    require(request.user, "testbeds.create")
    form = TestbedForm(request.POST or None, organisations=_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        testbed = services.save_testbed(request.user, **form.cleaned_data)
        messages.success(request, _("The test environment was added to the catalogue."))
        return redirect(testbed)
    status = 400 if form.errors else 200
    return render(request, "testbeds/testbed_form.html", {"form": form}, status=status)


@login_required
def edit(request, slug):
    testbed = _testbed(request, slug, "testbeds.manage")
    form = TestbedForm(
        request.POST or None, instance=testbed, organisations=_organisations(request.user)
    )
    if request.method == "POST" and form.is_valid():
        testbed = services.save_testbed(
            request.user, Testbed.objects.get(pk=testbed.pk), **form.cleaned_data
        )
        messages.success(request, _("The changes were saved."))
        return redirect(testbed)
    status = 400 if form.errors else 200
    return render(
        request, "testbeds/testbed_form.html", {"form": form, "testbed": testbed}, status=status
    )


@login_required
def inbox(request):
    require(request.user, "testbeds.inbox")
    page = Paginator(selectors.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "testbeds/inbox.html", {"page": page})


def _request_context(request, req, **extra):
    return {
        "req": req,
        "case": req.case,
        "may_answer": can(request.user, "testbeds.request.answer", req),
        "may_record": can(request.user, "testbeds.manage", req.testbed),
        "answers": selectors.answers(req),
        "records": selectors.records(request.user).filter(request=req),
        "answer_form": AnswerForm(),
        **extra,
    }


@login_required
def request_detail(request, pk):
    req = _request(request, pk)
    return render(request, "testbeds/request_detail.html", _request_context(request, req))


@login_required
@require_POST
def answer(request, pk):
    req = _request(request, pk, "testbeds.request.answer")
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.answer(req, request.user, form.cleaned_data["body"])
        messages.success(request, _("Your answer was sent to the requester."))
        return redirect(req)
    context = _request_context(request, req, answer_form=form)
    return render(request, "testbeds/request_detail.html", context, status=400)


@login_required
def record_new(request, slug):
    testbed = _testbed(request, slug, "testbeds.manage")
    req = None
    request_pk = request.POST.get("request") or request.GET.get("request")
    if request_pk:
        req = get_object_or_404(
            Request.objects.select_related("case"),
            pk=request_pk if str(request_pk).isdigit() else 0,
            testbed=testbed,
        )
    form = RecordForm(request.POST or None, request.FILES or None, initial={"kind": "result"})
    if request.method == "POST" and form.is_valid():
        rec = services.record(testbed, request.user, request=req, **form.cleaned_data)
        messages.success(request, _("“%(title)s” was recorded.") % {"title": rec.title})
        return redirect(req or testbed)
    status = 400 if form.errors else 200
    return render(
        request,
        "testbeds/record_form.html",
        {"testbed": testbed, "req": req, "form": form},
        status=status,
    )


def record_file(request, pk, file_pk):
    """A test plan's or result's file, for those who may read the record (404 for the others,
    so that neither the record nor the file is known to exist)."""
    rec = get_object_or_404(
        Record.objects.select_related("testbed__organisation", "case", "request__innovation__case"),
        pk=pk,
    )
    require(request.user, "testbeds.record.view", rec, hide=True)
    kept = get_object_or_404(rec.files, pk=file_pk)
    audit.record(request.user, "testbeds.download", rec, file=kept.pk)
    return FileResponse(
        kept.file.open("rb"),
        as_attachment=True,
        filename=kept.filename,
        content_type=kept.content_type,
    )


def _result(row):
    """A row of the results search as the list shows it."""
    if row["r_source"] == "case":
        url = reverse("process:detail", args=[row["r_innovation"]])
    else:
        url = reverse("testbeds:detail", args=[row["r_slug"]])
    return {
        "title": row["r_title"],
        "kind": dict(Record.Kind.choices).get(row["r_kind"], ""),
        "from_case": row["r_source"] == "case",
        "place": row["r_place"],
        "url": url,
        "by": row["r_by"] or "",
        "day": row["r_day"],
        "number": row["r_number"] or "",
        "internal": not row["r_public"],
        "text": row["r_text"],
        "files": row["r_files"],
    }


def results(request):
    """Test plans and results of the environments and of the innovation cases, in one search."""
    form = RecordSearchForm(request.GET or None)
    filters = list_filters(
        form,
        find=lambda **f: selectors.result_page(request.user, 1, per_page=1, **f).object_list,
    )
    if filters is None:  # nothing, as for a search that matched nothing
        page = Paginator([], PAGE_SIZE).get_page(1)
    else:
        page = selectors.result_page(
            request.user, request.GET.get("page"), per_page=PAGE_SIZE, **filters
        )
    page.object_list = [_result(row) for row in page.object_list]
    template = "testbeds/_results_rows.html" if request.htmx else "testbeds/results.html"
    status = 400 if filters is None and not request.htmx else 200
    return render(request, template, {"form": form, "page": page}, status=status)
