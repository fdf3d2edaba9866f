"""Session engines (``SESSION_ENGINE``): Django's, keeping sessions in ``accounts.Session``
with the id of the person logged in, and reading a session with the person and her roles in
one query compiled once (``backends``).

``slussen.accounts.sessions.db`` keeps sessions in the database, which every server shares: what
one server ends (a log-out, an erasure) has ended for all. ``slussen.accounts.sessions.cached_db``
reads them from the cache first and is chosen only when that cache is shared by every server
(``REDIS_URL``): a per-process cache would keep serving a session another server ended. A
session found in the cache names its person only in its data: she is read with her roles apart.
"""
