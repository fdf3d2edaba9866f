from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from slussen.core import workflow
from slussen.core.permissions import can, require
from slussen.core.redirects import redirect_with_back
from slussen.intake import conf as intake_conf
from slussen.intake import selectors as intake_selectors
from slussen.intake import services as intake_services
from slussen.intake.forms import join_form
from slussen.intake.models import Supporter

from . import forms, services
from .models import Answer, Audience, Need
from .rules import on_board_q


def board(request):
    """Published needs for this reader's audience: the public, companies or employees."""
    needs = Need.objects.filter(on_board_q(request.user)).select_related("state")
    mine = None
    if request.user.is_authenticated and not request.user.is_external:
        mine = (
            Need.objects.filter(author=request.user)
            .exclude(state__code="closed")
            .select_related("state")
        )
    may_create = can(request.user, "needs.create_any")
    context = {"needs": needs, "mine": mine, "may_create": may_create}
    return render(request, "needs/board.html", context)


def _need(request, pk, action="needs.view"):
    need = get_object_or_404(
        Need.objects.select_related("state", "case__organisation", "case__state"), pk=pk
    )
    require(request.user, "needs.view", need, hide=True)
    if action != "needs.view":
        require(request.user, action, need)
    return need


def detail(request, pk):
    need = _need(request, pk)
    may_answer = can(request.user, "needs.answer", need)
    may_edit = can(request.user, "needs.edit", need)
    may_translate = can(request.user, "needs.translate", need)
    own_answer = services.own_answer(need, request.user)
    answered = own_answer is not None
    without_account = not request.user.is_authenticated
    form_class = forms.CompanyAnswerForm if without_account else forms.AnswerForm
    answer_form = form_class(request.POST or None) if may_answer and not answered else None
    status = 200
    if request.method == "POST":
        if answer_form is None:
            require(request.user, "needs.answer", need)
            return redirect(need)
        if without_account:
            return _answer_without_account(request, need, answer_form)
        if answer_form.is_valid():
            try:
                services.answer(need, request.user, **answer_form.cleaned_data)
            except ValidationError as error:
                answer_form.add_error(None, error)
            else:
                messages.success(request, _("Your answer was sent. You will be told the outcome."))
                return redirect(need)
        status = 400
    context = {
        "need": need,
        "may_edit": may_edit,
        "may_translate": may_translate,
        "answer_form": answer_form,
        "answered": answered,
        "own_answer": own_answer,
        "transitions": workflow.available(need, request.user),
    }
    if without_account and answer_form is not None:
        context["privacy_contact"] = intake_conf.privacy_contact()
    if may_edit and need.audience == Audience.EMPLOYEES:  # no company answers it
        context["supporters"] = intake_selectors.supporters(need.case)
    elif may_edit:
        context["answers"] = need.answers.select_related("company", "author")
        if need.answers.filter(status=Answer.Status.SUBMITTED).exists():
            context["shortlist_form"] = forms.ShortlistForm(need=need)
    context.update(_support_context(request.user, need))
    return render(request, "needs/detail.html", context, status=status)


def _support_context(user, need, form=None):
    """An employee's "our need too": whether she already supports the need's case, else the
    form to say so."""
    if not can(user, "needs.support", need):
        return {}
    supporter = Supporter.objects.filter(case=need.case, user=user).first()
    return {
        "may_support": True,
        "supporter": supporter,
        "support_form": None if supporter else (form or join_form(user)),
    }


@login_required
@require_POST
def support(request, pk):
    need = _need(request, pk, "needs.support")
    form = join_form(request.user, request.POST)
    if form.is_valid():
        services.support(need, request.user, **form.cleaned_data)
        messages.success(
            request,
            _("You support the need: the unit that published it sees it, and you follow it."),
        )
        return redirect(need)
    context = {"need": need, **_support_context(request.user, need, form)}
    return render(request, "needs/detail.html", context, status=400)


def _answer_without_account(request, need, form):
    """Through the company way in: the answer waits for the address typed to confirm it."""
    client = intake_services.client_of(request)
    status = 400
    if form.is_valid() and not intake_services.within_rate_limit(client):
        form.add_error(
            None,
            _(
                "Many submissions have come from your connection in the last hour. Please "
                "try again later; what you wrote is kept below."
            ),
        )
        status = 429
    elif form.is_valid():
        language = translation.get_language() or "sv"
        services.request_answer(need, form.cleaned_data, language=language, client=client)
        return redirect_with_back(request, "intake:company_check", answer="1")
    context = {"need": need, "answer_form": form, "privacy_contact": intake_conf.privacy_contact()}
    return render(request, "needs/detail.html", context, status=status)


@login_required
def create(request):
    require(request.user, "needs.create_any")
    form = forms.NeedForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        need = services.create_need(data.pop("case"), request.user, **data)
        messages.success(request, _("The need is saved as a draft. Ask the manager to approve it."))
        return redirect(need)
    status = 400 if form.errors else 200
    return render(request, "needs/form.html", {"form": form}, status=status)


@login_required
def english(request, pk):
    """Its handlers give the need's texts in English, for the English pages."""
    need = _need(request, pk, "needs.translate")
    form = forms.EnglishForm(request.POST or None, instance=need)
    if request.method == "POST" and form.is_valid():
        services.set_english(need, request.user, **form.cleaned_data)
        messages.success(request, _("The English texts are saved: the English pages show them."))
        return redirect(need)
    status = 400 if form.errors else 200
    return render(request, "needs/english.html", {"need": need, "form": form}, status=status)


@login_required
@require_POST
def transition(request, pk):
    need = _need(request, pk)
    code = request.POST.get("code", "")
    try:
        workflow.apply(need, code, request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Done: the need is now “%(state)s”.") % {"state": need.state})
    return redirect(need)


@login_required
@require_POST
def shortlist(request, pk):
    need = _need(request, pk, "needs.edit")
    form = forms.ShortlistForm(request.POST, need=need)
    if form.is_valid():
        try:
            data = form.cleaned_data
            services.shortlist(need, request.user, data["chosen"], dialogue=data["dialogue"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Shortlisted; the early dialogue is recorded on the case."))
            return redirect(need)
    context = {
        "need": need,
        "may_edit": True,
        "answers": need.answers.select_related("company", "author"),
        "shortlist_form": form,
        "transitions": workflow.available(need, request.user),
    }
    return render(request, "needs/detail.html", context, status=400)
