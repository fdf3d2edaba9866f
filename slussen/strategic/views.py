from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from slussen.core import workflow
from slussen.core.permissions import can, require

from . import selectors, services
from .forms import FundingForm, PortfolioFilterForm, ProjectForm, StepForm
from .models import Funding, Project


def _project(request, pk, action="strategic.view"):
    require(request.user, "strategic.view")
    project = get_object_or_404(
        Project.objects.select_related("state", "lead_organisation", "case"), pk=pk
    )
    require(request.user, action, project)
    return project


@login_required
def portfolio(request):
    require(request.user, "strategic.view")
    form = PortfolioFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    projects = list(selectors.portfolio(**{k: v for k, v in filters.items() if v}))
    context = {"form": form, "projects": projects, "totals": selectors.funding_totals(projects)}
    template = "strategic/_portfolio_rows.html" if request.htmx else "strategic/portfolio.html"
    return render(request, template, context)


@login_required
def create(request):
    require(request.user, "strategic.run")
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = services.save_project(request.user, **form.cleaned_data)
        messages.success(request, _("The project was saved as a draft."))
        return redirect(project)
    status = 400 if form.errors else 200
    return render(request, "strategic/project_form.html", {"form": form}, status=status)


@login_required
def edit(request, pk):
    project = _project(request, pk, "strategic.run")
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        services.save_project(request.user, Project.objects.get(pk=project.pk), **form.cleaned_data)
        messages.success(request, _("The changes were saved."))
        return redirect(project)
    status = 400 if form.errors else 200
    return render(
        request, "strategic/project_form.html", {"form": form, "project": project}, status=status
    )


def _detail_context(request, project, **extra):
    runs = can(request.user, "strategic.run", project)
    return {
        "project": project,
        "runs": runs,
        "steps": project.steps.select_related("transition", "actor"),
        "funding": project.funding.all(),
        "directions": project.direction_labels,
        "organisations": project.organisations.all(),
        "transitions": workflow.available(project, request.user) if runs else [],
        "step_form": StepForm(),
        "funding_form": FundingForm(),
        **extra,
    }


@login_required
def detail(request, pk):
    project = _project(request, pk)
    return render(request, "strategic/detail.html", _detail_context(request, project))


@login_required
@require_POST
def step(request, pk):
    project = _project(request, pk, "strategic.run")
    form = StepForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            done = services.take_step(
                project,
                data["transition"],
                request.user,
                reason=data["reason"],
                occurred_on=data["occurred_on"],
                reference=data["reference"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Recorded: %(step)s.") % {"step": done.transition.label})
            return redirect(project)
    context = _detail_context(request, project, step_form=form)
    return render(request, "strategic/detail.html", context, status=400)


@login_required
@require_POST
def add_funding(request, pk):
    project = _project(request, pk, "strategic.run")
    form = FundingForm(request.POST)
    if form.is_valid():
        services.add_funding(project, request.user, **form.cleaned_data)
        messages.success(request, _("The funding was added."))
        return redirect(project)
    context = _detail_context(request, project, funding_form=form)
    return render(request, "strategic/detail.html", context, status=400)


@login_required
def remove_funding(request, pk, funding_pk):
    """Asks first (GET), removes on POST."""
    project = _project(request, pk, "strategic.run")
    funding = get_object_or_404(Funding, pk=funding_pk, project=project)
    if request.method == "POST":
        services.remove_funding(funding, request.user)
        messages.success(request, _("The funding was removed."))
        return redirect(project)
    return render(
        request, "strategic/remove_funding.html", {"project": project, "funding": funding}
    )
