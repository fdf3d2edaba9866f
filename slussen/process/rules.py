"""Who may do what in the innovation process. Built on the case rules: whoever handles the
organisation's cases handles its innovation cases; the case's own people (owner in the line,
advisor, receiving and maintenance owners) work in it too. ``visible_q`` is the list form of
``process.view``; a test keeps the two in step."""

from django.db.models import Q

from slussen.accounts.roles import Role
from slussen.core.permissions import can, rule

PEOPLE = ("line_owner", "advisor", "receiving_owner", "maintenance_owner")
# Roles that carry leadership mandate for a red gate decision in their organisation's subtree.
RED_MANDATE_ROLES = (Role.INNOVATION_HEAD, Role.MANAGER)
PORTFOLIO_ROLES = (Role.INNOVATION_HEAD,)


def _named(user, ic) -> bool:
    return any(getattr(ic, f"{f}_id") == user.pk for f in PEOPLE)


def visible_q(user) -> Q | None:
    """Filter for the innovation cases ``user`` may see; ``None`` means all of them."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_region_wide:
        return None
    scope = Q(case__organisation_id__in=user.handled_org_ids) | Q(case__handler=user)
    for f in PEOPLE:
        scope |= Q(**{f: user})
    if not user.is_external:
        scope |= Q(case__submitter=user)
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


@rule("process.decide_red")
def decide_red(user, ic):
    """Red-zone decisions need leadership mandate over the case's organisation."""
    if not user.is_authenticated:
        return False
    if user.is_region_wide:
        return True
    mandate = user.orgs_with_role(*RED_MANDATE_ROLES)
    return bool(mandate.intersection(ic.case.organisation.ancestor_ids()))


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
