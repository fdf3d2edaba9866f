"""Session engines (``SESSION_ENGINE``): Django's, reading a session with SQL compiled once.

``slussen.core.sessions.db`` keeps sessions in the database, which every server shares: what
one server ends (a log-out, an erasure) has ended for all. ``slussen.core.sessions.cached_db``
reads them from the cache first and is chosen only when that cache is shared by every server
(``REDIS_URL``): a per-process cache would keep serving a session another server ended.
"""
