"""The same text sent twice by the same sender (a double click, a second tab, an inquiry sent
again) is one case: the sender is told in words that it is registered already, and what happens
next. A different sender, a different text or a later time is a new case."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from slussen.cases.models import Case
from slussen.intake import services
from slussen.intake.models import Fingerprint, PendingInquiry

from .conftest import link_in
from .test_company_confirmation import inquiry  # noqa: F401 (a fixture)
from .test_submissions import idea_post


def cases(title):
    return Case.objects.filter(title=title).count()


def test_a_company_inquiry_confirmed_twice_becomes_one_case_and_the_sender_is_told(
    world,
    client,
    mailbox,
    inquiry,  # noqa: F811
):
    client.post(reverse("intake:company"), inquiry)
    again = {
        **inquiry,
        "title": "  SENSORER i  vårdsängar ",  # the same text but for case and spacing
        "description": inquiry["description"].upper().replace(" ", "  "),
        "email": inquiry["email"].upper(),
    }
    client.post(reverse("intake:company"), again)
    first = link_in(mailbox.body(mailbox.wait_for(inquiry["email"])[0]))
    second = link_in(mailbox.body(mailbox.wait_for(again["email"])[0]))
    assert client.post(first).status_code == 302
    case = Case.objects.get(title=inquiry["title"])
    response = client.post(second)
    assert response.status_code == 200
    assert "Redan registrerat" in response.text
    assert case.registry_number in response.text  # the link proved the address: her own case
    assert "svarar inom 5 arbetsdagar" in response.text
    assert Case.objects.filter(submission__channel="company").count() == 1


def test_a_logged_in_company_sending_the_same_inquiry_twice_gets_one_case(
    world,
    client,
    inquiry,  # noqa: F811
):
    client.force_login(world.external)
    data = {k: v for k, v in inquiry.items() if k not in ("company_name", "email")}
    assert client.post(reverse("intake:company"), data).status_code == 302
    response = client.post(reverse("intake:company"), data)
    assert response.status_code == 200 and "Redan registrerat" in response.text
    case = Case.objects.get(title=inquiry["title"])
    assert case.registry_number in response.text
    assert case.get_absolute_url() in response.text  # she follows it where she sees her cases
    assert cases(inquiry["title"]) == 1


def test_another_sender_or_another_text_is_a_new_case(world, client, inquiry):  # noqa: F811
    client.force_login(world.external)
    data = {k: v for k, v in inquiry.items() if k not in ("company_name", "email")}
    client.post(reverse("intake:company"), data)
    client.post(reverse("intake:company"), {**data, "description": "Något helt annat."})
    assert cases(inquiry["title"]) == 2
    client.logout()
    services.confirm_company_inquiry(
        services.request_company_inquiry(
            {**inquiry, "email": "annan@example.net"}, language="sv", client="x"
        ).token
    )
    assert cases(inquiry["title"]) == 3


def test_the_same_text_after_the_window_is_a_new_case(world, client, inquiry):  # noqa: F811
    client.force_login(world.external)
    data = {k: v for k, v in inquiry.items() if k not in ("company_name", "email")}
    client.post(reverse("intake:company"), data)
    Fingerprint.objects.update(created=timezone.now() - timedelta(hours=73))
    assert client.post(reverse("intake:company"), data).status_code == 302
    assert cases(inquiry["title"]) == 2


def test_a_public_proposal_sent_twice_is_one_case_without_showing_its_number(
    world, client, proposal_data
):
    first = client.post(reverse("intake:proposal"), proposal_data)
    client.get(first["Location"])  # the tracking page, with its thanks
    response = client.post(reverse("intake:proposal"), proposal_data)
    assert response.status_code == 200 and "Redan registrerat" in response.text
    case = Case.objects.get(title=proposal_data["title"])
    assert case.registry_number not in response.text  # the address typed is not proved
    assert "kvittot" in response.text
    assert cases(proposal_data["title"]) == 1


def test_an_employee_idea_sent_twice_is_one_case(world, client):
    client.force_login(world.employee)
    assert client.post(reverse("intake:idea"), idea_post(world)).status_code == 302
    response = client.post(reverse("intake:idea"), idea_post(world))
    assert response.status_code == 200 and "Redan registrerat" in response.text
    assert cases("Digital incheckning på akuten") == 1


@pytest.mark.parametrize("form", ["idea", "proposal", "company"])
def test_two_tabs_submitting_at_once_make_one_case(world, form, proposal_data, inquiry):  # noqa: F811
    """Two requests at the same moment, each with its own connection to the database."""
    data = {
        "idea": idea_post(world),
        "proposal": proposal_data,
        "company": {k: v for k, v in inquiry.items() if k not in ("company_name", "email")},
    }[form]
    user = {"idea": world.employee, "proposal": None, "company": world.external}[form]
    answers, start = [], threading.Barrier(2)

    def send():
        try:
            tab = Client()
            if user is not None:
                tab.force_login(user)
            start.wait()
            answers.append(tab.post(reverse(f"intake:{form}"), data).status_code)
        finally:
            connection.close()  # this thread's own connection

    tabs = [threading.Thread(target=send) for _ in range(2)]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join()
    assert sorted(answers) == [200, 302]
    assert cases(data["title"]) == 1
    assert not PendingInquiry.objects.exists()
