from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from slussen.accounts.models import Membership, Organisation
from slussen.cases.models import Case
from slussen.cases.rules import (
    ENDED_STATES,
    merge_from_refusal,
    merge_refusal,
    public_title,
    title_is_public,
)
from slussen.cases.selectors import with_may_merge_into, with_may_view
from slussen.core import workflow
from slussen.core.paginator import CappedPaginator
from slussen.core.permissions import can, require
from slussen.core.redirects import local_path, redirect_back, redirect_with_back

from . import conf, selectors, services
from .forms import (
    BulkAssignForm,
    ColleagueCommentForm,
    CompanyForm,
    DecisionForm,
    IdeaForm,
    LinkForm,
    MergeForm,
    ProposalForm,
    QueueFilterForm,
    ReplyForm,
    ShareForm,
    internal_orgs,
    join_form,
)
from .models import Channel, Draft, DraftFile, Submission, Supporter
from .rules import followed, handled_in, join_refusal, link_refusal

PAGE_SIZE = 25
QUEUE_CAP = 200


def _sent(request, submission, token):
    messages.success(
        request,
        _(
            "Thank you! Your submission is registered as %(number)s. Keep this page's address: "
            "it is your private link to follow what happens."
        )
        % {"number": submission.case.registry_number},
    )
    return redirect("intake:track", token=token)


def _already(request, repeat, *, verified):
    """The same text from the same sender was registered already: say so, in words, and what
    happens next. The registry number only to a sender whose address or account is known to be
    theirs (logged in, or the link sent to the address)."""
    case = repeat.submission.case
    context = {
        "case": case,
        "verified": verified,
        "may_view": request.user.is_authenticated and can(request.user, "case.view", case),
        "days": conf.first_response_days(),
    }
    return render(request, "intake/already_registered.html", context)


# --- Employees ------------------------------------------------------------------------------


def _own_org(user):
    membership = (
        Membership.objects.filter(user=user)
        .exclude(organisation__kind=Organisation.Kind.EXTERNAL)
        .order_by("pk")
        .first()
    )
    return membership.organisation_id if membership else None


def _draft_data(post):
    return {name: post.get(name, "") for name in IdeaForm.DRAFT_FIELDS}


@login_required
def idea(request):
    require(request.user, "intake.submit_idea")
    status, restored = 200, None
    if request.method == "POST":
        form = IdeaForm(request.POST, request.FILES)
        services.save_draft(request.user, _draft_data(request.POST))  # nothing typed is lost
        files = request.FILES.getlist("attachments")
        try:
            services.keep_files(request.user, files)
        except ValidationError as error:
            form.is_valid()
            form.add_error("attachments", error)
        if form.is_valid():
            try:
                submission, token = services.submit_idea(request.user, form.cleaned_data)
            except services.AlreadyRegistered as repeat:
                return _already(request, repeat, verified=True)
            return _sent(request, submission, token)
        status = 400
    else:
        draft = Draft.objects.filter(user=request.user).first()
        initial = {"organisation": _own_org(request.user)}
        if draft is not None and draft.data:
            initial.update({k: v for k, v in draft.data.items() if v})
            restored = draft.updated
        form = IdeaForm(initial=initial)
    kept = DraftFile.objects.filter(draft__user=request.user)
    context = {"form": form, "restored": restored, "kept_files": kept}
    return render(request, "intake/idea.html", context, status=status)


@login_required
@require_POST
def draft(request):
    require(request.user, "intake.submit_idea")
    saved = services.save_draft(request.user, _draft_data(request.POST))
    if not request.htmx:
        messages.success(request, _("Your draft was saved."))
        return redirect("intake:idea")
    return render(request, "intake/_draft_status.html", {"saved": saved.updated})


@login_required
@require_POST
def draft_discard(request):
    require(request.user, "intake.submit_idea")
    services.discard_draft(request.user)
    messages.success(request, _("Your draft was discarded."))
    return redirect("intake:idea")


@login_required
@require_POST
def draft_file_delete(request, pk):
    require(request.user, "intake.submit_idea")
    drafts = DraftFile.objects.select_related("draft")
    kept = get_object_or_404(drafts, pk=pk, draft__user=request.user)
    services.remove_draft_file(request.user, kept)
    messages.success(request, _("“%(name)s” was removed.") % {"name": kept.filename})
    return redirect("intake:idea")


# --- Patients, relatives, travellers, residents; companies ------------------------------------


