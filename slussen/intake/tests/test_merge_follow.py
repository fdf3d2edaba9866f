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
