import pytest

from slussen.api import services
from slussen.fund.tests.factories import make_application
from slussen.navigator.access import actor_slug
from slussen.strategic import services as strategic
from slussen.strategic.access import make_project
from slussen.testbeds.access import make_testbed


@pytest.fixture
def make_key():
    def make(user, scope="read", **extra):
        return services.create_token(user, name="Integration", scope=scope, **extra)[1]

    return make


def bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def decided_project(w, title="5GMHI – 5G i vården"):
    project = make_project(w, title=title)
    for code in ("propose", "comment", "approve"):
        strategic.take_step(project, code, w.coordinator, reason="Enligt protokoll.")
    strategic.add_funding(
        project,
        w.coordinator,
        funder="EU",
        programme="Horizon Europe",
        amount=6_400_000,
        currency="EUR",
        start_year=2024,
        end_year=2026,
    )
    return project


@pytest.fixture
def catalogue(world):
    """One of everything the open data shows: a testbed, an actor, a decided and a draft
    strategic project, a granted fund project (and its call)."""
    return {
        "granted": make_application(world, state="granted"),
        "testbed": make_testbed(world.sos),
        "actor": actor_slug(world)["slug"],
        "decided": decided_project(world),
        "draft": make_project(world, title="Drönare i förstudie"),
    }
