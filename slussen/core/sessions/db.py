from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from slussen.core.compiled import Compiled

_SESSION = Compiled(
    lambda key: (
        Session.objects.filter(session_key=key)
        .order_by()
        .values_list("session_data", "expire_date")
    ),
    "a-placeholder-no-session-key-is",
)


class ReadCompiled:
    """The session read by its key with the query compiled once (``core.compiled``); an
    expired one counts as none, as in Django's own store."""

    def _get_session_from_db(self):
        rows = _SESSION.rows(self.session_key) if self.session_key else []
        if not rows or rows[0][1] <= timezone.now():
            self._session_key = None
            return None
        data, expire_date = rows[0]
        return self.model(session_key=self.session_key, session_data=data, expire_date=expire_date)


class SessionStore(ReadCompiled, db.SessionStore):
    pass
