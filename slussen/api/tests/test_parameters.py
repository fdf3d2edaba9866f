"""Every parameter of every endpoint is checked against the schema: what the schema declares
is what the server accepts, and anything else answers 400 (query) or 404 (path) with a message
naming the parameter, in the caller's language. Read from the schema itself, so a new endpoint
or filter is covered without editing these tests."""

import re

import pytest
from django.urls import reverse

from slussen.api import schema

from .conftest import bearer

HUGE = "99999999999999999999999"


def operations():
    built = schema.build()
    for path, item in built["paths"].items():
        for method, op in item.items():
            yield path, method, op


def get_operations():
    return [(path, op) for path, method, op in operations() if method == "get"]


def query_parameters(kind=None):
    return [
        pytest.param(path, p, id=f"{path}?{p['name']}")
        for path, op in get_operations()
        for p in op.get("parameters", [])
        if p["in"] == "query" and (kind is None or p["schema"].get("type") == kind)
    ]


def url(path, **values):
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), 1)), path)


@pytest.fixture
def key(world, make_key):
    # The coordinators see every list, the statistics too.
    return bearer(make_key(world.coordinator))


@pytest.mark.parametrize(("path", "parameter"), query_parameters("integer"))
def test_a_huge_integer_in_any_integer_parameter_answers_400_naming_it(
    world, client, key, path, parameter
):
    name = parameter["name"]
    response = client.get(url(path), {name: HUGE}, **key)
    assert response.status_code == 400, response.content
    assert name in response.json()
    # The schema says how far it goes, and the limit itself is accepted.
    maximum = parameter["schema"]["maximum"]
    assert maximum <= 2**63 - 1
    assert client.get(url(path), {name: maximum + 1}, **key).status_code == 400
    assert (
        client.get(url(path), {name: parameter["schema"]["minimum"] - 1}, **key).status_code == 400
    )
    assert client.get(url(path), {name: "12abc"}, **key).status_code == 400


@pytest.mark.parametrize(("path", "parameter"), query_parameters("string"))
def test_every_text_parameter_has_lengths_and_too_long_or_too_short_answers_400(
    world, client, key, path, parameter
):
    name, declared = parameter["name"], parameter["schema"]
    if "enum" in declared:
        assert client.get(url(path), {name: "no-such-choice"}, **key).status_code == 400
        return
    assert declared.get("minLength", 0) >= 1 and declared.get("maxLength"), declared
    response = client.get(url(path), {name: "a" * (declared["maxLength"] + 1)}, **key)
    assert response.status_code == 400 and name in response.json()
    assert client.get(url(path), {name: ""}, **key).status_code == 400


@pytest.mark.parametrize(("path", "parameter"), query_parameters())
def test_what_the_schema_declares_is_accepted(world, client, key, path, parameter):
    declared = parameter["schema"]
    value = (
        declared["enum"][0]
        if "enum" in declared
        else declared.get("minimum", 1)
        if declared.get("type") == "integer"
        else "a"
    )
    if parameter["name"] == "cursor":
        return  # a cursor is copied from "next", not made up
    response = client.get(url(path), {parameter["name"]: value}, **key)
    assert response.status_code == 200, (parameter, response.content)


def test_every_parameter_of_every_operation_is_bounded_in_the_schema():
    for path, _method, op in operations():
        for p in op.get("parameters", []):
            declared = p["schema"]
            if declared.get("type") == "integer":
                assert "minimum" in declared and "maximum" in declared, (path, p)
            elif "enum" not in declared:
                assert declared.get("maxLength") or declared.get("pattern"), (path, p)


@pytest.mark.parametrize("path", [path for path, _m, _op in operations() if "{id}" in path])
def test_a_huge_id_in_the_path_answers_404(world, client, key, path):
    for value in (HUGE, str(2**63), "0"):
        response = client.get(url(path, id=value), **key)
        assert response.status_code == 404, (path, value, response.content)
        assert response["Content-Type"] == "application/json"


def test_a_huge_id_of_an_api_key_to_revoke_answers_404(world, client):
    client.force_login(world.advisor)
    response = client.post(f"/api/tokens/{HUGE}/revoke/")
    assert response.status_code == 404


def test_an_unknown_or_repeated_parameter_answers_400_naming_it(world, client, key):
    response = client.get(reverse("api:register"), {"organization": "1"})
    assert response.status_code == 400
    assert "organization" in response.json()
    response = client.get(reverse("api:register") + "?year=2024&year=2025")
    assert response.status_code == 400 and "year" in response.json()
    # A detail address takes no parameters at all.
    response = client.get(reverse("api:fund_call", args=[1]) + "?debug=1")
    assert response.status_code == 400 and "debug" in response.json()


def test_the_message_is_swedish_by_default_and_english_when_asked(world, client, settings):
    answer = client.get(reverse("api:register"), {"organisation": HUGE}).json()
    assert "organisation" in answer and "mindre än eller lika med" in answer["organisation"][0]
    answer = client.get(reverse("api:register"), {"organization": "1"}).json()
    assert "okänd" in answer["organization"][0].lower()
    # The language is the person's choice (the language cookie), as on the pages.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    answer = client.get(reverse("api:register"), {"organisation": HUGE}).json()
    assert "less than or equal to" in answer["organisation"][0]
    answer = client.get(reverse("api:register"), {"organization": "1"}).json()
    assert answer["organization"][0].startswith("Unknown parameter.")


def test_page_size_outside_its_bounds_answers_400(world, client):
    for value in ("0", "501", HUGE, "ten"):
        response = client.get(reverse("api:register"), {"page_size": value})
        assert response.status_code == 400 and "page_size" in response.json()
    assert client.get(reverse("api:register"), {"page_size": "500"}).status_code == 200
