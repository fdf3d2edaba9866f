"""The person of a request, read with her roles in one query.

Every logged-in page asks who the person is (the session's user id) and nearly every one what
she may do (``User.role_set``). Django's backends read the user alone, and the roles then cost
a query of their own on each request. Here both come in one: the user row joined with her
memberships, read afresh on every request, so a role granted or withdrawn counts from the next
request on, on every server, exactly as before.
"""

from django.contrib.auth import backends
from django.db.models import F

from .models import User


def with_roles(user_id) -> User | None:
    """The user ``user_id`` with ``role_set`` filled from the same query (a row per
    membership, or one row with none); None when there is no such user."""
    rows = list(
        User._default_manager.filter(pk=user_id)
        .annotate(_role=F("memberships__role"), _role_org=F("memberships__organisation_id"))
        .order_by()
    )
    if not rows:
        return None
    user = rows[0]
    user.__dict__["role_set"] = {(r._role, r._role_org) for r in rows if r._role is not None}
    del user._role, user._role_org
    return user


class ModelBackend(backends.ModelBackend):
    """Django's password backend; the person of a session comes with her roles."""

    def get_user(self, user_id):
        user = with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