def _public_form(request, form_class, template, submit, done=_sent, **form_kwargs):
    form = form_class(request.POST or None, **form_kwargs)
    status = 200
    if request.method == "POST":
        client = services.client_of(request)
        if not form.is_valid():
            status = 400
        elif not services.within_rate_limit(client):
            form.add_error(
                None,
                _(
                    "Many submissions have come from your connection in the last hour. Please "
                    "try again later; what you wrote is kept below."
                ),
            )
            status = 429
        else:
            language = translation.get_language() or "sv"
            try:
                sent = submit(form.cleaned_data, language=language, client=client)
            except services.AlreadyRegistered as repeat:
                return _already(request, repeat, verified=request.user.is_authenticated)
            return done(request, *sent)
    context = {"form": form, "privacy_contact": conf.privacy_contact()}
    return render(request, template, context, status=status)


def proposal(request):
    return _public_form(request, ProposalForm, "intake/proposal.html", services.submit_proposal)


def company(request):
    """A logged-in company's inquiry is registered at once. Anybody else's waits until the
    owner of the address typed confirms the link sent there: nobody can send in another's
    name."""
    user = request.user
    if user.is_authenticated and user.is_external:

        def submit(data, **kwargs):
            return services.submit_company(data, user=user, **kwargs)

        template = "intake/company.html"
        return _public_form(request, CompanyForm, template, submit, known_company=True)

    def request_link(data, **kwargs):
        return (services.request_company_inquiry(data, **kwargs),)

    def check_mail(request, _pending):
        return redirect_with_back(request, "intake:company_check")

    return _public_form(request, CompanyForm, "intake/company.html", request_link, check_mail)


def _check_context(request):
    return {"days": conf.confirm_days(), "again": local_path(request, request.GET.get("back"))}


def company_check(request):
    context = {**_check_context(request), "answer": request.GET.get("answer") == "1"}
    return render(request, "intake/company_check.html", context)


