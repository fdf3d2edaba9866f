"""The authorization matrix: every named URL, requested as every role, answers as declared in
the apps' ``access.py``. A URL nobody has classified fails here."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from slussen.testing.access import LOGIN, OK, classification, collect, url_names
from slussen.testing.world import ROLES, build_world

DECLARED = None


def declared():
    global DECLARED
    if DECLARED is None:
        DECLARED = collect()
    return DECLARED


def test_every_url_is_classified():
    names = url_names()
    unclassified = sorted(n for n in names if classification(n, declared()) is None)
    assert unclassified == [], "Classify these URLs in an access.py: " + ", ".join(unclassified)


def test_no_classification_is_stale():
    names = url_names()
    stale = [k for k in declared() if not k.endswith(":*") and k not in names]
    assert stale == []


def outcome_of(response):
    code = response.status_code
    if code in (301, 302, 303):
        location = response["Location"]
        login = reverse(settings.LOGIN_URL)
        if location.startswith(login) or "/admin/login/" in location:
            return LOGIN
        return OK
    if code in (200, 201, 204, 400, 409):
        return OK
    return code


def check(name, expect):
    world = build_world()
    url_name = expect.sample or name
    kwargs = expect.kwargs(world) if expect.kwargs else {}
    url = reverse(url_name, kwargs=kwargs)
    wrong = []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        if expect.method == "POST":
            data = expect.data(world) if expect.data else {}
            response = client.post(url, data)
        else:
            response = client.get(url)
        got, want = outcome_of(response), expect.expected(role)
        if got != want:
            wrong.append(f"{role}: expected {want}, got {got} ({response.status_code})")
    return wrong


def pytest_generate_tests(metafunc):
    if metafunc.function.__name__ == "test_url_answers_every_role_as_declared":
        import django

        django.setup()
        metafunc.parametrize("name", sorted(collect()))


@pytest.mark.django_db
def test_url_answers_every_role_as_declared(name):
    wrong = check(name, declared()[name])
    assert wrong == [], f"{name}:\n  " + "\n  ".join(wrong)


@pytest.mark.django_db
def test_the_matrix_catches_a_broken_rule(monkeypatch):
    """The checker itself: open a door that must be shut and watch the matrix notice."""
    from slussen.cases import rules

    monkeypatch.setitem(
        __import__("slussen.core.permissions", fromlist=["_RULES"])._RULES,
        "case.view",
        lambda user, case: user.is_authenticated,
    )
    wrong = check("cases:detail", declared()["cases:detail"])
    assert any(line.startswith("advisor:") for line in wrong)
    assert rules  # the real rules module stays imported
