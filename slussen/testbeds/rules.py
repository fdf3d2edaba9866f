"""Who may do what with test environments, their requests and their records.

The owner of an environment is whoever holds the role testbed owner in its organisation (or in
an organisation above it); coordinators and administrators act region-wide. The request's case
lives in the register, whose own rules still apply there (the requester and the case handlers
see it); these rules let the owner handle the request on its own pages.
"""

from slussen.accounts.roles import STAFF_ROLES, Role
from slussen.core.permissions import can, rule


def owns(user, testbed) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_region_wide:
        return True
    owner_orgs = user.orgs_with_role(Role.TESTBED_OWNER)
    return bool(owner_orgs) and bool(owner_orgs & set(testbed.organisation.ancestor_ids()))


def owned_org_ids(user) -> set[int] | None:
    """The organisations whose environments ``user`` owns (with subtrees); None: all of them."""
    if user.is_region_wide:
        return None
    from django.db.models import Q

    from slussen.accounts.models import Organisation

    roots = user.orgs_with_role(Role.TESTBED_OWNER)
    if not roots:
        return set()
    query = Q()
    for path in Organisation.objects.filter(pk__in=roots).values_list("path", flat=True):
        query |= Q(path__startswith=path)
    return set(Organisation.objects.filter(query).values_list("id", flat=True))


def is_staff(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_role(*STAFF_ROLES))


@rule("testbeds.view")
def view(user, testbed):
    return testbed.is_published or owns(user, testbed)


@rule("testbeds.create")
def create(user, obj):
    return user.is_authenticated and (user.is_region_wide or user.has_role(Role.TESTBED_OWNER))


@rule("testbeds.manage")
def manage(user, testbed):
    """Edit the entry, see its requests, record test plans and results."""
    return owns(user, testbed)


@rule("testbeds.request")
def request(user, testbed):
    return testbed.is_published


@rule("testbeds.inbox")
def inbox(user, obj):
    return user.is_authenticated and (user.is_region_wide or user.has_role(Role.TESTBED_OWNER))


@rule("testbeds.request.view")
def request_view(user, req):
    return owns(user, req.testbed) or can(user, "case.view", req.case)


@rule("testbeds.request.answer")
def request_answer(user, req):
    return owns(user, req.testbed) or can(user, "case.handle", req.case)


@rule("testbeds.record.view")
def record_view(user, record):
    """Public records for everyone; the rest for the region's staff, except records of a secret
    case (or made for a secret innovation case), which only those who may see that case (and the
    owners) read. ``selectors`` mirrors
    this."""
    if record.is_public or owns(user, record.testbed):
        return True
    innovation = record.request.innovation if record.request_id else None
    if innovation is not None and innovation.case.is_secret:  # made for a secret case
        return can(user, "case.view", innovation.case)
    if record.case is not None and can(user, "case.view", record.case):
        return True
    return is_staff(user) and (record.case is None or not record.case.is_secret)
