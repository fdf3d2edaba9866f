"""An application starts from a case page (what the case says is entered once), and a
continuation starts from a copy of the earlier application."""

import re

from django.urls import reverse

from slussen.fund import services

from .factories import make_application


def test_the_case_page_offers_an_application_to_the_open_call(world, call, client):
    client.force_login(world.advisor)
    page = client.get(reverse("cases:detail", args=[world.case.pk])).text
    start = reverse("fund:from_case", args=[world.case.pk])
    assert start in page
    response = client.get(start)
    assert response.status_code == 302
    assert response.url == reverse("fund:apply", args=[call.pk]) + f"?case={world.case.pk}"
    form = client.get(response.url).text
    assert 'value="IVA-dagboken"' in form


def test_the_case_page_reads_whether_the_case_is_an_application_with_the_case(world, call, client):
    """While a call is open the offer asks whether the case is an application itself: read with
    the case (``cases.actions.read_with``), not a query of its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    application = make_application(world, call, state="signoff")  # submitted: a case
    client.force_login(world.advisor)
    with CaptureQueriesContext(connection) as read:
        page = client.get(reverse("cases:detail", args=[world.case.pk])).text
    assert reverse("fund:from_case", args=[world.case.pk]) in page
    assert not [q for q in read.captured_queries if 'FROM "fund_application"' in q["sql"]]
    client.force_login(world.coordinator)  # the application's own case offers no application
    page = client.get(reverse("cases:detail", args=[application.case.pk])).text
    assert reverse("fund:from_case", args=[application.case.pk]) not in page


def test_the_case_page_offers_nothing_when_no_call_is_open(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.advisor)
    with CaptureQueriesContext(connection) as read:
        page = client.get(reverse("cases:detail", args=[world.case.pk])).text
    assert reverse("fund:from_case", args=[world.case.pk]) not in page
    # Whether the case is an application itself is asked only while a call is open.
    assert not [q for q in read.captured_queries if 'FROM "fund_application"' in q["sql"]]


def test_starting_from_a_case_one_may_not_see_is_404(world, call, client):
    client.force_login(world.employee)
    response = client.get(reverse("fund:from_case", args=[world.other_case.pk]))
    assert response.status_code == 404


def test_a_continuation_starts_from_a_copy_of_the_earlier_application(world, call, client):
    earlier = make_application(world, call, state="granted")
    services.revise_questions(
        call,
        world.coordinator,
        [{"text_sv": q.text_sv, "text_en": q.text_en, "key": str(q.key)}
         for q in call.current_questions()],
    )  # fmt: skip
    client.force_login(earlier.applicant)
    page = client.get(reverse("fund:apply", args=[call.pk]) + f"?continue={earlier.pk}").text
    assert f'value="{earlier.title}"' in page
    assert earlier.goal in page
    assert "Svar på fråga 1." in page  # the answers, through the questions' keys
    assert re.search(r'value="continuation"[^>]*checked', page)
    assert f'<option value="{earlier.pk}" selected>' in page
    assert "Projektledare" in page  # the participants
    # Someone else's application is not copied.
    client.force_login(world.employee)
    page = client.get(reverse("fund:apply", args=[call.pk]) + f"?continue={earlier.pk}")
    assert page.status_code == 404
