"""An authorization sweep of the searches beside the register's (whose own sweep is
``cases/tests/test_search_sweep.py``): the results search (the environments' test plans and
results and those recorded in innovation cases), the environments' catalogue, the API's list of
environments, the fund's list of applications and the person picker, each asked by every kind of
person of the test world and a patient with an account (no role) and a visitor, with one rare
word that every object of the sweep holds.

Each surface must show exactly what the app's rules say this person may see of the sweep's
objects (``testbeds.record.view``, ``process.view``, ``testbeds.view``, ``fund.view``): an
unpublished test result, another organisation's internal result, a secret case's tests, an
unpublished environment, another organisation's application are neither listed nor counted. The
person picker never offers an external company's account, and nobody outside the staff may ask
it. Run on both databases."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from slussen.accounts.models import User
from slussen.cases.models import Secrecy
from slussen.core.permissions import can
from slussen.testbeds import services as testbed_services
from slussen.testbeds.access import make_testbed
from slussen.testbeds.models import Record, Testbed
from slussen.testbeds.tests.test_results_search import innovation_case, record_test
from slussen.testing.world import password_hash

WORD = "kylväska"  # in every object of the sweep; in nothing of the world
INFLECTED = "kylväskorna"  # the same word as a person may write it


class Sweep:
    def __init__(self, world):
        self.world = world
        self.people = {"anonymous": AnonymousUser(), **world.users}
        self.people["patient"] = User.objects.create(
            email="patient@example.org", full_name="Pia Patient", password=password_hash()
        )
        own = make_testbed(world.karolinska, slug="kyl", name="Kylväskelabbet")
        make_testbed(
            world.sos, slug="kyl-dold", name="Dold kylväskemiljö", is_published=False
        )  # unpublished: its owners and the region's coordinators only
        record = testbed_services.record
        owner = world.testbed_owner
        record(own, owner, kind="result", title="Öppet kylväsketest", body=WORD, is_public=True)
        record(own, owner, kind="result", title="Internt kylväsketest", body=WORD)
        secret_ic = innovation_case(
            world, world.karolinska, "Hemlig kylkedja", secrecy=Secrecy.SECRET,
            secrecy_reference="OSL 31 kap. 16 §",
        )  # fmt: skip
        open_ic = innovation_case(world, world.sos, "Öppen kylkedja")
        # A testbed's record made for a secret case (a request of its innovation case).
        request = testbed_services.open_request(
            own, user=world.coordinator, title="Kylkedjan testas", company="Regionen",
            description=f"Test av {WORD} i hemvården.", innovation=secret_ic,
        )  # fmt: skip
        record(own, owner, kind="plan", title="Kylväskeplan för hemligt", body=WORD,
               request=request)  # fmt: skip
        record_test(secret_ic, world.coordinator, "Hemligt kylväskeresultat", WORD)
        record_test(open_ic, world.advisor, "Öppet kylväskeresultat i fallet", WORD)
        self.records = list(Record.objects.select_related("testbed", "case", "request"))
        from slussen.process.models import TestRecord

        self.tests = list(TestRecord.objects.select_related("innovation__case"))
        self.testbeds = list(Testbed.objects.select_related("organisation"))

    def results(self, user) -> set[str]:
        """What the results search may show ``user`` of the sweep's records, by their rules."""
        seen = {r.title for r in self.records if can(user, "testbeds.record.view", r)}
        return seen | {t.title for t in self.tests if can(user, "process.view", t.innovation)}

    def catalogue(self, user) -> set[str]:
        """The environments ``user`` may be shown that hold the word themselves or in one of
        their public records."""
        shown = {t for t in self.testbeds if t.is_published or can(user, "testbeds.manage", t)}
        public = {r.testbed_id for r in self.records if r.is_public}
        return {t.name for t in shown if WORD[:6] in t.name.lower() or t.pk in public}


@pytest.fixture
def sweep(world):
    return Sweep(world)


def _as(client, user):
    client.logout()
    if user.is_authenticated:
        client.force_login(user)


def _shown(text: str, candidates) -> set[str]:
    return {c for c in candidates if c in text}


PEOPLE = ["anonymous", "patient", "external", "employee", "manager", "advisor", "advisor_other",
          "innovation_head", "coordinator", "prescreener", "expert", "testbed_owner",
          "admin"]  # fmt: skip


@pytest.mark.parametrize("q", [WORD, INFLECTED])
def test_the_results_search_shows_every_person_exactly_the_records_she_may_see(sweep, client, q):
    titles = {r.title for r in sweep.records} | {t.title for t in sweep.tests}
    for who in PEOPLE:
        user = sweep.people[who]
        _as(client, user)
        expected = sweep.results(user)
        response = client.get(reverse("testbeds:results"), {"q": q})
        assert response.status_code == 200
        assert _shown(response.text, titles) == expected, who
        count = response.context["page"].paginator.count
        assert count == len(expected), (who, count)
        partial = client.get(reverse("testbeds:results"), {"q": q}, HTTP_HX_REQUEST="true")
        assert _shown(partial.text, titles) == expected, who


def test_the_sweep_tells_its_people_apart(sweep):
    """The sweep can fail: some see more than others, nobody sees nothing, nobody but the
    region-wide everything."""
    everything = {r.title for r in sweep.records} | {t.title for t in sweep.tests}
    seen = {who: sweep.results(sweep.people[who]) for who in PEOPLE}
    assert seen["anonymous"] == {"Öppet kylväsketest"}
    assert seen["coordinator"] == everything
    assert "Hemligt kylväskeresultat" not in seen["advisor"] | seen["employee"]
    assert "Internt kylväsketest" in seen["testbed_owner"] - seen["external"]
    assert "Kylväskeplan för hemligt" in seen["testbed_owner"] - seen["advisor"]  # she made it
    assert len({frozenset(s) for s in seen.values()}) >= 4


@pytest.mark.parametrize("q", [WORD, INFLECTED])
def test_the_catalogue_and_the_api_show_only_environments_she_may_see(sweep, client, q):
    names = {t.name for t in sweep.testbeds}
    for who in PEOPLE:
        user = sweep.people[who]
        _as(client, user)
        expected = sweep.catalogue(user)
        response = client.get(reverse("testbeds:catalogue"), {"q": q})
        assert response.status_code == 200
        assert _shown(response.text, names) == expected, who
    client.logout()  # the API's open list: what a visitor sees
    response = client.get(reverse("api:testbeds"), {"q": q})
    assert {t["name"] for t in response.json()["results"]} == sweep.catalogue(AnonymousUser())


def test_the_person_picker_offers_staff_only_and_only_to_staff(sweep, client):
    """Whoever asks, for any picker and any letter, no external company's account comes back,
    and a visitor, a patient or a company's user cannot ask at all."""
    from slussen.accounts import people

    url = reverse("accounts:people_search")
    for who in PEOPLE:
        user = sweep.people[who]
        _as(client, user)
        for code in people.PICKERS:
            response = client.get(url, {"picker": code, "q": "l"})
            if who in ("anonymous", "patient", "external"):
                assert response.status_code in (302, 403), (who, response.status_code)
                continue
            assert response.status_code == 200
            assert "Lena Virtanen" not in response.text, (who, code)
            assert "patient@example.org" not in response.text, (who, code)
            assert "Pia Patient" not in response.text, (who, code)
