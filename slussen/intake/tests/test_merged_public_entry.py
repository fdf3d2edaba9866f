"""A merged case's entry in the public register names the case that handles its need now, in
words a citizen understands, when both are public; never a secret or partly secret one."""

import pytest
from django.conf import settings
from django.urls import reverse

from slussen.cases.models import Case, Secrecy
from slussen.intake import services

from .test_supporters import propose


@pytest.fixture
def merged(world):
    survivor = propose("Laddplatser för rullstolar", organisation=world.sos, email="a@example.net")
    duplicate = propose("Ladda rullstolen", organisation=world.sos, email="pia@example.net")
    services.merge(duplicate, survivor, world.advisor, message="Samma behov, vi fortsätter där.")
    return duplicate, survivor


def _entry(client, case, language="sv"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("cases:public_detail", args=[case.pk])).text


def test_the_merged_entry_names_the_public_case_that_handles_its_need(client, merged):
    duplicate, survivor = merged
    there = reverse("cases:public_detail", args=[survivor.pk])
    page = _entry(client, duplicate)
    assert "Det här behovet är detsamma som i ett annat ärende och hanteras nu där" in page
    assert f'<a href="{there}"><span class="nowrap">{survivor.registry_number}</span>' in page
    assert "Laddplatser för rullstolar</a>" in page
    english = _entry(client, duplicate, "en")
    assert "This need is the same as in another case and is handled there now" in english
    assert f'<a href="{there}">' in english
    # The survivor's own entry is not merged and names nothing.
    assert "hanteras nu där" not in _entry(client, survivor)


@pytest.mark.parametrize("secrecy", [Secrecy.PARTIAL, Secrecy.SECRET])
def test_a_secret_or_partly_secret_survivor_is_never_named(client, merged, secrecy):
    duplicate, survivor = merged
    Case.objects.filter(pk=survivor.pk).update(secrecy=secrecy, secrecy_reference="OSL 19:3")
    page = _entry(client, duplicate)
    assert survivor.registry_number not in page
    assert "Laddplatser" not in page
    assert reverse("cases:public_detail", args=[survivor.pk]) not in page
    assert "hanteras nu där" not in page


@pytest.mark.parametrize("secrecy", [Secrecy.PARTIAL, Secrecy.SECRET])
def test_a_secret_or_partly_secret_merged_case_says_nothing_of_where_its_need_went(
    client, merged, secrecy
):
    duplicate, survivor = merged
    Case.objects.filter(pk=duplicate.pk).update(secrecy=secrecy, secrecy_reference="OSL 19:3")
    page = _entry(client, duplicate)
    assert survivor.registry_number not in page
    assert "hanteras nu där" not in page
