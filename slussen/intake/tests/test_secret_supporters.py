"""A case made secret after people joined it ("this is my need too", a merged duplicate's
submitter) is followed by nobody outside it any longer: each supporter is told once, in words
that give nothing of the case away, and from then on her page, her start page, her notices and
her mail show nothing of it; the case's own submitter still follows it."""

import pytest
from django.urls import reverse

from slussen.cases import services as case_services
from slussen.cases.models import Secrecy
from slussen.core import workflow
from slussen.core.models import Notification
from slussen.intake import services
from slussen.intake.models import Submission, Supporter

TITLE = "Laddplatser för elrullstolar i väntrummet"
DESCRIPTION = "Batteriet till elrullstolen tar slut i väntrummet och det finns ingen laddplats."


def propose(title, email, organisation):
    data = {"title": title, "description": DESCRIPTION, "organisation": organisation,
            "email": email, "name": "Pia Andersson"}  # fmt: skip
    submission, token = services.submit_proposal(data, language="sv", client="test")
    return submission.case, token


@pytest.fixture
def followed(world, mailbox):
    case, _token = propose(TITLE, "pia@example.net", world.sos)
    duplicate, dup_token = propose("Laddplats för elrullstol", "ola@example.net", world.sos)
    services.merge(duplicate, case, world.advisor, message="Samma behov.")
    services.join(case, world.manager, unit="Akuten")
    token = services.request_public_join(case, {"email": "olle@example.net"}, language="sv")
    patient = services.confirm_public_join(token)
    for address in ("pia@example.net", "ola@example.net", "olle@example.net"):
        mailbox.wait_for(address)
    mailbox.clear()
    case.refresh_from_db()
    case = case_services.update_case(
        case,
        world.advisor,
        expected_version=case.version,
        secrecy=Secrecy.SECRET,
        secrecy_reference="OSL 31 kap. 16 §",
    )
    return {"case": case, "patient": patient, "dup_token": dup_token}


def test_secret_supporters_are_told_once_without_a_word_of_the_case(world, mailbox, followed):
    case = followed["case"]
    for address in ("olle@example.net", "ola@example.net"):
        (mail,) = mailbox.wait_for(address)
        text = mail["Subject"] + mailbox.body(mail)
        assert case.registry_number in text and "kan inte längre följas" in text
        assert "sekretess" in text and "innovation.sos@example.org" in text
        assert "elrullstol" not in text.lower() and "Ny" not in mail["Subject"]
    notice = Notification.objects.get(recipient=world.manager, body__contains="kontakta")
    assert case.registry_number in notice.title and "sekretess" in notice.title
    assert "elrullstol" not in (notice.title + notice.body).lower()
    assert not mailbox.to("pia@example.net")  # the submitter is inside the case


def test_secret_supporter_pages_and_start_page_show_nothing_of_it(world, client, followed):
    case = followed["case"]
    page = client.get(services.supporter_path(followed["patient"])).text
    assert case.registry_number in page and "kan inte längre följas här" in page
    assert "elrullstol" not in page.lower() and 'class="status' not in page
    track = client.get(reverse("intake:track", args=[followed["dup_token"]])).text
    assert "omfattas nu av sekretess" in track and TITLE not in track
    colleague = Supporter.objects.get(case=case, user=world.manager)
    client.force_login(world.manager)
    assert "elrullstol" not in client.get(services.supporter_path(colleague)).text.lower()
    start = client.get(reverse("core:home")).text
    assert case.registry_number not in start and TITLE not in start


def test_secret_supporters_hear_no_more_of_it(world, mailbox, followed):
    case = followed["case"]
    before = Notification.objects.filter(recipient=world.manager).count()
    workflow.apply(case, "start_assessment", world.advisor, reason="Vi tittar på det.")
    # The submitter hears of it (her mail is queued after the supporters' would be).
    mailbox.wait_for("pia@example.net")
    for address in ("olle@example.net", "ola@example.net"):
        assert all("Bedöms" not in mailbox.body(m) for m in mailbox.to(address)), address
    assert Notification.objects.filter(recipient=world.manager).count() == before
    assert Submission.objects.get(case=case).case.state.code == "assessing"
