"""The work queue searches through the one search: inflections and compounds find the case,
the registry number still does, and the scope is applied inside (run on both databases)."""

import pytest
from django.urls import reverse

from slussen.cases import services as case_services
from slussen.cases.models import Secrecy
from slussen.process import services
from slussen.process.models import InnovationCase
from slussen.process.templates_data import ensure_seeded


def innovation_case(world, organisation, title, description, **case_fields):
    ensure_seeded()
    case = case_services.open_case(
        kind="idea", title=title, description=description, organisation=organisation,
        **case_fields,
    )  # fmt: skip
    return services.start(
        case,
        world.coordinator,
        innovation_type="service",
        novelty="organisation",
        degree="incremental",
        directions=["internal_development"],
        perspectives=["quality"],
    )


@pytest.fixture
def queue(world):
    return {
        "medicines": innovation_case(
            world, world.sos, "Läkemedelsgenomgång för äldre", "Genomgång av läkemedel hemma."
        ),
        "drones": innovation_case(
            world, world.sos, "Drönarleveranser av blodprover", "Blodprover flygs."
        ),
        "secret": innovation_case(
            world,
            world.karolinska,
            "Läkemedel med drönare",
            "Hemligt drönarprojekt.",
            secrecy=Secrecy.SECRET,
            secrecy_reference="OSL 31 kap. 16 §",
        ),  # fmt: skip
    }


def found(client, q):
    """The registry numbers of the innovation cases the work queue lists for ``q``."""
    page = client.get(reverse("process:index"), {"q": q})
    assert page.status_code == 200
    return {
        ic.case.registry_number
        for ic in InnovationCase.objects.select_related("case")
        if reverse("process:detail", args=[ic.pk]) in page.text
    }


@pytest.mark.parametrize("q", ["läkemedlen", "läkemedlet", "läkemedel"])
def test_the_work_queue_finds_a_case_by_any_inflection(world, client, queue, q):
    client.force_login(world.advisor)
    page = found(client, q)
    assert queue["medicines"].case.registry_number in page
    assert queue["drones"].case.registry_number not in page


def test_the_work_queue_finds_a_compound_by_its_part(world, client, queue):
    client.force_login(world.advisor)
    assert queue["drones"].case.registry_number in found(client, "drönare")
    assert queue["drones"].case.registry_number in found(client, "drönarleverans")


def test_the_work_queue_still_finds_a_case_by_its_registry_number(world, client, queue):
    client.force_login(world.advisor)
    number = queue["drones"].case.registry_number
    page = found(client, number)
    assert number in page
    assert queue["medicines"].case.registry_number not in page


def test_the_work_queue_search_never_shows_another_organisations_secret_case(world, client, queue):
    secret = queue["secret"].case.registry_number
    client.force_login(world.advisor)  # SöS
    assert secret not in found(client, "läkemedlen drönare")
    assert secret not in found(client, secret)
    client.force_login(world.coordinator)  # region-wide
    assert secret in found(client, "läkemedlen drönare")
