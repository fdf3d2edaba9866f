"""A suggestion while writing that she may not join says why, in words: her own submission,
a case she handles, one that has ended. Without them a suggestion had no way on and no word."""

from django.urls import reverse

from slussen.core import workflow
from slussen.intake import services

TEXT = {"title": "Laddplats för elrullstolar", "description": "Elrullstolen laddas i väntrummet."}


def idea(world, user):
    data = {"kind": "idea", "title": "Laddplatser för elrullstolar i väntrummet",
            "problem": "Elrullstolar behöver laddas medan man väntar i väntrummet.",
            "for_whom": "Patienter", "organisation": world.sos}  # fmt: skip
    submission, _token = services.submit_idea(user, data, from_draft=False)
    return submission.case


def suggestion_of(client, case):
    page = client.get(reverse("intake:similar"), TEXT).text
    assert case.registry_number in page
    return page[page.index(case.registry_number) :].split("</li>")[0]


def test_her_own_idea_among_the_suggestions_says_she_follows_it_already(world, client):
    case = idea(world, world.employee)
    client.force_login(world.employee)
    item = suggestion_of(client, case)
    assert "Det här är mitt behov också" not in item
    assert "Det här är ditt eget ärende" in item


def test_an_ended_case_among_the_suggestions_says_it_takes_no_more_supporters(world, client):
    case = idea(world, world.employee)
    workflow.apply(case, "close", world.advisor, reason="Finns redan.")
    client.force_login(world.manager)
    item = suggestion_of(client, case)
    assert "Det här är mitt behov också" not in item
    assert "är avslutat (Avslutad) och tar inte emot fler" in item
