from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from slussen.core import workflow
from slussen.core.permissions import can, require
from slussen.intake import conf as intake_conf
from slussen.intake import services as intake_services

from . import forms, selectors, services
from .models import Audience, Challenge, Entry, Review


def index(request):
    """Open challenges for this reader's audience, and the rest they may see."""
    shown = list(selectors.challenges(request.user).order_by("-opens_on", "-pk"))
    context = {
        "open": [c for c in shown if c.takes_ideas()],
        "others": [c for c in shown if not c.takes_ideas()],
        "may_create": can(request.user, "challenges.create"),
    }
    return render(request, "challenges/index.html", context)


def _challenge(request, pk, action="challenges.view"):
    qs = Challenge.objects.select_related("state", "organisation", "owner")
    challenge = get_object_or_404(qs, pk=pk)
    require(request.user, "challenges.view", challenge, hide=True)
    if action != "challenges.view":
        require(request.user, action, challenge)
    return challenge


def _submit_url(user, challenge) -> str:
    """Where this person sends an idea: the employee form, else the public or company form (a
    company not logged in is asked to log in there); empty when the challenge is not for them."""
    staff = user.is_authenticated and not user.is_external
    company_to_log_in = (
        not user.is_authenticated
        and challenge.audience == Audience.COMPANIES
        and challenge.takes_ideas()
    )
    if not (can(user, "challenges.submit", challenge) or company_to_log_in):
        return ""
    return reverse("challenges:idea" if staff else "challenges:proposal", args=[challenge.pk])


def _detail_context(request, challenge, **extra):
    user = request.user
    context = {
        "challenge": challenge,
        "criteria": challenge.criteria.all(),
        "panel": challenge.panel.order_by("full_name"),
        "ideas": selectors.ideas(challenge, user),
        "count": challenge.entries.count(),
        "submit_url": _submit_url(user, challenge),
        "may_manage": can(user, "challenges.manage", challenge),
        "may_score": can(user, "challenges.score", challenge),
        "transitions": [t for t in workflow.available(challenge, user) if t.code != "decide"],
        "ranking": None,
        "chosen": selectors.chosen(challenge) if challenge.state.code == "decided" else None,
    }
    if can(user, "challenges.results", challenge):
        context["ranking"], _criteria = selectors.ranking(challenge)
        mine = Review.objects.filter(
            expert=user, entry__challenge=challenge, submitted_at__isnull=False
        )
        context["scored"] = set(mine.values_list("entry", flat=True))
    if can(user, "challenges.decide", challenge) and "decision_form" not in extra:
        context["decision_form"] = forms.DecisionForm(challenge=challenge)
    context.update(extra)
    return context


def detail(request, pk):
    challenge = _challenge(request, pk)
    return render(request, "challenges/detail.html", _detail_context(request, challenge))


def _criteria_rows(formset):
    return [f.cleaned_data for f in formset if f.cleaned_data]


@login_required
def create(request):
    require(request.user, "challenges.create")
    form = forms.ChallengeForm(request.POST or None)
    criteria = forms.CriterionFormSet(request.POST or None, prefix="criteria")
    if request.method == "POST" and form.is_valid() and criteria.is_valid():
        try:
            challenge = services.create(
                request.user, criteria=_criteria_rows(criteria), **form.service_data()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The challenge is saved as a draft. Open it when ready."))
            return redirect(challenge)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "challenges/form.html", {"form": form, "criteria": criteria}, status=status
    )


@login_required
def edit(request, pk):
    challenge = _challenge(request, pk, "challenges.manage")
    form = forms.ChallengeForm(request.POST or None, instance=challenge)
    initial = [
        {"id": c.pk, "name_sv": c.name_sv, "name_en": c.name_en, "weight": c.weight}
        for c in challenge.criteria.all()
    ]
    criteria = forms.CriterionFormSet(request.POST or None, initial=initial, prefix="criteria")
    if request.method == "POST" and form.is_valid() and criteria.is_valid():
        try:
            services.edit(challenge, request.user, **form.service_data())
            services.set_criteria(challenge, request.user, _criteria_rows(criteria))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The challenge is saved."))
            return redirect(challenge)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "criteria": criteria, "challenge": challenge}
    return render(request, "challenges/form.html", context, status=status)


@login_required
@require_POST
def transition(request, pk):
    challenge = _challenge(request, pk)
    code = request.POST.get("code", "")
    try:
        workflow.apply(challenge, code, request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request, _("Done: the challenge is now “%(state)s”.") % {"state": challenge.state}
        )
    return redirect(challenge)


