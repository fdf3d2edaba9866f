"""A company's inquiry sent without log-in is nobody's case until the owner of the address typed
confirms the link sent there: before that there is no case, account or organisation, and the
inquiry is in no list. The link is signed, works once and expires; unconfirmed inquiries are
removed by a periodic task."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from slussen.accounts.models import Organisation, User
from slussen.cases.models import Case
from slussen.core.models import AuditEvent
from slussen.intake import services
from slussen.intake.models import PendingInquiry, Submission
from slussen.intake.tasks import purge_unconfirmed_inquiries

from .conftest import link_in

TITLE = "Sensorer i vårdsängar"


@pytest.fixture
def inquiry():
    return {
        "kind": "collaboration",
        "title": TITLE,
        "description": "Vi vill prova trycksensorer som varnar för trycksår.",
        "company_name": "Sängsensor AB",
        "org_number": "559000-1111",
        "contact_name": "Vera Lind",
        "email": "vera@sangsensor.example",
        "phone": "070-111 22 33",
        "privacy": "on",
        "website": "",
    }


def send(client, data):
    return client.post(reverse("intake:company"), data)


def test_an_inquiry_in_someone_elses_name_creates_nothing_until_confirmed(
    world, client, mailbox, inquiry
):
    """The address of an existing company account, typed by somebody else: no case in its
    name, no organisation, no account, nothing in the register, queue, statistics or open data."""
    victim = world.external
    people, organisations = User.objects.count(), Organisation.objects.count()
    response = send(client, {**inquiry, "email": victim.email})
    assert response["Location"].startswith(reverse("intake:company_check") + "?back=")
    page = client.get(response["Location"])
    assert "Kolla din e-post" in page.text and "7 dagar" in page.text
    assert not Case.objects.filter(title=TITLE).exists() and not Submission.objects.exists()
    assert (User.objects.count(), Organisation.objects.count()) == (people, organisations)
    assert not Organisation.objects.filter(name="Sängsensor AB").exists()
    assert PendingInquiry.objects.get().email == victim.email
    mail = mailbox.wait_for(victim.email)[0]
    assert mail["Subject"] == "Bekräfta din förfrågan till Slussen"
    assert "inget registreras i ditt namn" in mailbox.body(mail)
    # Not visible to anyone as a case.
    client.force_login(world.coordinator)
    for url in (reverse("intake:queue"), reverse("cases:register"), reverse("fund:statistics")):
        assert TITLE not in client.get(url).text
    client.logout()
    assert TITLE not in client.get(reverse("api:register")).text


def test_the_owner_confirms_once_and_gets_the_case_and_the_receipt(world, client, mailbox, inquiry):
    send(client, inquiry)
    path = link_in(mailbox.body(mailbox.wait_for(inquiry["email"])[0]))
    # Opening the link (as a mail program's link scanner does) confirms nothing.
    page = client.get(path)
    assert page.status_code == 200 and TITLE in page.text and "Bekräfta" in page.text
    assert page["X-Robots-Tag"].startswith("noindex")
    assert not Case.objects.filter(title=TITLE).exists()
    response = client.post(path)
    case = Case.objects.get(title=TITLE)
    assert response.status_code == 302 and response["Location"].startswith("/track/")
    assert case.organisation == world.foi and case.submitter.email == inquiry["email"]
    assert case.submission.company.name == "Sängsensor AB"
    assert case.submitter.is_external and not PendingInquiry.objects.exists()
    assert AuditEvent.objects.filter(action="intake.inquiry_confirmed", object_id=case.pk).exists()
    subjects = [m["Subject"] for m in mailbox.wait_for(inquiry["email"], count=3)]
    assert any(case.registry_number in s for s in subjects)  # the usual receipt
    # Single use: a second click, or a double submit, registers nothing more.
    again = client.post(path)
    assert again.status_code == 410 and "redan använts" in again.text
    assert client.get(path).status_code == 410
    assert Case.objects.filter(title=TITLE).count() == 1


def test_a_forged_or_expired_link_is_refused(world, client, inquiry):
    pending = services.request_company_inquiry(inquiry, language="sv", client="t")
    token = pending.token
    path = reverse("intake:company_confirm", args=[token])
    for bad in (token[:-2] + "xx", "x", token.replace(":", ":0", 1)):
        url = reverse("intake:company_confirm", args=[bad])
        assert client.post(url).status_code == 410
    # Another inquiry's link does not open this one.
    other = services.request_company_inquiry(
        {**inquiry, "email": "annan@example.net"}, language="sv", client="t"
    )
    PendingInquiry.objects.filter(pk=other.pk).update(nonce_hash=pending.nonce_hash)
    assert services.pending_inquiry(other.token) is None
    # Expired: past its days, the link works no more, and the task removes it.
    PendingInquiry.objects.filter(pk=pending.pk).update(expires=timezone.now() - timedelta(1))
    assert client.post(path).status_code == 410
    assert not Case.objects.filter(title=TITLE).exists()
    assert purge_unconfirmed_inquiries.call() == 1
    assert purge_unconfirmed_inquiries.call() == 0  # safe to run again
    assert list(PendingInquiry.objects.values_list("pk", flat=True)) == [other.pk]
    assert AuditEvent.objects.filter(action="intake.inquiry_purge").count() == 1


def test_the_link_is_signed_with_a_lifetime(world, client, inquiry, settings):
    pending = services.request_company_inquiry(inquiry, language="sv", client="t")
    settings.INTAKE_CONFIRM_DAYS = 0  # the signature's own age check, beside the row's
    assert services.pending_inquiry(pending.token) is None


def test_one_address_gets_few_links(world, client, mailbox, inquiry, settings):
    settings.INTAKE_CONFIRM_MAILS_PER_HOUR = 2
    for _ in range(4):
        assert send(client, inquiry)["Location"].startswith(reverse("intake:company_check"))
    assert PendingInquiry.objects.count() == 2


def test_a_logged_in_company_is_registered_at_once(world, client, mailbox, inquiry):
    client.force_login(world.external)
    data = {k: inquiry[k] for k in ("kind", "title", "description", "privacy", "website")}
    response = send(client, data)
    assert response.status_code == 302 and response["Location"].startswith("/track/")
    case = Case.objects.get(title=TITLE)
    assert case.submitter == world.external and not PendingInquiry.objects.exists()
