"""The intake's sections of the start page: new and overdue cases, company inquiries."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from slussen.accounts.roles import Role
from slussen.cases import selectors as case_selectors
from slussen.cases.models import HANDLED_ELSEWHERE, Case, Kind
from slussen.cases.rules import public_title
from slussen.cases.workflows import CASE_WORKFLOW
from slussen.core import home
from slussen.core.home import Item
from slussen.core.models import WorkflowState

from . import selectors, services
from .models import Submission, Supporter
from .rules import followed_q

COMPANY_KINDS = (Kind.COLLABORATION, Kind.PARTNERSHIP)


def _item(case, s):
    """A case waiting for assessment, with its submission ``s`` (None if registered by hand)."""
    today = timezone.localdate()
    late = s is not None and s.first_response is None and s.due < today
    if s is None or s.first_response is not None:
        asked = _("Assess it") if case.state.code == "new" else ""
    elif late:
        asked = _("The first answer was due %(date)s") % {"date": date_format(s.due)}
    else:
        asked = _("Answer the submitter by %(date)s") % {"date": date_format(s.due)}
    return Item(
        f"{case.registry_number} {case.title}",
        reverse("intake:case", args=[case.pk]),
        case.state.label,
        asked,
        late,
    )


def _items(qs):
    """The first submissions of the queue ``qs`` as items: their ids ordered without the rows
    (index-only reads of the waiting cases' submissions, on (case, first_response, due, id)),
    then those few rows whole. Ordered with every row whole (its case, state, organisation,
    handler and supporters), each waiting case was read with its submission to sort them."""
    shown = list(qs.values_list("pk", flat=True)[: home.SHOWN + 1])
    return [_item(s.case, s) for s in qs.filter(pk__in=shown)]


def _handles(user):
    return user.is_authenticated and user.handles_cases and not user.is_region_wide


WAITING_READ = 3000  # waiting cases ordered here rather than by the database (see new_cases)


def new_cases(user):
    """New cases and those being assessed in the advisor's organisations (and those they
    handle), registered by hand too; the oldest first.

    The waiting cases are found through the indexes on (state, organisation) and (state,
    handler) and ordered here by age: asked for the oldest few at once, the database walks the
    whole register by date looking for the organisation's waiting ones (40 000 cases read for
    an advisor's nine). Past ``WAITING_READ`` waiting cases the walk meets them soon enough."""
    if not _handles(user):
        return None
    states = WorkflowState.objects.filter(
        workflow__code=CASE_WORKFLOW, code__in=["new", "assessing"]
    ).values_list("pk", flat=True)
    waiting = (
        case_selectors.register(user, by_branch=False)
        .filter(state_id__in=list(states))
        .filter(Q(organisation_id__in=user.handled_org_ids) | Q(handler=user))
        .exclude(kind__in=HANDLED_ELSEWHERE)
    )
    found = list(waiting.order_by().values_list("created", "pk")[: WAITING_READ + 1])
    if not found:
        return []
    if len(found) <= WAITING_READ:
        waiting = Case.objects.filter(pk__in=[pk for _c, pk in sorted(found)[: home.SHOWN + 1]])
    qs = waiting.select_related("state", "submission").order_by("created", "pk")
    items = []
    for case in qs[: home.SHOWN + 1]:
        try:
            submission = case.submission
        except Submission.DoesNotExist:
            submission = None
        items.append(_item(case, submission))
    return items


def overdue(user):
    if not _handles(user):
        return None
    return _items(selectors.queue(user, overdue=True, sort="due"))


def company_inquiries(user):
    """Company inquiries not yet decided: the coordinator routes them to an organisation."""
    if not (user.is_authenticated and user.has_role(Role.COORDINATOR)):
        return None
    # The open cases of the two kinds through the index on (kind, state, id), not the region's
    # open cases of every kind read to sort these.
    return _items(selectors.queue(user, sort="due").filter(case__kind__in=COMPANY_KINDS))


def colleagues_ideas(user):
    """The newest ideas colleagues shared that an employee may support: not her own, not one
    she already supports (those are under "Needs you share"), not one she handles (those are
    in her queue; a coordinator handles them all)."""
    if not user.is_authenticated or user.is_external or user.is_region_wide:
        return None
    qs = (
        selectors.colleagues_ideas(user)
        .exclude(submitter=user)
        .exclude(supporters__user=user)
        .exclude(Q(organisation_id__in=user.handled_org_ids) | Q(handler=user))
    )
    rows = list(qs[: home.SHOWN + 1])
    if not rows:
        return None
    return [
        Item(
            case.title,
            reverse("intake:join", args=[case.pk]) + "?via=case",
            ngettext("%(n)s supporter", "%(n)s supporters", case.support_count)
            % {"n": case.support_count},
        )
        for case in rows
    ]


def supported(user):
    """The cases whose need the person shares, newest support first, each leading to her own
    page for following it."""
    if not user.is_authenticated:
        return None
    qs = (
        Supporter.objects.filter(followed_q(), user=user)
        .select_related("case__state")
        .order_by("-created", "-pk")
    )
    rows = list(qs[: home.SHOWN + 1])
    if not rows:
        return None
    return [
        Item(
            f"{s.case.registry_number} {public_title(s.case) or ''}".strip(),
            services.supporter_path(s),
            s.case.state.label,
        )
        for s in rows
    ]


def register():
    home.add(
        "overdue", gettext_lazy("Overdue: waiting for a first answer"), overdue, order=10,
        more="intake:queue", empty=gettext_lazy("Nothing overdue."),
    )  # fmt: skip
    home.add(
        "new_cases", gettext_lazy("New and being assessed"), new_cases, order=11,
        more="intake:queue", empty=gettext_lazy("No new cases. Well done."),
    )  # fmt: skip
    home.add(
        "company_inquiries", gettext_lazy("Company inquiries to route"), company_inquiries,
        order=12, more="intake:queue", empty=gettext_lazy("No company inquiry waits."),
    )  # fmt: skip
    home.add("supported", gettext_lazy("Needs you share"), supported, order=91)
    home.add(
        "colleagues_ideas", gettext_lazy("Colleagues' ideas to support"), colleagues_ideas,
        order=93, more="intake:colleagues", counted=False,
    )  # fmt: skip
