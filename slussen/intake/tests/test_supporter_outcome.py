"""A supporter learns what a decision on the case she supports means, in words anyone may read:
never the reason written to its submitter (which may be about her), never a word of a secret
case."""

from django.urls import reverse

from slussen.cases import services as case_services
from slussen.core import workflow
from slussen.core.models import Notification
from slussen.intake import services
from slussen.intake.models import Supporter

from .test_supporters import join_link, propose

REASON = "Intern bedömning: inlämnaren Pia har redan fått hjälp av sin vårdcentral."
CLOSED = "beslutade att inte gå vidare med ärendet"  # the close step's outcome, in Swedish


def supporters_of(case, world, client, mailbox):
    """A colleague and a member of the public who both support ``case``."""
    services.join(case, world.manager)
    client.post(
        reverse("intake:join", args=[case.pk]), {"email": "olle@example.net", "privacy": "on"}
    )
    client.post(join_link(mailbox.body(mailbox.wait_for("olle@example.net")[0])))
    return Supporter.objects.get(case=case, user=world.manager), Supporter.objects.get(
        case=case, email="olle@example.net"
    )


def test_supporters_read_that_a_case_was_closed_and_what_that_means_not_why(world, client, mailbox):
    case = propose("Laddplatser för rullstolar i väntrummet", organisation=world.sos)
    colleague, public = supporters_of(case, world, client, mailbox)
    workflow.apply(case, "close", world.advisor, reason=REASON)

    for supporter in (colleague, public):
        page = client.get(services.supporter_path(supporter)).text
        assert "Avslutad" in page and CLOSED in page
        assert REASON not in page
    notice = Notification.objects.get(recipient=world.manager, kind="intake.supported")
    assert "Avslutad" in notice.title and CLOSED in notice.body and REASON not in notice.body
    mail = mailbox.wait_for("olle@example.net", count=3)[2]
    body = mailbox.body(mail)
    assert "Avslutad" in body and CLOSED in body and REASON not in body

    # Of a case made secret, nothing: no status, no outcome, no reason.
    case = propose("Laddplatser på akuten", organisation=world.sos, email="b@example.net")
    Notification.objects.filter(recipient=world.manager).delete()
    services.join(case, world.manager)
    colleague = Supporter.objects.get(case=case, user=world.manager)
    case = case_services.update_case(
        case, world.advisor, expected_version=case.version, secrecy="secret",
        secrecy_reference="OSL 31 kap. 16 §",
    )  # fmt: skip
    workflow.apply(case, "close", world.advisor, reason=REASON)
    page = client.get(services.supporter_path(colleague)).text
    assert CLOSED not in page and "Avslutad" not in page and REASON not in page
    assert not Notification.objects.filter(recipient=world.manager, title__contains="Avslutad")


def test_the_triage_page_says_whom_a_decisions_reason_reaches(world, client):
    case = propose("Laddplatser för rullstolar i väntrummet", organisation=world.sos)
    client.force_login(world.advisor)
    page = client.get(reverse("intake:case", args=[case.pk])).text
    assert "Bara den som lämnade in ärendet läser den" in page