def _already(request, challenge):
    messages.info(
        request,
        _("This idea was already registered a moment ago; it is not sent twice."),
    )
    return redirect(challenge)


def _closed(request, challenge):
    messages.error(request, _("This challenge does not take ideas from you now."))
    return redirect(challenge)


@login_required
def idea(request, pk):
    """An employee sends an idea to the challenge through intake's own form."""
    challenge = _challenge(request, pk)
    if request.user.is_external or not can(request.user, "challenges.submit", challenge):
        return _closed(request, challenge)
    form = forms.ChallengeIdeaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submission, _token = services.submit_idea(challenge, request.user, form.cleaned_data)
        except intake_services.AlreadyRegistered:
            return _already(request, challenge)
        except PermissionDenied:
            return _closed(request, challenge)
        messages.success(
            request,
            _("Your idea is registered as %(number)s. You will be told the outcome.")
            % {"number": submission.case.registry_number},
        )
        return redirect(challenge)
    status = 400 if request.method == "POST" else 200
    context = {"challenge": challenge, "form": form, "public": False}
    return render(request, "challenges/idea.html", context, status=status)


def proposal(request, pk):
    """Anyone (a challenge for everyone) sends a proposal through intake's public form, a
    company's account (a challenge for companies or everyone) through the company form; an
    employee uses the employee form, and a company without log-in is asked to log in."""
    challenge = _challenge(request, pk)
    user = request.user
    if user.is_authenticated and not user.is_external:
        return redirect("challenges:idea", pk=challenge.pk)
    if not user.is_authenticated and challenge.audience == Audience.COMPANIES:
        return redirect_to_login(request.get_full_path())
    if not can(user, "challenges.submit", challenge):
        return _closed(request, challenge)
    company = user.is_authenticated
    form_class = forms.ChallengeCompanyForm if company else forms.ChallengeProposalForm
    form = form_class(request.POST or None)
    status = 200
    if request.method == "POST":
        client = intake_services.client_of(request)
        if not form.is_valid():
            status = 400
        elif not intake_services.within_rate_limit(client):
            form.add_error(
                None,
                _(
                    "Many submissions have come from your connection in the last hour. Please "
                    "try again later; what you wrote is kept below."
                ),
            )
            status = 429
        else:
            kwargs = {"language": translation.get_language() or "sv", "client": client}
            try:
                if company:
                    submission, _token = services.submit_company(
                        challenge, user, form.cleaned_data, **kwargs
                    )
                else:
                    submission, _token = services.submit_proposal(
                        challenge, form.cleaned_data, **kwargs
                    )
            except intake_services.AlreadyRegistered:
                return _already(request, challenge)
            except PermissionDenied:
                return _closed(request, challenge)
            messages.success(
                request,
                _("Your proposal is registered as %(number)s.")
                % {"number": submission.case.registry_number},
            )
            return redirect(challenge)
    context = {
        "challenge": challenge,
        "form": form,
        "public": True,
        "privacy_contact": intake_conf.privacy_contact(),
    }
    return render(request, "challenges/idea.html", context, status=status)


@login_required
def score(request, pk):
    """A panel member scores one idea against the challenge's criteria."""
    entry = get_object_or_404(
        Entry.objects.select_related("challenge__state", "case__state", "case__submission"), pk=pk
    )
    challenge = entry.challenge
    require(request.user, "challenges.view", challenge, hide=True)
    require(request.user, "challenges.score", challenge)
    criteria = list(challenge.criteria.all())
    mine = Review.objects.filter(entry=entry, expert=request.user).first()
    form = forms.ScoreForm(
        request.POST or None, criteria=criteria, initial=forms.ScoreForm.initial_from(mine)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.score(entry, request.user, form.scores(criteria))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your scores are saved."))
            following = selectors.to_score(request.user).filter(challenge=challenge).first()
            if following is not None:
                return redirect("challenges:score", pk=following.pk)
            return redirect(challenge)
    status = 400 if request.method == "POST" else 200
    context = {"challenge": challenge, "entry": entry, "case": entry.case, "form": form}
    return render(request, "challenges/score.html", context, status=status)


@login_required
@require_POST
def decide(request, pk):
    challenge = _challenge(request, pk, "challenges.decide")
    form = forms.DecisionForm(request.POST, challenge=challenge)
    if form.is_valid():
        try:
            data = form.cleaned_data
            services.decide(challenge, request.user, data["chosen"], reason=data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The challenge is decided; the chosen ideas are accepted as innovation cases "
                  "and every participant is told."),
            )  # fmt: skip
            return redirect(challenge)
    context = _detail_context(request, challenge, decision_form=form)
    return render(request, "challenges/detail.html", context, status=400)
