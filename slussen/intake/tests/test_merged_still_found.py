"""A need merged into another case is still found by its own words: whoever writes about it
next is offered the case that handles it now (to join, or to merge into), never nothing. The
merged case's words stand for the case it was merged into, after a chain of merges too; that
case is offered only to those who may be shown it."""

import pytest
from django.urls import reverse

from slussen.cases.models import Secrecy
from slussen.intake import services
from slussen.intake.models import Supporter

from .test_similar_projects import _open, _others
from .test_supporters import propose

TEXT = "Laddplatser för elrullstolar i väntrummet på akuten"


@pytest.fixture
def merged(world):
    """A need about charging wheelchairs, merged into a case whose own words are about
    something else (the advisor judged them one need)."""
    _others(world)
    duplicate = propose(
        "Laddplatser för elrullstolar i väntrummen",
        "Batteriet i elrullstolen tog slut medan vi väntade på akuten.",
        organisation=world.sos,
        email="kim@example.net",
    )
    survivor = _open(world, "Bättre belysning vid huvudentrén", "Fler lampor utomhus.")
    services.merge(duplicate, survivor, world.advisor, message="Samma behov: vi tar det här.")
    return duplicate, survivor


def test_the_suggestions_offer_the_case_a_need_was_merged_into(world, client, merged):
    duplicate, survivor = merged
    page = client.get(reverse("intake:similar"), {"title": TEXT, "description": ""}).text
    assert survivor.registry_number in page
    join = reverse("intake:join", args=[survivor.pk])
    assert f'href="{join}' in page  # "this is my need too" of the case that handles it now
    assert reverse("intake:join", args=[duplicate.pk]) not in page
    # Named beside it: why a case about lamps is offered for these words.
    here = page.split('class="meta merged-here">', 1)[1].split("\n", 1)[0]
    assert "Samma behov, sammanslaget med det:" in here
    assert duplicate.registry_number in here and "Laddplatser för elrullstolar i väntrummen" in here
    # A colleague joins it from there and follows the surviving case.
    client.force_login(world.manager)
    page = client.get(reverse("intake:similar"), {"title": TEXT, "description": ""}).text
    assert survivor.registry_number in page
    assert reverse("intake:join", args=[duplicate.pk]) not in page
    assert client.post(join, {"unit": "", "note": ""}).status_code == 302
    assert Supporter.objects.filter(case=survivor, user=world.manager).exists()


def test_after_a_chain_of_merges_the_last_case_is_offered(world, client, merged):
    duplicate, survivor = merged
    last = _open(world, "Sjukhusets lokaler", "Ombyggnad av huset.")
    services.merge(survivor, last, world.advisor, message="Vi samlar allt om lokalerna.")
    page = client.get(reverse("intake:similar"), {"title": TEXT, "description": ""}).text
    assert last.registry_number in page
    assert survivor.registry_number not in page
    here = page.split('class="meta merged-here">', 1)[1].split("\n", 1)[0]
    assert duplicate.registry_number in here  # the words were the first case's
    assert reverse("intake:join", args=[duplicate.pk]) not in page


def test_a_case_merged_into_is_offered_only_to_whoever_may_be_shown_it(world, client, merged):
    duplicate, survivor = merged
    survivor.secrecy = Secrecy.PARTIAL
    survivor.save(update_fields=["secrecy"])
    page = client.get(reverse("intake:similar"), {"title": TEXT, "description": ""}).text
    assert survivor.registry_number not in page and duplicate.registry_number not in page
    client.force_login(world.advisor)  # she handles it
    page = client.get(reverse("intake:similar"), {"title": TEXT, "description": ""}).text
    assert survivor.registry_number in page


def test_a_handlers_similar_cases_offer_the_case_it_was_merged_into(world, client, merged):
    """On the page of a new duplicate of the same need, the handler is offered the case that
    handles it now, to merge into; on that case's own page it is not its own duplicate."""
    duplicate, survivor = merged
    third = propose(TEXT, "Elrullstolen laddades ur på akuten.", organisation=world.sos)
    client.force_login(world.advisor)
    page = client.get(reverse("intake:case", args=[third.pk])).text
    assert f"?into={survivor.registry_number.replace(' ', '%20')}" in page
    assert f"?into={duplicate.registry_number.replace(' ', '%20')}" not in page
    page = client.get(reverse("cases:detail", args=[third.pk])).text
    assert survivor.registry_number in page.split("similar-sec", 1)[1]
    own = client.get(reverse("intake:case", args=[survivor.pk])).text
    assert f"?into={survivor.registry_number.replace(' ', '%20')}" not in own
