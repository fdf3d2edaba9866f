"""Who may do what in the innovation process. Built on the case rules: whoever handles the
organisation's cases handles its innovation cases; the case's own people (owner in the line,
advisor, receiving and maintenance owners) work in it too. ``visible_q`` is the list form of
``process.view``; a test keeps the two in step."""

from django.db.models import Q

from slussen.accounts.roles import Role
from slussen.cases.rules import participants
from slussen.core.permissions import can, rule

PEOPLE = ("line_owner", "advisor", "receiving_owner", "maintenance_owner")
# Who decides in each mandate zone (data, keyed by zone code): the permission rule the decider
# must pass. Green: whoever works the case (its advisor, its handling unit). Yellow: a line
# manager of the case's organisation (or above it), by name – the advisor asks for the approval
# in Slussen. Red: leadership mandate – the head of the innovation unit over the case's
# organisation, or the region's central coordinators (the body a template names decides
# outside Slussen and the head records it).
DECIDERS = {
    "green": "process.decide",
    "yellow": "process.decide_yellow",
    "red": "process.decide_red",
}
YELLOW_MANDATE_ROLES = (Role.MANAGER,)
RED_MANDATE_ROLES = (Role.INNOVATION_HEAD,)
PORTFOLIO_ROLES = (Role.INNOVATION_HEAD,)


def _named(user, ic) -> bool:
    return any(getattr(ic, f"{f}_id") == user.pk for f in PEOPLE)


def _named_on_case(user, case) -> bool:
    from .models import InnovationCase

    named = Q()
    for f in PEOPLE:
        named |= Q(**{f: user})
    return InnovationCase.objects.filter(named, case=case).exists()


def _named_on_case_q(user) -> Q:
    """The cases whose innovation case names ``user``: a few ids looked up through the
    innovation cases' own indexes, not a join of every case to its innovation case."""
    from .models import InnovationCase

    named = Q()
    for f in PEOPLE:
        named |= Q(**{f: user})
    return Q(pk__in=InnovationCase.objects.filter(named).values("case_id"))


# The people named in an innovation case see its register case and work with its documents.
participants(_named_on_case, _named_on_case_q)


def visible_q(user) -> Q | None:
    """Filter for the innovation cases ``user`` may see; ``None`` means all of them."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_region_wide:
        return None
    from slussen.cases.models import Case

    # The register cases are read through their own indexes (organisation, handler, submitter),
    # not joined one by one to every innovation case: a million cases are not read to find a
    # unit's few hundred. One subquery per index: the unit's case ids come from the index on
    # (organisation, id) alone, without reading the cases themselves (an OR of the three would
    # read every one of the unit's cases from the table).
    handled = [Q(organisation_id__in=user.handled_org_ids), Q(handler=user)]
    if not user.is_external:
        handled.append(Q(submitter=user))
    scope = Q()
    for q in handled:
        scope |= Q(case_id__in=Case.objects.filter(q).values("pk"))
    for f in PEOPLE:
        scope |= Q(**{f: user})
    return scope


@rule("process.view")
def view(user, ic):
    if not user.is_authenticated:
        return False
    return (
        can(user, "case.handle", ic.case)
        or _named(user, ic)
        or (ic.case.submitter_id == user.pk and not user.is_external)
    )


@rule("process.work")
def work(user, ic):
    """Edit the workspace: people, plans, checklist, records."""
    return user.is_authenticated and (can(user, "case.handle", ic.case) or _named(user, ic))


@rule("process.decide")
def decide(user, ic):
    """Record green and yellow gate decisions."""
    return work(user, ic)


def _mandate_over(user, ic, roles) -> bool:
    if not user.is_authenticated or user.is_external:
        return False
    mandate = user.orgs_with_role(*roles)
    return bool(mandate.intersection(ic.case.organisation.ancestor_ids()))


def line_managers(ic):
    """The people who may approve a yellow decision of ``ic``: line managers of its
    organisation or of an organisation above it."""
    from slussen.accounts.models import User

    return (
        User.objects.filter(
            is_active=True,
            memberships__role=Role.MANAGER,
            memberships__organisation_id__in=ic.case.organisation.ancestor_ids(),
        )
        .distinct()
        .order_by("full_name")
    )


@rule("process.gate")
def gate(user, ic):
    """Take a gate step at all: whoever holds the mandate of some zone over the case. Which
    zone the step needs, and whether this person holds it, the ``process.mandate`` guard
    decides."""
    return any(can(user, action, ic) for action in DECIDERS.values())


@rule("process.decide_yellow")
def decide_yellow(user, ic):
    """A line manager over the case's organisation approves (and so decides) in yellow."""
    return _mandate_over(user, ic, YELLOW_MANDATE_ROLES)


@rule("process.decide_red")
def decide_red(user, ic):
    """Red-zone decisions need leadership mandate over the case's organisation."""
    if not user.is_authenticated:
        return False
    if user.is_region_wide:
        return True
    return _mandate_over(user, ic, RED_MANDATE_ROLES)


@rule("process.start")
def start(user, case):
    return user.is_authenticated and can(user, "case.triage", case)


@rule("process.list")
def list_cases(user, obj):
    return user.is_authenticated and not user.is_external


@rule("process.portfolio")
def portfolio(user, obj):
    return user.is_authenticated and (user.is_region_wide or user.has_role(*PORTFOLIO_ROLES))


@rule("process.hand_over")
def hand_over(user, obj):
    return portfolio(user, obj)


@rule("process.move_template")
def move_template(user, ic):
    """Move a running case to another template: the central coordinators, and the head of the
    innovation unit over the case."""
    if not user.is_authenticated:
        return False
    return user.is_region_wide or _mandate_over(user, ic, (Role.INNOVATION_HEAD,))


@rule("process.templates")
def templates(user, obj=None):
    """Administer the process templates and move the region's running cases to their newest
    version: the central coordinators (region-wide), not a unit's advisor or head."""
    return user.is_authenticated and user.is_region_wide


# The roll-out: a target unit's adoption (``models.Adoption``)


def _manages_unit(user, adoption) -> bool:
    from slussen.accounts.hierarchy import manages

    return manages(user, adoption.unit)


@rule("process.adoption_view")
def adoption_view(user, adoption):
    """The case's people, and the managers of the receiving unit (who confirm it is in use)."""
    return user.is_authenticated and (
        can(user, "process.view", adoption.innovation) or _manages_unit(user, adoption)
    )


@rule("process.adoption_plan")
def adoption_plan(user, adoption):
    """Plan, prepare and change a unit's place in the roll-out: whoever works the case."""
    return work(user, adoption.innovation)


@rule("process.adoption_confirm")
def adoption_confirm(user, adoption):
    """Only the receiving unit's manager says the solution is in use there."""
    return _manages_unit(user, adoption)


@rule("process.adoption_stop")
def adoption_stop(user, adoption):
    return adoption_plan(user, adoption) or _manages_unit(user, adoption)
