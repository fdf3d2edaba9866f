"""The demo region shows what a new user can join in on: open needs on the needs board and
colleagues' shared ideas with supporters and comments."""

import os

import pytest
from django.core.management import call_command
from django.urls import reverse

from slussen.accounts.models import User
from slussen.demo.management.commands.seed_demo import email_of


def person(local):
    return User.objects.get(email=email_of(local))


@pytest.mark.django_db
def test_demo_shows_needs_and_colleagues_ideas_to_join_in_on(client):
    from slussen.cases.models import CaseEvent
    from slussen.intake.models import Submission, Supporter
    from slussen.needs.models import Need

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    published = Need.objects.filter(state__code="published")
    assert set(published.values_list("audience", flat=True)) >= {"companies", "employees"}
    for_companies = published.get(audience="companies")
    assert for_companies.answers.count() == 1
    assert for_companies.deadline > for_companies.created.date()

    # What an employee and a company see on the board.
    client.force_login(person("anna.lindqvist"))
    board = client.get(reverse("needs:board")).text
    assert all(n.title in board for n in published)
    client.force_login(person("lena.virtanen"))
    board = client.get(reverse("needs:board")).text
    assert for_companies.title in board
    assert published.get(audience="employees").title not in board
    # In English, the needs read in English.
    assert all(n.title_en and n.problem_en and n.requirements_en for n in published)
    client.cookies["django_language"] = "en"
    board = client.get(reverse("needs:board")).text
    assert for_companies.title_en in board and for_companies.title not in board
    client.cookies["django_language"] = "sv"

    shared = Submission.objects.filter(shared=True, case__secrecy="public")
    assert shared.count() >= 3
    supported = Supporter.objects.filter(case__submission__in=shared, user__isnull=False)
    assert supported.exclude(unit="").values("case").distinct().count() >= 2
    assert CaseEvent.objects.filter(
        case__submission__in=shared, type="comment", data__colleague=True
    ).exists()
    client.force_login(person("erik.bergstrom"))
    page = client.get(reverse("intake:colleagues")).text
    for submission in shared:
        assert submission.case.title in page

    counts = (Need.objects.count(), Supporter.objects.count(), CaseEvent.objects.count())
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 – idempotent
    assert (Need.objects.count(), Supporter.objects.count(), CaseEvent.objects.count()) == counts
