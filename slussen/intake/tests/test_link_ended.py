"""A case that has ended (closed, handed on, merged into another) takes no more links: the
link service refuses it in words, and the triage page offers no link form for it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from slussen.core import workflow
from slussen.intake import services
from slussen.intake.models import CaseLink

from .test_supporters import propose


def cases(world):
    first = propose("Laddplatser för rullstolar i väntrummet", organisation=world.sos)
    second = propose("Fler laddplatser på akuten", organisation=world.sos, email="b@example.net")
    third = propose("Skyltar till akuten", organisation=world.sos, email="c@example.net")
    return first, second, third


def test_a_closed_case_is_not_linked_and_its_page_offers_no_link_form(world, client):
    first, second, _third = cases(world)
    workflow.apply(first, "close", world.advisor, reason="Inte ett innovationsärende.")
    for case, other in ((first, second), (second, first)):
        with pytest.raises(ValidationError) as refused:
            services.link_cases(case, other, world.advisor, kind="related")
        assert first.registry_number in refused.value.messages[0]
        assert "Avslutad" in refused.value.messages[0]
    assert not CaseLink.objects.exists()
    client.force_login(world.advisor)
    page = client.get(reverse("intake:case", args=[first.pk])).text
    assert reverse("intake:link", args=[first.pk]) not in page
    assert "kan inte längre länkas" in page
    posted = client.post(
        reverse("intake:link", args=[first.pk]),
        {"other": second.registry_number, "kind": "related", "reason": ""},
    )
    assert posted.status_code == 400 and not CaseLink.objects.exists()


def test_a_merged_case_names_its_survivor_to_link_instead(world, client):
    first, second, third = cases(world)
    services.merge(first, second, world.advisor, message="Samma behov: vi tar det där.")
    with pytest.raises(ValidationError) as refused:
        services.link_cases(third, first, world.advisor, kind="duplicate")
    assert second.registry_number in refused.value.messages[0]
    assert CaseLink.objects.count() == 1  # the merge's own link, no other
    client.force_login(world.advisor)
    page = client.get(reverse("intake:case", args=[first.pk])).text
    assert reverse("intake:link", args=[first.pk]) not in page
    assert second.registry_number in page
    open_page = client.get(reverse("intake:case", args=[third.pk])).text
    assert reverse("intake:link", args=[third.pk]) in open_page  # an open case still links
