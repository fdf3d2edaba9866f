"""After a merge, what each person reads: the duplicate's submitter finds on her own tracking
page where she follows the surviving case now, and reads the advisor's words once; a link
between cases never passes for a merge."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from slussen.intake import services
from slussen.intake.models import CaseLink

from .test_supporters import propose


@pytest.fixture
def merged(world):
    survivor = propose("Laddplatser för rullstolar", organisation=world.sos, email="a@example.net")
    duplicate = propose("Ladda rullstolen", organisation=world.sos, email="pia@example.net")
    services.merge(duplicate, survivor, world.advisor, message="Samma behov, vi fortsätter där.")
    return duplicate, survivor


def _tracking(client, case):
    url = services.tracking_url(case.submission).split("/track/", 1)[1]
    return client.get(reverse("intake:track", args=[url.rstrip("/")]))


def test_the_merged_cases_tracking_page_leads_to_the_surviving_case(world, client, merged):
    duplicate, survivor = merged
    page = _tracking(client, duplicate).text
    supporter = survivor.supporters.get(email="pia@example.net")
    link = services.supporter_path(supporter)
    assert f'href="{link}"' in page
    assert f'Följ <span class="nowrap">{survivor.registry_number}</span>' in page  # one line
    assert client.get(link).status_code == 200  # her page for the surviving case
    # The advisor's words once on her timeline, not twice.
    assert page.count("Samma behov, vi fortsätter där.") == 1
    # The survivor's submitter reads them too, and is not sent anywhere else.
    survivor_page = _tracking(client, survivor).text
    assert "Samma behov, vi fortsätter där." in survivor_page
    assert 'Följ <span class="nowrap">SLU' not in survivor_page


def test_a_link_is_never_a_merge(world, client):
    one = propose("Laddplatser för rullstolar", organisation=world.sos)
    two = propose("Ladda rullstolen", organisation=world.sos)
    with pytest.raises(ValidationError):
        services.link_cases(one, two, world.advisor, kind=CaseLink.Kind.MERGED, reason="Samma.")
    client.force_login(world.advisor)
    page = client.get(reverse("intake:case", args=[one.pk])).text
    assert 'value="merged"' not in page.split('name="kind"', 1)[1].split("</select>", 1)[0]
    answer = client.post(
        reverse("intake:link", args=[one.pk]),
        {"other": two.registry_number, "kind": "merged", "reason": "Samma."},
    )
    assert answer.status_code == 400
    assert not CaseLink.objects.exists()
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.state.code == two.state.code == "new"


def test_a_merged_case_offers_no_sharing_with_colleagues_that_would_show_nothing(
    world, client, merged
):
    duplicate, survivor = merged
    assert "Kollegor får se den" not in _tracking(client, duplicate).text
    assert "Kollegor får se den" in _tracking(client, survivor).text  # still open


def test_after_a_chain_of_merges_each_page_leads_to_the_case_that_handles_it_now(world, client):
    """A into B, then B into C: the submitter of A and a supporter of A follow C, and their
    pages of A say so (not B, which is closed and tells nobody anything any more)."""
    first = propose("Ladda rullstolen", organisation=world.sos, email="kim@example.net")
    supporter = services._support(first, email="lo@example.net", via="suggestion")[0]
    second = propose("Laddplatser för rullstolar", organisation=world.sos, email="a@example.net")
    last = propose("Eluttag i väntrummet", organisation=world.sos, email="b@example.net")
    services.merge(first, second, world.advisor, message="Samma behov.")
    services.merge(second, last, world.advisor, message="Vi samlar dem här.")
    page = _tracking(client, first).text
    kim = last.supporters.get(email="kim@example.net")
    assert f'href="{services.supporter_path(kim)}"' in page
    assert f'Följ <span class="nowrap">{last.registry_number}</span>' in page
    assert second.registry_number not in page.split("<main", 1)[1].split("Status", 1)[0]
    lo = last.supporters.get(email="lo@example.net")
    page = client.get(services.supporter_path(supporter)).text
    assert f'href="{services.supporter_path(lo)}"' in page
    assert f'Följ <span class="nowrap">{last.registry_number}</span>' in page


def test_a_submitter_without_an_address_follows_the_surviving_case_on_her_own_page(world, client):
    """A patient who left no address follows her case through its link alone: once it is merged,
    that page tells her the surviving case's status as it changes (there is nobody to e-mail)."""
    from slussen.core import workflow

    duplicate = propose("Ladda rullstolen", organisation=world.sos, email="")
    survivor = propose("Laddplatser för rullstolar", organisation=world.sos, email="a@example.net")
    services.merge(duplicate, survivor, world.advisor, message="Samma behov.")
    page = _tracking(client, duplicate).text
    assert f"Ditt ärende handläggs som en del av {_nowrap(survivor)}" in page
    assert 'class="followed-status"' in page and "Ny" in page.split('class="followed-status"')[1]
    assert reverse("cases:public_detail", args=[survivor.pk]) in page
    workflow.apply(survivor, "start_assessment", world.advisor, reason="Vi tittar på det.")
    page = _tracking(client, duplicate).text
    assert "Bedöms" in page.split('class="followed-status"')[1].split("</p>")[0]
    assert "Vi tittar på det." not in page  # the reason was the survivor's submitter's


def _nowrap(case):
    return f'<span class="nowrap">{case.registry_number}</span>'
