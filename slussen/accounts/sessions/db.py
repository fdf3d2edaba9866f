from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.core.exceptions import ValidationError
from django.utils import timezone

from slussen.core.compiled import Compiled

from .. import backends
from ..models import Session, User

_SESSION = Compiled(
    lambda key: (
        Session.objects.filter(session_key=key)
        .order_by()
        .values_list("session_data", "expire_date", *backends.columns("user__"))
    ),
    "a-placeholder-no-session-key-is",
)


class ReadWithPerson:
    """The session read by its key, joined with the person it names and her roles, with the
    query compiled once (``core.compiled``); an expired one counts as none, as in Django's own
    store. The person waits in ``person`` until the backend asks for her (``backends``), which
    takes her only if she is the one the session's signed data names."""

    person = None

    @classmethod
    def get_model_class(cls):
        return Session

    def _get_session_from_db(self):
        self.person = None
        rows = _SESSION.rows(self.session_key) if self.session_key else []
        if not rows or rows[0][1] <= timezone.now():
            self._session_key = None
            return None
        data, expire_date = rows[0][:2]
        self.person = backends.person_from(rows, 2)
        return self.model(session_key=self.session_key, session_data=data, expire_date=expire_date)

    def create_model_instance(self, data):
        return _naming_person(super().create_model_instance(data), data)

    async def acreate_model_instance(self, data):
        return _naming_person(await super().acreate_model_instance(data), data)


def _naming_person(session, data):
    """The session row to save, with the id of the person its data names (or none)."""
    try:
        session.user_id = User._meta.pk.to_python(data.get(SESSION_KEY))
    except ValidationError:
        session.user_id = None
    return session


class SessionStore(ReadWithPerson, db.SessionStore):
    pass
