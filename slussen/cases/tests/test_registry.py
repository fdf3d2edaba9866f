import re
import threading

import pytest
from django.db import connection

from slussen.cases import services
from slussen.cases.models import Case


def test_registry_number_has_the_configured_form(world, settings):
    assert re.fullmatch(r"SLU \d{4}-\d{5}", world.case.registry_number)
    settings.REGISTRY_PREFIX = "RS"
    case = services.open_case(
        kind="need", title="Ny", description="Text", organisation=world.sos, actor=world.advisor
    )
    assert case.registry_number.startswith("RS ")
    assert case.registry_seq == 1  # a new prefix starts its own series


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_registrations_get_distinct_consecutive_numbers():
    from slussen.testing.world import build_world

    world = build_world()
    start = world.other_case.registry_seq
    barrier = threading.Barrier(20)
    numbers, errors = [], []

    def register(i):
        try:
            barrier.wait()
            case = services.open_case(
                kind="idea",
                title=f"Idé {i}",
                description="Samtidigt registrerad",
                organisation=world.sos,
                actor=world.employee,
                submitter=world.employee,
            )
            numbers.append(case.registry_seq)
        except Exception as error:  # noqa: BLE001 – collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == list(range(start + 1, start + 21))
    assert Case.objects.count() == 22
    # every case was stored whole: with its opening event on the timeline
    assert all(c.events.filter(type="opened").count() == 1 for c in Case.objects.all())
