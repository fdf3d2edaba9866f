"""Django's PostgreSQL backend (``ENGINE`` ``slussen.core.postgresql``), whose health check
asks the server only when the connection's socket says something happened.

With ``CONN_HEALTH_CHECKS`` Django sends ``SELECT 1`` before the first query of every request
that reuses a connection: on the floor of a logged-in page a fourth of its round trips, and as
much of PostgreSQL's processor time as reading the session. Between two requests a connection
is idle, and a server that ends it (a restart, a fail-over, ``pg_terminate_backend``, an idle
timeout) sends its reason and closes the socket: the socket turns readable. So the socket is
looked at first, without a round trip: quiet, in good order and outside any transaction, the
connection is as healthy as ``SELECT 1`` would find it; anything else (something to read, a
bad status) and Django's own check runs as before, closing the connection if it fails so that
the request opens a new one. Both miss a peer that vanished without a word (a network cut):
the request then fails, and Django closes the connection at its end, as before.
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq


def _quiet(connection) -> bool:
    """Nothing to read on the idle connection's socket, and libpq sees it in good order."""
    pgconn = connection.pgconn
    if pgconn.status != pq.ConnStatus.OK:
        return False
    if pgconn.transaction_status != pq.TransactionStatus.IDLE:
        return False
    poll = select.poll()
    poll.register(pgconn.socket, select.POLLIN | select.POLLERR | select.POLLHUP)
    return not poll.poll(0)


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and _quiet(self.connection)
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
