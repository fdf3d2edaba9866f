"""The person of a request, read with her roles – and with her session – in one query.

Every logged-in page asks who the person is (the session's user id) and nearly every one what
she may do (``User.role_set``). Django reads the session, then the user alone, and the roles
then cost a query of their own on each request. Here the session store reads the session row
joined with the person it names and her memberships (``sessions.db``), and the backend takes
the person from there when she is the one the session's signed data names; otherwise (a
session saved before sessions named their person, a cached session) it reads the person with
her roles in one query of its own. Either way everything is read afresh on every request:
a log-out, an expired session, a changed password, a deactivated account, a role granted or
withdrawn count from the next request on, on every server, exactly as before.
"""

import contextlib
import contextvars

from django.contrib.auth import backends
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS

from slussen.core.compiled import Compiled

from .models import User

_FIELDS = [f.attname for f in User._meta.concrete_fields]
_ROLES = ["memberships__role", "memberships__organisation_id"]
_ANY_USER = -7_301_990_113  # a placeholder no id is
_WITH_ROLES = Compiled(
    lambda pk: User._default_manager.filter(pk=pk).order_by().values_list(*_FIELDS, *_ROLES),
    _ANY_USER,
)


def columns(prefix: str) -> list[str]:
    """The person's columns and her roles' (``person_from``), for a query that reaches the
    user through ``prefix`` (e.g. ``"user__"``)."""
    return [prefix + name for name in (*_FIELDS, *_ROLES)]


def person_from(rows, start: int = 0) -> User | None:
    """The user in ``rows[*][start:]`` (the ``columns`` of one person: a row per membership,
    or one row with none) with ``role_set`` filled; None when the rows name nobody."""
    if not rows or rows[0][start] is None:
        return None
    n = len(_FIELDS)
    user = User.from_db(DEFAULT_DB_ALIAS, _FIELDS, rows[0][start : start + n])
    role, org = start + n, start + n + 1
    user.__dict__["role_set"] = {(r[role], r[org]) for r in rows if r[role] is not None}
    return user


def with_roles(user_id) -> User | None:
    """The user ``user_id`` with ``role_set`` filled from the same query; None when there is
    no such user. The person read with this request's session when it is she (``reading``),
    else one query of its own, compiled once (``core.compiled``)."""
    try:
        user_id = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    session = _SESSION.get()
    read = getattr(session, "person", None)
    if read is not None and read.pk == user_id:
        session.person = None  # handed out once: a second ask reads afresh
        return read
    return person_from(_WITH_ROLES.rows(user_id))


_SESSION = contextvars.ContextVar("the session whose person is asked for", default=None)


@contextlib.contextmanager
def reading(session):
    """While Django works out the person of ``session`` (``auth.get_user``), the backends may
    take her from what the session store read with the session."""
    token = _SESSION.set(session)
    try:
        yield
    finally:
        _SESSION.reset(token)


class ModelBackend(backends.ModelBackend):
    """Django's password backend; the person of a session comes with her roles."""

    def get_user(self, user_id):
        user = with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
