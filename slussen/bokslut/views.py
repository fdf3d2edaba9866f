import time
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from slussen.accounts.models import Organisation
from slussen.core import audit
from slussen.core.permissions import can, require

from . import charts, exports, selectors, services
from . import report as report_module
from .editions import is_published
from .forms import (
    CorrectionForm,
    PublishForm,
    ReopenForm,
    ReportTextsForm,
    ResponseForm,
    RoundForm,
)
from .models import Edition, ReportText, Response, SurveyRound
from .rubric import DIMENSIONS, LEVELS, Direction


@login_required
def index(request):
    require(request.user, "bokslut.use")
    context = {"coordinator": can(request.user, "bokslut.coordinate")}
    if context["coordinator"]:
        context["rounds"] = selectors.rounds()
    own = list(selectors.own_responses(request.user))
    context["own"] = own
    orgs = {r.organisation for r in own}
    context["own_trends"] = [
        (org, [r for r in selectors.submitted(organisation=org)]) for org in sorted(orgs, key=str)
    ]
    return render(request, "bokslut/home.html", context)


@login_required
def round_create(request):
    require(request.user, "bokslut.coordinate")
    today = timezone.localdate()
    form = RoundForm(
        request.POST or None,
        initial={
            "year": today.year - 1 if today.month < 7 else today.year,
            "due": today + timedelta(days=30),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.create_round(request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The survey round for %(year)s was created. Send it when you are ready.")
                % {"year": survey.year},
            )
            return redirect("bokslut:round", year=survey.year)
    status = 400 if form.errors else 200
    return render(request, "bokslut/round_form.html", {"form": form}, status=status)


def _round(request, year):
    require(request.user, "bokslut.coordinate")
    return get_object_or_404(SurveyRound, year=year)


@login_required
def round_detail(request, year):
    survey = _round(request, year)
    responses = list(selectors.completion(survey))
    missing = survey.sent_at and selectors.reporting_without_response(survey)
    counts = {
        "not_started": sum(1 for r in responses if r.state.code == "draft" and not r.saved_at),
        "draft": sum(1 for r in responses if r.state.code == "draft" and r.saved_at),
        "submitted": sum(1 for r in responses if r.state.code == "submitted"),
    }
    return render(
        request,
        "bokslut/round_detail.html",
        {
            "survey": survey,
            "responses": responses,
            "counts": counts,
            "missing": missing,
            "overdue": survey.due < timezone.localdate(),
        },
    )


@login_required
@require_POST
def round_send(request, year):
    survey = _round(request, year)
    created = services.send_round(survey, request.user)
    if created:
        messages.success(
            request,
            _("The survey was sent to %(n)s organisations.") % {"n": len(created)},
        )
    else:
        messages.info(request, _("Every reporting organisation already has the survey."))
    return redirect("bokslut:round", year=survey.year)


def _response(request, pk):
    response = get_object_or_404(
        Response.objects.select_related("round", "organisation", "state", "submitted_by"), pk=pk
    )
    require(request.user, "bokslut.view_response", response, hide=True)
    return response


def _response_context(request, response, form=None, **extra):
    editable = response.state.code == "draft" and can(request.user, "bokslut.answer", response)
    if editable and form is None:
        form = ResponseForm(instance=response, user=request.user)
    examples = list(response.examples.select_related("case"))
    published = is_published(response.round.year)
    reopen_form_class = CorrectionForm if published else ReopenForm
    return {
        "published": published,
        "response": response,
        "form": form if editable else None,
        "editable": editable,
        "levels": LEVELS.items(),
        "directions": [
            (
                Direction(code).label,
                response.text_for(code),
                [e.case for e in examples if e.direction == code],
            )
            for code in Direction.values
        ],
        "dimensions": [(d, getattr(response, d.field)) for d in DIMENSIONS],
        "may_reopen": response.state.code == "submitted"
        and can(request.user, "bokslut.reopen", response),
        "reopen_form": extra.pop("reopen_form", None) or reopen_form_class(),
        "history": selectors.submitted(organisation=response.organisation),
        **extra,
    }


@login_required
def response_detail(request, pk):
    response = _response(request, pk)
    if request.method != "POST":
        return render(request, "bokslut/response.html", _response_context(request, response))
    require(request.user, "bokslut.answer", response)
    submitting = request.POST.get("action") == "submit"
    form = ResponseForm(request.POST, instance=response, user=request.user, submitting=submitting)
    if response.state.code == "draft" and form.is_valid():
        try:
            services.save_response(
                response, request.user, form.answers(), form.examples(), submit=submitting
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if submitting:
                messages.success(
                    request,
                    _("Thank you – the response for %(year)s has been submitted.")
                    % {"year": response.round.year},
                )
            else:
                messages.success(request, _("Your draft was saved."))
            return redirect("bokslut:response", pk=response.pk)
    elif response.state.code != "draft":
        messages.error(
            request, _("This response has been submitted. Ask the coordinator to reopen it.")
        )
        return redirect("bokslut:response", pk=response.pk)
    context = _response_context(request, response, form=form)
    return render(request, "bokslut/response.html", context, status=400)


@login_required
@require_POST
def response_autosave(request, pk):
    """Save the draft in the background while the head types (htmx); nothing is submitted."""
    response = _response(request, pk)
    require(request.user, "bokslut.answer", response)
    form = ResponseForm(request.POST, instance=response, user=request.user)
    saved = None
    if response.state.code == "draft" and form.is_valid():
        try:
            saved = services.save_response(response, request.user, form.answers(), form.examples())
        except ValidationError:
            saved = None
    return render(
        request,
        "bokslut/_autosave_status.html",
        {"saved": saved, "form": form, "submitted": response.state.code != "draft"},
    )


@login_required
@require_POST
def response_reopen(request, pk):
    response = _response(request, pk)
    require(request.user, "bokslut.reopen", response)
    form = (CorrectionForm if is_published(response.round.year) else ReopenForm)(request.POST)
    if form.is_valid():
        try:
            services.reopen(
                response,
                request.user,
                form.cleaned_data["reason"],
                correction=form.cleaned_data.get("correction", False),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The response of %(org)s was reopened and its head of innovation told.")
                % {"org": response.organisation.name},
            )
            return redirect("bokslut:round", year=response.round.year)
        return redirect("bokslut:response", pk=response.pk)
    context = _response_context(request, response, reopen_form=form)
    return render(request, "bokslut/response.html", context, status=400)


@login_required
def compilation(request):
    require(request.user, "bokslut.coordinate")
    years = selectors.compilation().years
    try:
        year = int(request.GET.get("year") or years[-1])
    except (ValueError, IndexError):
        year = None
    if year not in years:
        year = years[-1] if years else None
    sections = report_module.build(year, report_module.COMPILATION).sections if year else []
    return render(
        request,
        "bokslut/compilation.html",
        {"years": years, "year": year, "sections": sections},
    )


def _report_year(request, year):
    require(request.user, "bokslut.coordinate")
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404
    return year


@login_required
def report(request, year):
    year = _report_year(request, year)
    return render(
        request,
        "bokslut/report.html",
        {
            "report": report_module.build(year),
            "editions": Edition.objects.filter(year=year),
            "publish_form": PublishForm(),
        },
    )


@login_required
@require_POST
def publish(request, year):
    year = _report_year(request, year)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            edition = services.publish(year, request.user, form.cleaned_data["change_note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Edition %(number)s of the report for %(year)s was published.")
                % {"number": edition.number, "year": year},
            )
            return redirect("bokslut:edition", year=year, number=edition.number)
    return render(
        request,
        "bokslut/report.html",
        {
            "report": report_module.build(year),
            "editions": Edition.objects.filter(year=year),
            "publish_form": form,
        },
        status=400,
    )


# --- The published report: public, no log-in -------------------------------------------------


def published(request):
    """Every published edition, newest year first."""
    editions = list(Edition.objects.all())
    years = {}
    for edition in editions:
        years.setdefault(edition.year, []).append(edition)
    return render(
        request,
        "bokslut/published.html",
        {"years": sorted(years.items(), reverse=True), "organisations": selectors.reporting()},
    )


def _edition(year, number):
    return get_object_or_404(Edition, year=year, number=number)


def edition(request, year, number):
    shown = _edition(year, number)
    return render(
        request,
        "bokslut/edition.html",
        {
            "edition": shown,
            "body": mark_safe(shown.html(get_language())),  # noqa: S308 – rendered by us
            "others": Edition.objects.filter(year=year).exclude(pk=shown.pk),
            "latest": Edition.objects.filter(year=year).first(),
        },
    )


def _edition_file(request, year, number, kind, content_type, disposition):
    shown = _edition(year, number)
    language = get_language() if get_language() in Edition.LANGUAGES else "sv"
    stored = shown.file(kind, language)
    name = f"innovationsbokslut-{year}-{number}-{language}.{kind}"
    response = FileResponse(stored.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


def edition_pdf(request, year, number):
    return _edition_file(request, year, number, "pdf", "application/pdf", "inline")


def edition_xlsx(request, year, number):
    return _edition_file(
        request,
        year,
        number,
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "attachment",
    )


def organisation(request, pk):
    """One organisation's maturity per dimension over the years, with its descriptions of each
    year's work: published years for everyone; its own head and the coordinators also see the
    answers submitted for years not yet published."""
    org = get_object_or_404(Organisation, pk=pk)
    may_see_unpublished = can(request.user, "bokslut.view_organisation", org)
    years = selectors.organisation_years(org, unpublished=may_see_unpublished)
    if not years and not may_see_unpublished:
        raise Http404
    return render(
        request,
        "bokslut/organisation.html",
        {
            "organisation": org,
            "years": years,
            "chart": charts.organisation_chart(
                _("Maturity of %(org)s per dimension and year") % {"org": org.name},
                _(
                    "Dot chart: one row per dimension and one for the overall level, one marker "
                    "per year on the scale 1–5. The table below has the same numbers."
                ),
                years,
                DIMENSIONS,
                _("Overall maturity"),
            )
            if years
            else None,
            "dimensions": DIMENSIONS,
            "directions": [(code, Direction(code).label) for code in Direction.values],
        },
    )


@login_required
def report_pdf(request, year):
    year = _report_year(request, year)
    started = time.monotonic()
    body = exports.pdf(report_module.build(year))
    audit.record(
        request.user,
        "bokslut.report_pdf",
        None,
        year=year,
        language=get_language(),
        seconds=round(time.monotonic() - started, 2),
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="innovationsbokslut-{year}.pdf"'
    return response


@login_required
def report_xlsx(request, year):
    year = _report_year(request, year)
    body = exports.xlsx(report_module.build(year))
    audit.record(request.user, "bokslut.report_xlsx", None, year=year)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="innovationsbokslut-{year}.xlsx"'
    return response


@login_required
def report_texts(request, year):
    year = _report_year(request, year)
    texts = dict(ReportText.objects.filter(year=year).values_list("section", "body"))
    form = ReportTextsForm(request.POST or None, texts=texts)
    if request.method == "POST" and form.is_valid():
        changed = services.save_report_texts(year, request.user, form.cleaned_data)
        if changed:
            messages.success(request, _("The report texts were saved."))
        else:
            messages.info(request, _("Nothing had changed."))
        return redirect("bokslut:report", year=year)
    status = 400 if form.errors else 200
    return render(request, "bokslut/report_texts.html", {"form": form, "year": year}, status=status)
