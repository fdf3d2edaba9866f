"""A registry number is found as people type it: with or without its prefix, glued to it or
not, the year and the sequence number apart by a space, a slash or nothing, with or without the
sequence number's leading zeros, in the register, the public register, the API and the work
queue alike (``rules.number_q``). Run on both databases."""

import pytest
from django.urls import reverse

from slussen.cases import services
from slussen.cases.models import Secrecy


def _open(world, title):
    return services.open_case(
        kind="idea", title=title, description="Text.", organisation=world.sos,
        actor=world.advisor, secrecy=Secrecy.PUBLIC, secrecy_reference="",
    )  # fmt: skip


@pytest.mark.parametrize(
    "typed",
    ["{prefix}{year}-{seq:05d}", "{prefix} {year} {seq:05d}", "{year} {seq}", "{year}-{seq}",
     "{year}/{seq:05d}", "{year}{seq:05d}", "{lower} {year}-{seq}"],
)  # fmt: skip
def test_a_registry_number_is_found_as_people_type_it(world, client, typed):
    wanted = _open(world, "Det sökta ärendet")
    other = _open(world, "Ett annat ärende")
    prefix = wanted.registry_number.split(" ")[0]
    q = typed.format(
        prefix=prefix, lower=prefix.lower(), year=wanted.registry_year, seq=wanted.registry_seq
    )
    client.force_login(world.coordinator)
    for name in ("cases:register", "cases:public_register", "intake:queue"):
        page = client.get(reverse(name), {"q": q}).text
        if name != "intake:queue":  # the queue lists what came in through Slussen only
            assert wanted.registry_number.replace(" ", "\u00a0") in page or (
                wanted.registry_number in page
            ), (name, q)
        assert other.title not in page, (name, q)
    listed = client.get(reverse("api:cases"), {"q": q}).json()
    assert [row["registry_number"] for row in listed["results"]] == [wanted.registry_number], q


def test_a_date_is_no_registry_number(world, client):
    case = _open(world, "Ett ärende")
    client.force_login(world.coordinator)
    for q in (f"{case.registry_year}-01-15", f"{case.registry_year}-{case.registry_seq}-15"):
        listed = client.get(reverse("api:cases"), {"q": q}).json()
        assert case.registry_number not in [row["registry_number"] for row in listed["results"]]
