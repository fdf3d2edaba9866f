"""The API's ``?q=`` searches through the one search, as the pages do: any inflection, parts of
compounds, the registry number, and only within what the key's holder may see."""

from types import SimpleNamespace

from django.urls import reverse

from slussen.navigator import demo as navigator_demo
from slussen.testbeds.access import make_testbed

from .conftest import bearer


def numbers(client, key, q):
    response = client.get(reverse("api:cases"), {"q": q}, **bearer(key))
    assert response.status_code == 200
    return [c["registry_number"] for c in response.json()["results"]]


def test_the_case_search_finds_inflections_and_never_another_organisations_secret_case(
    world, client, make_key
):
    sos = make_key(world.advisor)
    assert numbers(client, sos, "intensivvården") == [world.case.registry_number]
    assert numbers(client, sos, "hjärtsvikten") == []  # Karolinska's secret case
    assert numbers(client, sos, world.other_case.registry_number) == []
    karolinska = make_key(world.advisor_other)
    assert numbers(client, karolinska, "hjärtsvikten") == [world.other_case.registry_number]
    assert numbers(client, karolinska, world.other_case.registry_number) == [
        world.other_case.registry_number
    ]


def test_the_actor_search_finds_inflections(world, client):
    navigator_demo.seed(SimpleNamespace(orgs={"rlk-foi": world.foi}, people={}))
    response = client.get(reverse("api:actors"), {"q": "läkemedlen"})
    assert response.status_code == 200
    slugs = {a["slug"] for a in response.json()["results"]}
    assert {"lakemedelsverket", "tlv"} <= slugs and "vinnova" not in slugs


def test_the_testbed_search_finds_inflections_and_not_unpublished_entries(world, client):
    make_testbed(world.sos)  # "Simulering av vårdmiljöer."
    make_testbed(world.karolinska, slug="hidden", name="Dold vårdmiljö", is_published=False)
    response = client.get(reverse("api:testbeds"), {"q": "vårdmiljön"})
    assert response.status_code == 200
    assert [t["name"] for t in response.json()["results"]] == ["Simuleringscentrum"]
