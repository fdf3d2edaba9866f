from django.contrib.sessions.backends import cached_db

from .db import ReadCompiled


class SessionStore(ReadCompiled, cached_db.SessionStore):
    pass
