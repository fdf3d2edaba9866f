"""A company without an account answers a need through the company way in: what it types waits
until the owner of the address confirms the link mailed there; then the answer is the need's,
beside the others for the advisor, and the company is told the outcome by mail."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from slussen.accounts.models import Organisation, User
from slussen.cases.models import Case
from slussen.intake.models import PendingInquiry
from slussen.intake.tests.conftest import link_in
from slussen.needs import services
from slussen.needs.models import Answer
from slussen.needs.workflows import ensure_defined

from .test_needs_board import published

ADDRESS = "vera@fallskydd.example"


@pytest.fixture
def world(live_world):
    """These tests commit for real: mail is queued after commit and goes out over SMTP."""
    ensure_defined()
    return live_world


def typed(**extra):
    data = {
        "proposal": "En sensormatta vid sängen som larmar personalen.",
        "fulfils": "Ingen kamera; larmet går till personalens telefon.",
        "company_name": "Fallskydd AB",
        "org_number": "559000-2222",
        "contact_name": "Vera Lind",
        "email": ADDRESS,
        "phone": "",
        "privacy": "on",
        "website": "",
    }
    data.update(extra)
    return data


def answer_and_confirm(client, mailbox, need, **extra):
    data = typed(**extra)
    response = client.post(reverse("needs:detail", args=[need.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    path = link_in(mailbox.body(mailbox.wait_for(data["email"])[-1]))
    return client.post(path)


def test_needs_board_a_company_without_account_answers_through_the_company_way_in(
    world, client, mailbox
):
    need = published(world)
    page = client.get(reverse("needs:detail", args=[need.pk]))
    assert page.status_code == 200 and "Företag eller organisation" in page.text
    response = client.post(reverse("needs:detail", args=[need.pk]), typed())
    assert response["Location"].startswith(reverse("intake:company_check") + "?answer=1&back=")
    assert not Answer.objects.exists() and not Organisation.objects.filter(name="Fallskydd AB")
    mail = mailbox.wait_for(ADDRESS)[0]
    assert need.title in mailbox.body(mail)
    path = link_in(mailbox.body(mail))
    page = client.get(path)  # a link scanner opening it confirms nothing
    assert page.status_code == 200 and need.title in page.text
    assert not Answer.objects.exists()
    done = client.post(path)
    assert done.status_code == 302
    given = Answer.objects.get(need=need)
    assert given.company.name == "Fallskydd AB" and given.author.email == ADDRESS
    assert given.author.is_external and not PendingInquiry.objects.exists()
    # The answer is the need's, not a new case in the coordinators' queue.
    assert not Case.objects.filter(title__contains="Fallskydd").exists()
    assert client.post(path).status_code == 410  # the link works once
    assert Answer.objects.filter(need=need).count() == 1
    # The advisor sees it beside the logged-in company's answer.
    services.answer(need, world.external, proposal="Radar i taket.", fulfils="Ja.")
    client.force_login(world.advisor)
    text = client.get(reverse("needs:detail", args=[need.pk])).text
    assert "Fallskydd AB" in text and "Cuviva AB" in text and "sensormatta" in text
    # The outcome: the company without an account is told by mail that it was not chosen.
    client.post(
        reverse("needs:shortlist", args=[need.pk]),
        {"chosen": [Answer.objects.get(company__name="Cuviva AB").pk], "dialogue": "Möte i maj."},
    )
    told = mailbox.wait_for(ADDRESS, count=3)
    assert any(need.title in m["Subject"] and "inte vidare" in m["Subject"] for m in told), [
        m["Subject"] for m in told
    ]


def test_needs_board_an_answer_in_someone_elses_name_creates_nothing_until_confirmed(
    world, client, mailbox
):
    need = published(world)
    victim = world.external
    people, organisations = User.objects.count(), Organisation.objects.count()
    client.post(reverse("needs:detail", args=[need.pk]), typed(email=victim.email))
    assert not Answer.objects.exists()
    assert (User.objects.count(), Organisation.objects.count()) == (people, organisations)
    mail = mailbox.wait_for(victim.email)[0]
    assert "inget registreras i ditt namn" in mailbox.body(mail)
    client.force_login(world.advisor)
    assert "sensormatta" not in client.get(reverse("needs:detail", args=[need.pk])).text
    # Confirmed by the owner of the address, it is her company's answer, not a new company.
    client.logout()
    client.post(link_in(mailbox.body(mail)))
    given = Answer.objects.get(need=need)
    assert given.author == victim and given.company.name == "Cuviva AB"
    assert Organisation.objects.count() == organisations


def test_needs_board_a_need_for_employees_cannot_be_answered_by_a_company(world, client, mailbox):
    need = published(world, audience="employees")
    url = reverse("needs:detail", args=[need.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, typed()).status_code == 404
    assert not PendingInquiry.objects.exists()
    # Nor by a link sent while it was for companies, confirmed after it became the staff's.
    other = published(world, title="Ett behov till")
    client.post(reverse("needs:detail", args=[other.pk]), typed())
    path = link_in(mailbox.body(mailbox.wait_for(ADDRESS)[0]))
    type(other).objects.filter(pk=other.pk).update(audience="employees")
    assert client.post(path).status_code == 400
    assert not Answer.objects.exists()


def test_needs_board_no_answer_after_the_deadline(world, client, mailbox):
    need = published(world, deadline=date.today() + timedelta(days=1))
    url = reverse("needs:detail", args=[need.pk])
    client.post(url, typed())
    path = link_in(mailbox.body(mailbox.wait_for(ADDRESS)[0]))
    type(need).objects.filter(pk=need.pk).update(deadline=date.today() - timedelta(days=1))
    # The deadline passed while the mail waited: confirming it is refused, with the reason.
    page = client.post(path)
    assert page.status_code == 400 and "sista dag" in page.text
    assert not Answer.objects.exists() and not Organisation.objects.filter(name="Fallskydd AB")
    # And a late visitor is not offered the form at all.
    assert "Företag eller organisation" not in client.get(url).text
    assert client.post(url, typed(email="ny@fallskydd.example")).status_code == 403
    assert PendingInquiry.objects.count() == 1


def test_needs_board_the_same_company_answers_once(world, client, mailbox):
    need = published(world)
    answer_and_confirm(client, mailbox, need)
    # The same address again, and the same organisation number from another address.
    again = answer_and_confirm(client, mailbox, need)
    assert again.status_code == 400 and "redan svarat" in again.text
    other = answer_and_confirm(client, mailbox, need, email="annan@fallskydd.example")
    assert other.status_code == 400 and "redan svarat" in other.text
    assert Answer.objects.filter(need=need).count() == 1
    # A logged-in company that has answered cannot answer again through the way in either.
    services.answer(need, world.external, proposal="Radar.", fulfils="Ja.")
    late = answer_and_confirm(client, mailbox, need, email=world.external.email, org_number="")
    assert late.status_code == 400
    assert Answer.objects.filter(need=need).count() == 2


def test_needs_board_huge_input_is_refused_and_kept(world, client):
    need = published(world)
    response = client.post(reverse("needs:detail", args=[need.pk]), typed(proposal="x" * 200_000))
    assert response.status_code == 400 and "Fallskydd AB" in response.text
    assert not PendingInquiry.objects.exists()


def test_needs_board_answers_without_account_are_rate_limited(world, client, mailbox, settings):
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 1
    need = published(world)
    url = reverse("needs:detail", args=[need.pk])
    first = client.post(url, typed())
    assert first["Location"].startswith(reverse("intake:company_check") + "?answer=1&back=")
    assert "Ert svar skickas när du öppnar länken" in client.get(first["Location"]).text
    refused = client.post(url, typed(email="annan@fallskydd.example"))
    assert refused.status_code == 429 and "sensormatta" in refused.text
    assert PendingInquiry.objects.count() == 1


def test_needs_board_the_regions_staff_cannot_answer_as_a_company(world, client, mailbox):
    need = published(world)
    url = reverse("needs:detail", args=[need.pk])
    # Logged in, an employee is offered no form and her post is refused.
    client.force_login(world.employee)
    assert "Företag eller organisation" not in client.get(url).text
    assert client.post(url, typed()).status_code == 403
    # Through the way in with a staff address, the confirmation is refused with the reason.
    client.logout()
    client.post(url, typed(email=world.employee.email))
    page = client.post(link_in(mailbox.body(mailbox.wait_for(world.employee.email)[0])))
    assert page.status_code == 400 and "regionens personal" in page.text
    assert not Answer.objects.exists() and not Organisation.objects.filter(name="Fallskydd AB")
