import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from slussen.core.models import AuditEvent
from slussen.navigator import demo, selectors
from slussen.navigator.models import Actor


@pytest.fixture
def actors(world):
    demo.seed(SimpleNamespace(orgs={"rlk-foi": world.foi}, people={}))
    return Actor.objects.all()


def test_guide_medical_device_development_regulation_names_lakemedelsverket(actors, client):
    response = client.get(
        reverse("navigator:guide"),
        {"type": "medical_device", "phase": "development", "need": "regulation"},
    )
    assert response.status_code == 200
    answer = response.context["answer"]
    names = [a.name for a in answer["actors"]]
    assert "Läkemedelsverket" in names
    assert "Läkemedelsverket" in response.text
    assert "Patent- och registreringsverket" not in names  # IP, not regulation
    assert "TLV" not in [a.short_name for a in answer["actors"]]  # implementation phase only
    # The region's own contacts come with it: the local innovation units start there.
    assert "De lokala innovationsenheterna" in [a.name for a in answer["region"]]


def test_guide_names_the_users_own_innovation_unit(actors, world, client):
    client.force_login(world.advisor)
    response = client.get(
        reverse("navigator:guide"), {"type": "service", "phase": "need_idea", "need": "funding"}
    )
    assert "SöS Innovation" in response.text
    assert "Vinnova" in [a.name for a in response.context["answer"]["actors"]]


def test_guide_asks_again_when_a_question_is_unanswered(actors, client):
    response = client.get(reverse("navigator:guide"), {"type": "service", "phase": "development"})
    assert response.status_code == 400
    assert re.search(r'value="service"[^>]*checked', response.text)  # what was chosen is kept
    assert response.context["answer"] is None


@pytest.mark.parametrize(
    "need,expected",
    [
        ("regulation", "Läkemedelsverket"),
        ("procurement", "Upphandlingsmyndigheten"),
        ("ip", "Patent- och registreringsverket"),
        ("ethics", "Etikprövningsmyndigheten"),
        ("data_protection", "Integritetsskyddsmyndigheten"),
        ("hta", "Statens beredning för medicinsk och social utvärdering"),
        ("patient_safety", "Inspektionen för vård och omsorg"),
        ("testing", "Vinnova"),
        ("funding", "Vinnova"),
        ("partners", "KI Innovations"),
        ("implementation", "Socialstyrelsen"),
    ],
)
def test_every_shared_need_code_answers_with_actors(actors, client, need, expected):
    """The process app's checklist items link to /navigator/?need=<code>."""
    response = client.get(reverse("navigator:directory"), {"need": need})
    assert response.status_code == 200
    names = [a.name for a in response.context["actors"]]
    assert expected in names
    assert all(need in a.codes("need") for a in response.context["actors"])


def test_unknown_need_code_shows_everyone_rather_than_failing(actors, client):
    response = client.get(reverse("navigator:directory"), {"need": "nonsense"})
    assert response.status_code == 200
    assert len(response.context["actors"]) == actors.count()


def test_coordinator_edits_an_actor_and_others_cannot(actors, world, client):
    lv = Actor.objects.get(slug="lakemedelsverket")
    url = reverse("navigator:edit", args=[lv.slug])
    client.force_login(world.employee)
    assert client.get(url).status_code == 403
    client.force_login(world.coordinator)
    data = {
        "name": "Läkemedelsverket",
        "short_name": "LV",
        "slug": "lakemedelsverket",
        "kind": "agency",
        "summary_sv": "Ny text om MDR.",
        "summary_en": "",
        "website": "https://www.lakemedelsverket.se",
        "needs": [],
        "phases": ["development"],
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "Ny text om MDR." in response.text
    response = client.post(url, {**data, "needs": ["regulation", "testing"]})
    assert response.status_code == 302
    lv = Actor.objects.prefetch_related("facets").get(pk=lv.pk)
    assert lv.summary_sv == "Ny text om MDR."
    assert sorted(lv.codes("need")) == ["regulation", "testing"]
    assert lv.codes("phase") == ["development"] and lv.codes("type") == []
    assert AuditEvent.objects.filter(action="navigator.edit").exists()
    # No types: helps with every type, also in the guide.
    found = selectors.actors(need="testing", phase="development", type="pharmaceutical")
    assert lv in found


def test_directory_query_count_is_flat(actors, client, django_assert_max_num_queries):
    client.get(reverse("navigator:directory"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("navigator:directory"))
    assert len(few.captured_queries) <= 6
    for i in range(20):
        Actor.objects.create(slug=f"a{i}", name=f"Aktör {i}", kind="park", summary_sv="x")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("navigator:directory")).status_code == 200


def directory_slugs(client, q):
    page = client.get(reverse("navigator:directory"), {"q": q})
    assert page.status_code == 200
    return {a.slug for a in Actor.objects.all() if a.get_absolute_url() in page.text}


@pytest.mark.parametrize("q", ["läkemedlen", "läkemedlet", "läkemedel"])
def test_the_directory_finds_actors_by_any_inflection(actors, client, q):
    found = directory_slugs(client, q)
    assert {"lakemedelsverket", "tlv"} <= found
    assert "vinnova" not in found


def test_the_directory_finds_a_compound_by_its_part_and_every_word_must_match(actors, client):
    assert "vinnova" in directory_slugs(client, "testbäddarna")
    assert "vinnova" in directory_slugs(client, "innovationsmyndigheten")
    assert "vinnova" in directory_slugs(client, "innovation")  # "innovationsprojekt"
    assert "vinnova" not in directory_slugs(client, "innovation läkemedel")


def test_the_actor_index_follows_every_save(actors, world, client):
    vinnova = Actor.objects.get(slug="vinnova")
    vinnova.summary_sv = "Finansierar drönarleveranser."
    vinnova.save()
    assert "vinnova" in directory_slugs(client, "drönare")
    assert "vinnova" not in directory_slugs(client, "testbäddar")
