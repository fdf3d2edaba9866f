from slussen.core.permissions import rule

from .roles import STAFF_ROLES


@rule("site.staff_area")
def staff_area(user, obj):
    return user.is_authenticated and (user.is_superuser or user.has_role(*STAFF_ROLES))


@rule("audit.view")
def view_audit(user, obj):
    return user.is_authenticated and user.is_region_wide


@rule("account.own")
def own_account(user, obj):
    return user.is_authenticated


@rule("site.without_register")
def without_register(user, obj):
    """Visitors and external actors: they see the public register instead of the full one."""
    return not user.is_authenticated or not staff_area(user, obj)
