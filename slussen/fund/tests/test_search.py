"""The fund's applications are searched through the one search: the coordinator across every
call, the call's overview within the call; any inflection, compounds, the registry number."""

import pytest
from django.urls import reverse

from slussen.fund import services

from .factories import draft_data, make_application


def submitted(world, call, title, summary):
    data = draft_data(call, world.employee, world.sos, world.manager)
    data["fields"].update(title=title, summary=summary)
    app = services.save_draft(world.employee, call, **data)
    services.submit(app, world.employee)
    app.refresh_from_db()
    return app


@pytest.fixture
def apps(world, call):
    return {
        "vr": make_application(world, call, state="signoff"),  # "Omvårdnadsträning med VR"
        "drones": submitted(
            world, call, "Drönarleveranser av läkemedel", "Läkemedel flygs till hemsjukvården."
        ),
    }


def titles(response):
    assert response.status_code == 200
    text = response.text
    return {t for t in ("Omvårdnadsträning med VR", "Drönarleveranser av läkemedel") if t in text}


@pytest.mark.parametrize("q", ["läkemedlen", "drönare", "hemsjukvård"])
def test_the_coordinator_finds_applications_of_every_call_by_any_inflection(world, client, apps, q):
    client.force_login(world.coordinator)
    assert titles(client.get(reverse("fund:index"), {"q": q})) == {"Drönarleveranser av läkemedel"}


def test_the_coordinator_finds_an_application_by_its_registry_number(world, client, apps):
    client.force_login(world.coordinator)
    number = apps["vr"].registry_number
    assert titles(client.get(reverse("fund:index"), {"q": number})) == {"Omvårdnadsträning med VR"}


def test_the_call_overview_search_narrows_the_list_not_the_totals(world, client, call, apps):
    client.force_login(world.coordinator)
    url = reverse("fund:overview", args=[call.pk])
    response = client.get(url, {"q": "omvårdnaden"})
    assert titles(response) == {"Omvårdnadsträning med VR"}
    assert response.context["totals"]["applications"] == 2
    assert titles(client.get(url, {"q": "omvårdnad drönare"})) == set()
    assert titles(client.get(url)) == {"Omvårdnadsträning med VR", "Drönarleveranser av läkemedel"}


def test_without_the_fund_role_the_search_shows_no_application(world, client, apps):
    client.force_login(world.advisor)  # may apply, may not see others' applications
    assert titles(client.get(reverse("fund:index"), {"q": "läkemedel"})) == set()
    url = reverse("fund:overview", args=[apps["drones"].call_id])
    assert client.get(url, {"q": "läkemedel"}).status_code in (403, 404)
