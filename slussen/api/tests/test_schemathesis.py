"""Schemathesis against the live schema: every operation, with generated valid and invalid
input, anonymously and with staff keys, answers without a server error and as the schema says
(status code, content type, body, headers); what the schema calls valid is accepted and what
it calls invalid is refused. Bounded by ``max_examples`` and derandomized to stay fast (well
under two minutes on two cores) and repeatable."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from slussen.config.wsgi import application


def valid_data_accepted(ctx, response, case):
    """``positive_data_acceptance``, except for a made-up ``cursor``: a cursor is opaque, copied
    from "next", and one the server did not write is refused (400) whatever its form."""
    if "cursor" in (case.query or {}):
        return None
    return positive_data_acceptance(ctx, response, case)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
    valid_data_accepted,
]


# Loaded through the app itself; making the schema needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _data(world, catalogue, settings):
    """Something in every list, and no rate limit in the way of the many requests."""
    settings.API_RATES = {"anonymous": "100000/min", "authenticated": "100000/min"}
    # Called through WSGI, Django would close the test's database connection after each
    # request; keep it, as the test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


BOUNDS = settings(
    max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@schema.parametrize()
@BOUNDS
def test_anonymous_callers_get_answers_as_the_schema_says(case):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@BOUNDS
def test_an_advisors_key_gets_answers_as_the_schema_says(case, world, make_key):
    key = make_key(world.advisor, scope="write")
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)


@schema.parametrize()
@BOUNDS
def test_a_coordinators_key_gets_answers_as_the_schema_says(case, world, make_key):
    # The coordinators see every case and the fund's statistics.
    key = make_key(world.coordinator, scope="write")
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)
