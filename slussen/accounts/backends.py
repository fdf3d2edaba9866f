"""The person of a request, read with her roles in one query.

Every logged-in page asks who the person is (the session's user id) and nearly every one what
she may do (``User.role_set``). Django's backends read the user alone, and the roles then cost
a query of their own on each request. Here both come in one: the user row joined with her
memberships, read afresh on every request, so a role granted or withdrawn counts from the next
request on, on every server, exactly as before.
"""

from django.contrib.auth import backends
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS

from slussen.core.compiled import Compiled

from .models import User

_FIELDS = [f.attname for f in User._meta.concrete_fields]
_ANY_USER = -7_301_990_113  # a placeholder no id is
_WITH_ROLES = Compiled(
    lambda pk: (
        User._default_manager.filter(pk=pk)
        .order_by()
        .values_list(*_FIELDS, "memberships__role", "memberships__organisation_id")
    ),
    _ANY_USER,
)


def with_roles(user_id) -> User | None:
    """The user ``user_id`` with ``role_set`` filled from the same query (a row per
    membership, or one row with none); None when there is no such user. The query is
    compiled once (``core.compiled``): it is asked on every logged-in request."""
    try:
        user_id = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    rows = _WITH_ROLES.rows(user_id)
    if not rows:
        return None
    n = len(_FIELDS)
    user = User.from_db(DEFAULT_DB_ALIAS, _FIELDS, rows[0][:n])
    user.__dict__["role_set"] = {(r[n], r[n + 1]) for r in rows if r[n] is not None}
    return user


class ModelBackend(backends.ModelBackend):
    """Django's password backend; the person of a session comes with her roles."""

    def get_user(self, user_id):
        user = with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
