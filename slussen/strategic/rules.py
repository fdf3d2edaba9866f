from slussen.accounts.roles import STAFF_ROLES
from slussen.core.permissions import rule


@rule("strategic.view")
def view(user, obj):
    """The portfolio is open to the region's staff."""
    return user.is_authenticated and (user.is_superuser or user.has_role(*STAFF_ROLES))


@rule("strategic.run")
def run(user, obj):
    """Coordinators run the portfolio: register proposals, steps, funding."""
    return user.is_authenticated and user.is_region_wide
