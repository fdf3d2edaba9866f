"""The application's PostgreSQL sessions run without parallel workers and without JIT
compiling: both cost more than they save for a page's short queries (see settings); and a
reused connection is checked without a round trip unless its socket says something happened."""

import select

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections


@pytest.mark.django_db
def test_postgresql_sessions_run_without_jit_and_parallel_workers():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"


# --- The health check (slussen/core/postgresql): a round trip only when the socket says so -----


def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")


def _next_request(wrapper):
    """What Django does between two requests, then the next request's first query."""
    wrapper.close_if_unusable_or_obsolete()  # request_started / request_finished
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _asked(wrapper):
    """Counts the health check's own round trips (Django's ``is_usable``: SELECT 1)."""
    asked = []
    original = wrapper.is_usable

    def is_usable():
        asked.append(1)
        return original()

    wrapper.is_usable = is_usable
    return asked


@pytest.fixture
def own_connection(transactional_db):
    """A connection of its own, as a server's, with Django's health checks on."""
    _postgresql_only()
    wrapper = connections.create_connection(DEFAULT_DB_ALIAS)
    wrapper.settings_dict["CONN_MAX_AGE"] = 600
    wrapper.settings_dict["CONN_HEALTH_CHECKS"] = True
    yield wrapper
    wrapper.close()


def test_a_healthy_connection_is_reused_without_a_round_trip_to_check_it(own_connection):
    first = _next_request(own_connection)
    asked = _asked(own_connection)
    for _ in range(3):
        assert _next_request(own_connection) == first  # the same connection, still working
    assert asked == []


def test_a_connection_the_server_ended_is_replaced_before_the_next_request_uses_it(
    own_connection,
):
    first = _next_request(own_connection)
    with connection.cursor() as cursor:  # another session ends it, as a restart would
        cursor.execute("SELECT pg_terminate_backend(%s)", [first])
    socket = own_connection.connection.pgconn.socket
    poll = select.poll()
    poll.register(socket, select.POLLIN)
    assert poll.poll(5000), "the server did not close the connection"
    asked = _asked(own_connection)
    second = _next_request(own_connection)  # no error: a new connection
    assert second != first
    assert asked == [1]


def test_a_connection_left_in_a_transaction_is_checked_by_the_server(own_connection):
    _next_request(own_connection)
    own_connection.connection.execute("BEGIN")  # below Django, as a crashed request might
    asked = _asked(own_connection)
    own_connection.health_check_done = False
    own_connection.close_if_health_check_failed()
    assert asked == [1]
