from slussen.accounts.roles import Role
from slussen.core.permissions import rule


@rule("privacy.erase")
def erase(user, obj):
    """Pseudonymising a person is for the system administrator (on the DPO's decision)."""
    return user.is_authenticated and (user.is_superuser or user.has_role(Role.ADMIN))
