"""Who may do what in the innovation fund."""

from slussen.accounts import people
from slussen.accounts.roles import STAFF_ROLES, Role
from slussen.core.permissions import rule

from .workflows import OPEN


def _region_wide(user):
    return user.is_authenticated and user.is_region_wide


def _assigned(user, call, group):
    """Is ``user`` an assigned pre-screener/expert of ``call``? Cached on the user per call."""
    if not user.is_authenticated or call is None:
        return False
    cache = user.__dict__.setdefault("_fund_assigned", {})
    key = (group, call.pk)
    if key not in cache:
        cache[key] = getattr(call, group).filter(pk=user.pk).exists()
    return cache[key]


def _assigned_to(user, app):
    """Is ``user`` an expert assigned to review ``app``? Cached on the user per application."""
    if not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_fund_assigned_to", {})
    if app.pk not in cache:
        cache[app.pk] = app.assignments.filter(expert=user).exists()
    return cache[app.pk]


def _the_manager(user, app):
    """The named manager, if a line manager of the application's organisation: someone named
    before that rule, or who has since left the line, neither reads nor approves it."""
    if not user.is_authenticated or app.manager_id != user.pk:
        return False
    cache = user.__dict__.setdefault("_fund_manager_of", {})
    key = app.organisation_id
    if key not in cache:
        cache[key] = people.may_hold(user, "fund.manager", app.organisation)
    return cache[key]


@rule("fund.apply")
def apply(user, obj):
    return user.is_authenticated and (user.is_superuser or user.has_role(*STAFF_ROLES))


@rule("fund.manage")
def manage(user, obj):
    """Calls, decision meetings, statistics, project status: the central coordinators."""
    return _region_wide(user)


@rule("fund.decide")
def decide(user, application):
    return _region_wide(user)


@rule("fund.override_budget")
def override_budget(user, obj):
    """Exceeding a call's budget: the head of the fund (an administrator), never the
    coordinator who prepares the decisions."""
    return user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMIN))


@rule("fund.call_overview")
def call_overview(user, call):
    return _region_wide(user) or _assigned(user, call, "experts")


@rule("fund.view")
def view(user, app):
    if not user.is_authenticated:
        return False
    if app.applicant_id == user.pk or _region_wide(user):
        return True
    if app.submitted_at is None:
        return False
    if _the_manager(user, app):
        return True
    if app.state.code not in ("draft", "signoff") and _assigned(user, app.call, "prescreeners"):
        return True
    return app.state.code not in ("draft", "signoff", "prescreening") and _assigned_to(user, app)


@rule("fund.edit")
def edit(user, app):
    """The applicant's draft, or the application sent back for more information."""
    return (
        user.is_authenticated
        and app.applicant_id == user.pk
        and app.state.code in ("draft", "more_info")
    )


@rule("fund.delete")
def delete(user, app):
    """A draft that never reached anyone: no registry case, not sent back by the manager."""
    return submit(user, app) and app.case_id is None and app.submitted_at is None


@rule("fund.submit")
def submit(user, app):
    return edit(user, app) and app.state.code == "draft"


@rule("fund.withdraw")
def withdraw(user, app):
    return user.is_authenticated and app.applicant_id == user.pk and app.state.code in OPEN


@rule("fund.signoff")
def signoff(user, app):
    return _the_manager(user, app)


@rule("fund.prescreen")
def prescreen(user, app):
    return _assigned(user, app.call, "prescreeners")


@rule("fund.review")
def review(user, app):
    """Only an expert assigned to this application (not the whole expert group)."""
    return _assigned_to(user, app)


@rule("fund.project_view")
def project_view(user, project):
    return view(user, project.application)


@rule("fund.report")
def report(user, project):
    return user.is_authenticated and project.application.applicant_id == user.pk


@rule("fund.ask")
def ask(user, app):
    """Send the application back for more information: a coordinator, in pre-screening or
    expert review; a pre-screener of the call, in pre-screening."""
    state = app.state.code
    if state not in ("prescreening", "review"):
        return False
    return _region_wide(user) or (
        state == "prescreening" and _assigned(user, app.call, "prescreeners")
    )


@rule("fund.resubmit")
def resubmit(user, app):
    return user.is_authenticated and app.applicant_id == user.pk and app.state.code == "more_info"


@rule("fund.thread")
def thread(user, app):
    """The questions and replies: the applicant, the coordinators, the call's pre-screeners
    and the experts assigned to the application – not the manager, not the rest of the expert
    group."""
    if not user.is_authenticated:
        return False
    if app.applicant_id == user.pk or _region_wide(user):
        return True
    if app.submitted_at is None:
        return False
    return _assigned(user, app.call, "prescreeners") or _assigned_to(user, app)


@rule("fund.accept")
def accept(user, project):
    """Accepting the grant and its conditions: the applicant, or the manager who signed the
    application off, while the project runs."""
    if project.status not in ("running", "delayed"):
        return False
    app = project.application
    return user.is_authenticated and (app.applicant_id == user.pk or _the_manager(user, app))


def visible_q(user):
    """The list form of ``fund.view``: a filter for the applications ``user`` may see, or
    ``None`` for all of them. Subqueries rather than joins, so that no row is counted twice
    in a sum beside it. A test keeps the two in step for every role."""
    from django.db.models import Q

    from .models import Assignment, Call

    if not user.is_authenticated:
        return Q(pk__in=[])
    if _region_wide(user):
        return None
    submitted = Q(submitted_at__isnull=False)
    past_signoff = submitted & ~Q(state__code__in=["draft", "signoff"])
    past_prescreening = past_signoff & ~Q(state__code="prescreening")
    return (
        Q(applicant=user)
        | submitted
        & Q(manager=user, organisation__in=people.organisations_for(user, "fund.manager"))
        | past_signoff & Q(call__in=Call.objects.filter(prescreeners=user).values("pk"))
        | past_prescreening
        & Q(pk__in=Assignment.objects.filter(expert=user).values("application_id"))
    )