@never_cache
def company_confirm(request, token):
    """The link in the mail: a page that asks for one click, so that a mail program that opens
    links to scan them confirms nothing."""
    pending = services.pending_inquiry(token)
    refused = None
    if request.method == "POST" and pending is not None and pending.data.get("purpose"):
        # Another way in on the same confirmation (an answer to a need): its own next page.
        try:
            path, text = services.confirm_company_inquiry(token)
        except ValidationError as error:
            refused = error.messages
        else:
            messages.success(request, text)
            return redirect(path)
    elif request.method == "POST" and pending is not None:
        try:
            submission, tracking = services.confirm_company_inquiry(token)
        except services.AlreadyRegistered as repeat:  # the link proved the address
            return _already(request, repeat, verified=True)
        except ValidationError:
            pending = None
        else:
            return _sent(request, submission, tracking)
    status = 400 if refused else 200 if pending is not None else 410
    data = pending.data if pending else {}
    context = {"pending": pending, "data": data, "refused": refused}
    response = render(request, "intake/company_confirm.html", context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def similar(request):
    """Cases like the one being written (htmx, while typing)."""
    fields = ("title", "description", "problem", "summary")  # the fund application's summary
    text = " ".join(request.GET.get(k, "")[:5000] for k in fields)
    found = selectors.suggestions(request.user, text, limit=3)
    for case in found:
        # Why not, in words, where it may not be joined (her own, one she handles, one that
        # has ended): a suggestion without a way to follow it and without a word was a dead end.
        case.join_refusal = join_refusal(request.user, case)
        case.may_join = not case.join_refusal
    # The form being written: "No, mine is different" on the join page leads back to it.
    back = local_path(request, request.htmx.current_url_abs_path) if request.htmx else None
    context = {
        "similar": found,
        "writing": True,
        "joinable": any(case.may_join for case in found),
        "back": back,
    }
    return render(request, "intake/_similar.html", context)


# --- "This is my need too" ---------------------------------------------------------------------


def _joinable(request, pk):
    """A case one may support, or a colleague's shared idea one may read (its own author
    reads the colleagues' comments on it); a secret case looks like none."""
    case = get_object_or_404(
        Case.objects.select_related("state", "organisation", "submission", "submitter"), pk=pk
    )
    # A public case's page says why it takes no supporters (ended, her own, hers to handle);
    # one whose title she may not read does not exist for her.
    if not (can(request.user, "intake.see_shared", case) or title_is_public(case.secrecy)):
        require(request.user, "intake.join", case, hide=True)
    return case


def join(request, pk):
    """From a suggestion: support and follow the existing case instead of sending a duplicate.
    With an account at once; otherwise through a link sent to the address given."""
    case = _joinable(request, pk)
    user = request.user
    form = join_form(user, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif user.is_authenticated:
            via = Supporter.Via.CASE if request.GET.get("via") == "case" else None
            extra = {"via": via} if via else {}
            try:
                supporter = services.join(case, user, **form.cleaned_data, **extra)
            except ValidationError as refusal:
                form.add_error(None, refusal)
                status = 400
            else:
                messages.success(
                    request,
                    _("You support %(number)s and follow it: its news reach you.")
                    % {"number": case.registry_number},
                )
                return redirect(services.supporter_path(supporter))
        elif not services.within_rate_limit(services.client_of(request)):
            form.add_error(
                None,
                _(
                    "Many submissions have come from your connection in the last hour. Please "
                    "try again later; what you wrote is kept below."
                ),
            )
            status = 429
        else:
            language = translation.get_language() or "sv"
            try:
                services.request_public_join(case, form.cleaned_data, language=language)
            except ValidationError as refusal:
                form.add_error(None, refusal)
                status = 400
            else:
                return redirect_with_back(request, "intake:join_check")
    supporter = (
        Supporter.objects.filter(case=case, user=user).first() if user.is_authenticated else None
    )
    if not user.is_authenticated:
        own_form = "intake:proposal"
    else:
        own_form = "intake:company" if user.is_external else "intake:idea"
    context = {
        "case": case,
        "title": public_title(case),
        "form": form,
        # The form she was writing (from the suggestion's link), else the one that is hers.
        "back": local_path(request, request.GET.get("back")) or reverse(own_form),
        "may_join": can(user, "intake.join", case),
        "refusal": join_refusal(user, case),
        # Merged into another: the case that handles the need now, if she may support it.
        "instead": (
            instead
            if (instead := handled_in(case)) is not None and can(user, "intake.join", instead)
            else None
        ),
        "supporter": supporter,
        "privacy_contact": conf.privacy_contact(),
    }
    context.update(_colleague_context(user, case, from_list=request.GET.get("via") == "case"))
    return render(request, "intake/join.html", context, status=status)


def _colleague_context(user, case, form=None, *, from_list=True):
    """A colleague's shared idea: its comments and, reached from the colleagues' list, the idea
    itself as its author wrote it (who shared it, how many support it), read as a colleague's
    idea rather than as a case to follow instead of sending a duplicate."""
    if not can(user, "intake.comment_shared", case):
        return {}
    return {
        "comments": selectors.colleague_comments(case),
        "comment_form": form or ColleagueCommentForm(),
        "colleague_view": from_list,
        "own": case.submitter_id is not None and case.submitter_id == user.pk,
        "handles": can(user, "case.handle", case),  # hers already: not offered to support it
        "support_count": case.supporters.count(),
    }


@login_required
@require_POST
def colleague_comment(request, pk):
    """A colleague comments on a shared idea; the handlers are told."""
    case = get_object_or_404(
        Case.objects.select_related("state", "organisation", "submission"), pk=pk
    )
    require(request.user, "intake.comment_shared", case, hide=True)
    form = ColleagueCommentForm(request.POST)
    if form.is_valid():
        services.comment_as_colleague(case, request.user, form.cleaned_data["body"])
        messages.success(request, _("Your comment is published to colleagues and the handler."))
        return redirect(reverse("intake:join", args=[case.pk]) + "?via=case#comments-h")
    supporter = Supporter.objects.filter(case=case, user=request.user).first()
    context = {
        "case": case,
        "title": public_title(case),
        "form": join_form(request.user),
        "may_join": can(request.user, "intake.join", case),
        "supporter": supporter,
        **_colleague_context(request.user, case, form),
    }
    return render(request, "intake/join.html", context, status=400)


def join_check(request):
    return render(request, "intake/join_check.html", _check_context(request))


@never_cache
def join_confirm(request, token):
    """The link in the mail asks for one click, so a mail program that opens links to scan
    them signs nobody up."""
    pending = services.pending_join(token)
    if request.method == "POST" and pending is not None:
        try:
            supporter = services.confirm_public_join(token)
        except ValidationError:
            pending = None
        else:
            messages.success(
                request,
                _(
                    "Thank you! You support %(number)s. Keep this page's address: it is your "
                    "private link to follow the case."
                )
                % {"number": supporter.case.registry_number},
            )
            return redirect(services.supporter_path(supporter))
    status = 200 if pending is not None else 410
    title = public_title(pending["case"]) if pending else ""
    context = {"pending": pending, "title": title}
    response = render(request, "intake/join_confirm.html", context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- Following a submission -----------------------------------------------------------------


def _track_context(submission, **extra):
    case = submission.case
    return {
        "submission": submission,
        "case": case,
        "events": selectors.public_timeline(case),
        "progress": selectors.progress(case),
        "followed_instead": services.followed_instead(submission),
        "form": ReplyForm(),
        # Colleagues see a shared idea only while its case is open (``intake.see_shared``): an
        # ended one (closed, handed on, merged into another) offers no choice that does nothing.
        "share_form": (
            ShareForm(initial={"shared": submission.shared})
            if submission.channel in SHAREABLE and case.state.code not in ENDED_STATES
            else None
        ),
        **extra,
    }


SHAREABLE = (Channel.EMPLOYEE, Channel.PUBLIC)


@require_POST
def share(request, token):
    """The submitter chooses from her private page whether colleagues see her submission."""
    submission = _submission(token)
    if submission.channel not in SHAREABLE:
        raise Http404
    form = ShareForm(request.POST)
    form.is_valid()  # a checkbox: absent is "no"
    shared = bool(form.cleaned_data.get("shared"))
    try:
        services.set_shared(submission, shared, request.user)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return render(request, "intake/track.html", _track_context(submission), status=400)
    messages.success(
        request,
        _("Colleagues now see it.") if shared else _("Colleagues no longer see it."),
    )
    return redirect("intake:track", token=token)


def _submission(token):
    submission = services.by_token(token)
    if submission is None:
        raise Http404
    return submission


def _support_context(supporter):
    case = supporter.case
    if not followed(case):
        # Made secret since she joined: its number and who to ask, nothing of the case.
        return {"supporter": supporter, "case": case, "secret": True}
    events = selectors.supporter_timeline(case)
    return {
        "supporter": supporter,
        "followed_instead": services.moved_with(supporter),
        "case": case,
        "title": public_title(case),
        "events": events,
        "progress": selectors.progress(case),
    }


@never_cache
def track(request, token):
    """The submitter's private page, or a supporter's (which shows only what the public may
    know of the case: nothing its submitter wrote)."""
    submission = services.by_token(token)
    if submission is not None:
        response = render(request, "intake/track.html", _track_context(submission))
    else:
        supporter = services.supporter_by_token(token)
        if supporter is None:
            raise Http404
        response = render(request, "intake/supported.html", _support_context(supporter))
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_POST
def reply(request, token):
    submission = _submission(token)
    form = ReplyForm(request.POST)
    if form.is_valid():
        services.reply(submission, form.cleaned_data["body"], request.user)
        messages.success(request, _("Your message was sent to the handling unit."))
        return redirect("intake:track", token=token)
    context = _track_context(submission, form=form)
    return render(request, "intake/track.html", context, status=400)


# --- Triage ---------------------------------------------------------------------------------


def _queue_context(request, **extra):
    organisations = list(internal_orgs())  # one read for the filter's and the assignment's lists
    form = QueueFilterForm(request.GET or None, organisations=organisations)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.queue(request.user, **{k: v for k, v in filters.items() if v})
    # A queue is worked from the top: count no further than a few pages.
    # The open cases of some organisations come from their index, not in the queue's order.
    paginator = CappedPaginator(rows, PAGE_SIZE, cap=QUEUE_CAP, count_in_order=False)
    page = paginator.get_page(request.GET.get("page"))
    return {
        "form": form,
        "page": page,
        "today": timezone.localdate(),
        "assign_form": BulkAssignForm(
            prefix="assign", user=request.user, organisations=organisations
        ),
        **extra,
    }


@login_required
def queue(request):
    require(request.user, "intake.queue")
    context = _queue_context(request)
    template = "intake/_queue_rows.html" if request.htmx else "intake/queue.html"
    return render(request, template, context)


@login_required
@require_POST
def assign(request):
    require(request.user, "intake.queue")
    form = BulkAssignForm(request.POST, prefix="assign", user=request.user)
    ids = [pk for pk in request.POST.getlist("cases") if pk.isdigit()]
    scope = selectors.queue(request.user).filter(case_id__in=ids)
    cases = [s.case for s in scope]
    if not cases:
        form.is_valid()
        form.add_error(None, _("Choose at least one case in the list."))
    if cases and form.is_valid():
        try:
            count = services.bulk_assign(cases, request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            text = ngettext(
                "%(count)d case was reassigned.", "%(count)d cases were reassigned.", count
            )
            messages.success(request, text % {"count": count})
            return redirect_back(request, request.POST.get("back"), "intake:queue")
    context = _queue_context(request, assign_form=form, chosen=set(ids))
    return render(request, "intake/queue.html", context, status=400)


def _case(request, pk):
    case = get_object_or_404(
        Case.objects.select_related("state", "organisation", "handler", "submitter"), pk=pk
    )
    require(request.user, "case.view", case, hide=True)
    require(request.user, "case.handle", case)
    return case


def _case_context(request, case, **extra):
    submission = (
        Submission.objects.filter(case=case)
        .select_related("area", "company", "chosen_organisation")
        .prefetch_related("co_submitters__user")
        .first()
    )
    return {
        "case": case,
        "submission": submission,
        "similar": with_may_merge_into(
            request.user,
            with_may_view(
                request.user,
                selectors.similar(request.user, f"{case.title} {case.description}", exclude=case),
            ),
        ),
        "links": selectors.links(case),
        "supporters": selectors.supporters(case),
        # A merge names the surviving case: it has a form of its own.
        "transitions": [t for t in workflow.available(case, request.user) if t.code != "merge"],
        "may_merge": any(t.code == "merge" for t in workflow.available(case, request.user)),
        "merge_from_refusal": merge_from_refusal(case),
        "decision_form": DecisionForm(),
        "link_form": LinkForm(),
        "link_refusal": link_refusal(case),
        # "Merge into this one" from the list of similar cases fills in its number.
        "merge_form": MergeForm(initial={"into": request.GET.get("into", "")[:32]}),
        "today": timezone.localdate(),
        **extra,
    }


@login_required
def case(request, pk):
    case = _case(request, pk)
    return render(request, "intake/case.html", _case_context(request, case))


@login_required
@require_POST
def decide(request, pk):
    case = _case(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            transition = workflow.apply(
                case,
                form.cleaned_data["transition"],
                request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(
                request,
                _("Status changed to “%(state)s”. The submitter has been told why.")
                % {"state": transition.target.label},
            )
            if transition.code == "accept" and can(request.user, "process.start", case):
                # The next step at once: the innovation process, with the case filled in.
                messages.info(request, _("Now start the innovation process for the case."))
                return redirect("process:start", case_pk=case.pk)
            return redirect("intake:case", pk=case.pk)
    context = _case_context(request, case, decision_form=form)
    return render(request, "intake/case.html", context, status=400)


@login_required
@require_POST
def link(request, pk):
    case = _case(request, pk)
    form = LinkForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["other"].strip()
        other = Case.objects.filter(registry_number__iexact=number).first()
        if other is None or not can(request.user, "case.view", other):
            form.add_error("other", _("There is no case with this number that you may see."))
        else:
            try:
                services.link_cases(
                    case,
                    other,
                    request.user,
                    kind=form.cleaned_data["kind"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.add_error("other", error)
            else:
                messages.success(request, _("The cases were linked; both submitters are told."))
                return redirect("intake:case", pk=case.pk)
    context = _case_context(request, case, link_form=form)
    return render(request, "intake/case.html", context, status=400)


@login_required
@require_POST
def merge(request, pk):
    case = _case(request, pk)
    form = MergeForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["into"].strip()
        survivor = (
            Case.objects.select_related("state", "organisation")
            .filter(registry_number__iexact=number)
            .first()
        )
        # A case whose title anyone may read (the similar cases show it) is named, with why
        # she may not merge into it; any other she may not see does not exist for her.
        if survivor is None or not (
            can(request.user, "case.view", survivor) or title_is_public(survivor.secrecy)
        ):
            form.add_error("into", _("There is no case with this number that you may see."))
        elif refusal := merge_refusal(request.user, survivor, case):
            form.add_error("into", refusal)
        else:
            try:
                moved = services.merge(
                    case, survivor, request.user, message=form.cleaned_data["message"]
                )
            except ValidationError as error:
                form.add_error("into", error)
            else:
                text = ngettext(
                    "%(case)s was merged into %(other)s; %(count)d follower came over, and "
                    "everyone was told.",
                    "%(case)s was merged into %(other)s; %(count)d followers came over, and "
                    "everyone was told.",
                    moved,
                )
                messages.success(
                    request,
                    text
                    % {
                        "case": case.registry_number,
                        "other": survivor.registry_number,
                        "count": moved,
                    },
                )
                return redirect("intake:case", pk=survivor.pk)
    context = _case_context(request, case, merge_form=form)
    return render(request, "intake/case.html", context, status=400)


@login_required
def colleagues(request):
    """Colleagues' ideas and needs that their submitters let employees see; a patient's or
    resident's proposal never shows who sent it."""
    require(request.user, "intake.colleagues")
    page = Paginator(selectors.colleagues_ideas(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "intake/colleagues.html", {"page": page})
