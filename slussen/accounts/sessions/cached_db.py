from django.contrib.sessions.backends import cached_db

from .db import ReadWithPerson


class SessionStore(ReadWithPerson, cached_db.SessionStore):
    pass
