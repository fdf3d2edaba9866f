"""A case that has ended offers nothing that does nothing: a case merged into another is not
among the similar cases (its survivor is), and a POST whose form an ended case hides is refused
by the service in words the person can act on."""

import pytest
from django.urls import reverse

from slussen.intake import services

DESCRIPTION = "Batteriet till elrullstolen tar slut i väntrummet och det finns ingen laddplats."


def propose(title, organisation, email="pia@example.net"):
    data = {"title": title, "description": DESCRIPTION, "organisation": organisation,
            "email": email, "name": "Pia Andersson"}  # fmt: skip
    submission, token = services.submit_proposal(data, language="sv", client="test")
    return submission.case, token


def similar_items(page: str) -> str:
    """The list of similar cases of a page (the writing suggestions are the whole partial)."""
    if 'aria-labelledby="similar-h"' not in page:
        return ""
    return page.split('aria-labelledby="similar-h"', 1)[1].split("</ul>", 1)[0]


@pytest.fixture
def merged(world):
    survivor, _ = propose("Laddplatser för elrullstolar i väntrummet", world.sos)
    duplicate, token = propose("Laddplats för elrullstol i väntrummet", world.sos, "ola@ex.net")
    services.merge(duplicate, survivor, world.advisor, message="Samma behov.")
    return survivor, duplicate, token


def test_a_merged_case_is_not_among_its_survivors_similar_cases(world, client, merged):
    survivor, duplicate, _token = merged
    client.force_login(world.advisor)
    for url in (reverse("intake:case", args=[survivor.pk]), survivor.get_absolute_url()):
        page = client.get(url).text
        assert "Liknande" in page, url
        items = similar_items(page)
        assert duplicate.registry_number not in items, url
        assert "är avslutat" not in items, url


def test_a_merged_case_is_not_offered_while_writing_but_its_survivor_is(world, client, merged):
    survivor, duplicate, _token = merged
    text = {"title": "Laddplats för elrullstolar", "description": DESCRIPTION}
    for who in (None, world.employee, world.advisor, world.coordinator):
        client.logout()
        if who is not None:
            client.force_login(who)
        page = client.get(reverse("intake:similar"), text).text
        assert survivor.registry_number in page, who
        assert duplicate.registry_number not in page, who
