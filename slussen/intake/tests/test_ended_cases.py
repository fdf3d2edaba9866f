"""A case that has ended offers nothing that does nothing: a case merged into another is not
among the similar cases (its survivor is), and a POST whose form an ended case hides is refused
by the service in words the person can act on."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from slussen.core import workflow
from slussen.intake import services
from slussen.intake.models import Submission

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
        # Named beside its survivor (the need it took over), never offered itself.
        offered = re.sub(r'<span class="meta merged-here">.*', "", page)
        assert duplicate.registry_number not in offered, who


def test_sharing_an_ended_case_is_refused_in_words_but_withdrawing_is_not(world, client):
    case, token = propose("Laddplatser för elrullstolar i väntrummet", world.sos)
    workflow.apply(case, "close", world.advisor, reason="Finns redan.")
    submission = Submission.objects.get(case=case)
    with pytest.raises(ValidationError, match="är avslutat"):
        services.set_shared(submission, True)
    answer = client.post(reverse("intake:share", args=[token]), {"shared": "on"})
    assert answer.status_code == 400 and "är avslutat" in answer.text
    assert not Submission.objects.get(case=case).shared
    Submission.objects.filter(pk=submission.pk).update(shared=True)  # shared before it ended
    withdrawn = client.post(reverse("intake:share", args=[token]), {})
    assert withdrawn.status_code == 302 and not Submission.objects.get(case=case).shared


def test_joining_a_case_merged_meanwhile_is_refused_in_the_join_pages_words(world, client, merged):
    _survivor, duplicate, _token = merged
    url = reverse("intake:join", args=[duplicate.pk])
    page = client.get(url)  # the page says why, and offers no form
    assert page.status_code == 200 and "är avslutat" in page.text
    assert 'novalidate class="stack"' not in page.text  # no join form
    sent = client.post(url, {"email": "olle@example.net", "privacy": "on", "website": ""})
    assert sent.status_code == 400 and "är avslutat" in sent.text
    with pytest.raises(ValidationError, match="är avslutat"):
        services.request_public_join(duplicate, {"email": "olle@example.net"}, language="sv")
    client.force_login(world.manager)
    answer = client.post(url, {"unit": "Akuten"})
    assert answer.status_code == 400 and "är avslutat" in answer.text
    with pytest.raises(ValidationError, match="är avslutat"):
        services.join(duplicate, world.manager)
    assert not duplicate.supporters.exists()


def test_the_join_page_of_a_merged_case_leads_to_the_case_that_handles_it_now(
    world, client, merged
):
    """A join link kept from before the merge (a second tab, the back button, a colleague's
    mail) names the case the need is handled in now, and offers to support that one."""
    survivor, duplicate, _token = merged
    last, _ = propose("Eluttag i väntrummen", world.sos, "b@ex.net")
    services.merge(survivor, last, world.advisor, message="Vi samlar dem här.")
    for who in (None, world.manager):
        if who is not None:
            client.force_login(who)
        page = client.get(reverse("intake:join", args=[duplicate.pk])).text
        assert "är avslutat" in page and last.registry_number in page, who
        assert f'href="{reverse("intake:join", args=[last.pk])}' in page, who
    with pytest.raises(ValidationError, match=last.registry_number):
        services.join(duplicate, world.manager)
