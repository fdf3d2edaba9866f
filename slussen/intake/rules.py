from slussen.accounts.roles import STAFF_ROLES
from slussen.core.permissions import rule


@rule("intake.submit_idea")
def submit_idea(user, obj):
    """Employees of the region (anyone with a role in it) submit ideas and needs."""
    return user.is_authenticated and (user.is_superuser or user.has_role(*STAFF_ROLES))


@rule("intake.queue")
def queue(user, obj):
    """Advisors and heads of innovation units see their organisations' queue; coordinators all."""
    return user.is_authenticated and (user.is_region_wide or bool(user.handled_org_ids))


@rule("intake.public_menu")
def public_menu(user, obj):
    return not user.is_authenticated


@rule("intake.company_menu")
def company_menu(user, obj):
    return not user.is_authenticated or user.is_external
