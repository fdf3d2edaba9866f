"""The start page answers "what needs me now?" for each role, each item leading to where the
work is done, in a number of queries that does not grow with the data."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from slussen.core import workflow
from slussen.intake import services as intake_services
from slussen.intake.models import Submission
from slussen.process import services as process_services
from slussen.process.models import GateRequest, InnovationCase
from slussen.process.templates_data import ensure_seeded


def _sections(client, user):
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return {s["key"]: s for s in response.context["sections"]}, response.content.decode()


def test_employee_sees_what_she_submitted_with_its_status(world, client):
    sections, html = _sections(client, world.employee)
    assert {"submitted"} <= sections.keys()
    assert not {"new_cases", "gates_to_approve", "fund_reviews", "portfolio"} & sections.keys()
    item = sections["submitted"]["items"][0]
    assert item.url == world.case.get_absolute_url()
    assert item.status == world.case.state.label
    assert f'href="{item.url}"' in html


def test_advisor_sees_new_and_overdue_cases_leading_to_the_triage_page(world, client):
    data = {"title": "Bättre skyltning", "description": "Text.", "organisation": world.sos}
    submission = intake_services.submit_proposal(data, language="sv", client="t")[0]
    sections, _html = _sections(client, world.advisor)
    assert {"new_cases", "overdue", "gates_requested", "stale_cases", "handled"} <= sections.keys()
    url = reverse("intake:case", args=[submission.case.pk])
    urls = [i.url for i in sections["new_cases"]["items"]]
    assert urls == [reverse("intake:case", args=[world.case.pk]), url]  # oldest first
    assert sections["overdue"]["items"] == []
    Submission.objects.filter(pk=submission.pk).update(due=date.today() - timedelta(days=3))
    sections, _html = _sections(client, world.advisor)
    assert [(i.url, i.late) for i in sections["overdue"]["items"]] == [(url, True)]
    assert client.get(url).status_code == 200
    # another organisation's advisor is not asked
    sections, _html = _sections(client, world.advisor_other)
    assert url not in [i.url for i in sections["new_cases"]["items"]]


def test_manager_sees_the_gate_decision_waiting_for_approval(world, client):
    ensure_seeded()
    case = world.case
    workflow.apply(case, "start_assessment", world.advisor, reason="Läser.")
    workflow.apply(case, "accept", world.advisor, reason="Bra.")
    case.refresh_from_db()
    ic = process_services.start(
        case, world.advisor, innovation_type="service", novelty="organisation",
        degree="incremental", line_owner=world.manager, advisor=world.advisor,
    )  # fmt: skip
    req = GateRequest.objects.create(
        innovation=ic, decision="go", basis="Behovet är bekräftat.", zone="yellow",
        decided_on=date.today(), requested_by=world.advisor, manager=world.manager,
    )  # fmt: skip
    InnovationCase.objects.filter(pk=ic.pk).update(
        last_activity=timezone.now() - timedelta(days=400)
    )
    sections, _html = _sections(client, world.manager)
    url = reverse("process:gate_request", args=[ic.pk, req.pk])
    assert [i.url for i in sections["gates_to_approve"]["items"]] == [url]
    assert client.get(url).status_code == 200  # the item leads where the work is done

    sections, _html = _sections(client, world.advisor)
    assert [i.url for i in sections["gates_requested"]["items"]] == [url]
    assert [i.url for i in sections["stale_cases"]["items"]] == [ic.get_absolute_url()]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("innovation_head", {"portfolio", "bokslut_answer"}),
        ("coordinator", {"company_inquiries", "fund_decisions", "bokslut_status"}),
        ("prescreener", {"fund_prescreening"}),
        ("expert", {"fund_reviews"}),
        ("testbed_owner", {"testbed_requests"}),
        ("manager", {"gates_to_approve", "fund_signoffs"}),
    ],
)
def test_each_role_sees_its_sections(world, client, role, expected):
    sections, html = _sections(client, getattr(world, role))
    assert expected <= sections.keys()
    for key in sections:
        assert f'id="start-{key}"' in html


@pytest.mark.parametrize(
    "role", ["employee", "advisor", "innovation_head", "coordinator", "manager", "expert"]
)
def test_start_page_queries_do_not_grow_with_the_data(
    world, client, role, django_assert_max_num_queries
):
    client.force_login(getattr(world, role))
    # The first view of a head of unit's start page asks for the portfolio's figures to be
    # kept (a task: run at once by the tests' backend, its queries counted with the page's).
    client.get(reverse("core:home"))
    # 22: the new cases are found as three small reads (their states, the waiting cases' ids
    # and dates, the oldest rows) instead of one walk of the whole register by date.
    with django_assert_max_num_queries(22):
        assert client.get(reverse("core:home")).status_code == 200


def test_the_portfolio_s_heading_counts_no_figure_lines(world, client):
    """ "Your unit's portfolio (4)" counted its four lines of figures, not cases: a section of
    figures has no count beside its title; the figures say what they count."""
    client.force_login(world.innovation_head)
    page = client.get(reverse("core:home")).content.decode()
    heading = re.search(r'<h2 id="start-portfolio">(.*?)</h2>', page, re.S).group(1)
    assert "(" not in heading and "Er enhets portfölj" in heading
    assert "Aktiva ärenden: 0" in page


def test_cases_standing_still_are_looked_for_among_the_persons_own(world, client):
    """ "Cases standing still" reads the ids of the innovation cases the person runs, then the
    stale among those: asked in one query, the database walked the region's innovation cases
    by last activity looking for hers (90 ms at a million cases for someone who runs none)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ensure_seeded()
    workflow.apply(world.case, "start_assessment", world.advisor, reason="Läser.")
    workflow.apply(world.case, "accept", world.advisor, reason="Bra.")
    world.case.refresh_from_db()
    ic = process_services.start(
        world.case, world.advisor, innovation_type="service", novelty="organisation",
        degree="incremental", line_owner=world.manager, advisor=world.advisor,
    )  # fmt: skip
    InnovationCase.objects.filter(pk=ic.pk).update(
        last_activity=timezone.now() - timedelta(days=400)
    )
    for user, expected in ((world.advisor, [ic.get_absolute_url()]), (world.advisor_other, [])):
        client.force_login(user)
        with CaptureQueriesContext(connection) as read:
            response = client.get(reverse("core:home"))
        sections = {s["key"]: s for s in response.context["sections"]}
        assert [i.url for i in sections["stale_cases"]["items"]] == expected
        walked = [
            q["sql"]
            for q in read.captured_queries
            if '"process_innovationcase"."last_activity" <' in q["sql"]
            and '"process_innovationcase"."advisor_id" =' in q["sql"]
        ]
        assert walked == []


def test_new_cases_are_the_oldest_waiting_read_by_id(world, client, monkeypatch):
    """The advisor's new cases: the ids and dates of the waiting cases are read through the
    indexes on state and organisation, the oldest few then by id; the register is not walked
    by date asking each case whether it waits in her organisation (40 000 cases read for nine
    at a million). Past ``WAITING_READ`` waiting cases the walk stays, with the same answer."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from slussen.intake import start

    made = []
    for i in range(3):
        data = {"title": f"Förslag {i}", "description": "Text.", "organisation": world.sos}
        made.append(intake_services.submit_proposal(data, language="sv", client="t")[0].case)
    expected = [reverse("intake:case", args=[c.pk]) for c in [world.case, *made]]
    client.force_login(world.advisor)
    with CaptureQueriesContext(connection) as read:
        response = client.get(reverse("core:home"))
    sections = {s["key"]: s for s in response.context["sections"]}
    assert [i.url for i in sections["new_cases"]["items"]] == expected
    walked = [
        q["sql"]
        for q in read.captured_queries
        if 'ORDER BY "cases_case"."created" ASC' in q["sql"]
        and '"cases_case"."organisation_id" IN' in q["sql"]
    ]
    assert walked == []
    monkeypatch.setattr(start, "WAITING_READ", 2)
    sections, _html = _sections(client, world.advisor)
    assert [i.url for i in sections["new_cases"]["items"]] == expected


def test_a_fund_application_is_listed_once_on_the_start_page_with_where_it_stands(world, client):
    """An application to the fund is registered as a case of its own, often with the title of
    the idea it started from: the start page lists it once, under the applicant's fund
    applications with the application's own state (the register case's state does not follow
    the fund's steps), the decided ones too – not again under what she submitted."""
    from slussen.fund.tests.factories import make_application, make_call

    call = make_call(world)
    mine = {"applicant": world.employee, "manager": world.manager, "organisation": world.sos}
    waiting = make_application(world, call, state="signoff", **mine)
    granted = make_application(world, call, state="granted", **mine)
    waiting.refresh_from_db()
    granted.refresh_from_db()
    sections, html = _sections(client, world.employee)
    submitted = [i.label for i in sections["submitted"]["items"]]
    assert any(world.case.registry_number in label for label in submitted)  # her idea
    for app in (waiting, granted):
        assert not any(app.case.registry_number in label for label in submitted)
    fund = {i.url: i.status for i in sections["fund_mine"]["items"]}
    assert fund[waiting.get_absolute_url()] == "Väntar på chefens godkännande"
    assert fund[granted.get_absolute_url()] == "Beviljad"
    assert list(fund)[0] == waiting.get_absolute_url()  # the undecided first


def test_company_inquiries_are_the_open_ones_soonest_due_read_by_id(world, client):
    """The coordinator's company inquiries: the open ones of the two company kinds, the soonest
    due first. Their ids are found through the indexes on (kind, state, id) and (case, due, id)
    and only the rows shown are then read whole: ordered with every row whole (its case, state,
    organisation, handler and supporters), the database read 55 000 open cases of a million to
    sort 3 500 (200 ms)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from slussen.cases.models import Case

    today = timezone.localdate()
    made = {}
    for name, kind, due in [
        ("later", "collaboration", 3),
        ("soon", "partnership", 1),
        ("soon_too", "collaboration", 1),
        ("proposal", "proposal", -5),  # not a company's
        ("closed", "collaboration", -10),  # decided
    ]:
        data = {"title": name, "description": "Text.", "organisation": world.sos}
        submission = intake_services.submit_proposal(data, language="sv", client="t")[0]
        Case.objects.filter(pk=submission.case_id).update(kind=kind)
        Submission.objects.filter(pk=submission.pk).update(due=today + timedelta(days=due))
        made[name] = submission.case
    workflow.apply(made["closed"], "start_assessment", world.coordinator, reason="Läser.")
    workflow.apply(made["closed"], "accept", world.coordinator, reason="Bra.")
    client.force_login(world.coordinator)
    with CaptureQueriesContext(connection) as read:
        response = client.get(reverse("core:home"))
    sections = {s["key"]: s for s in response.context["sections"]}
    expected = [made["soon_too"], made["soon"], made["later"]]  # a tie: the newest first
    shown = [i.url for i in sections["company_inquiries"]["items"]]
    # world.other_case is a company's collaboration registered by hand: no submission, no due
    assert shown == [reverse("intake:case", args=[c.pk]) for c in expected]
    walked = [
        q["sql"]
        for q in read.captured_queries
        if '"intake_submission"."due" ASC' in q["sql"]
        and '"intake_submission"."id" IN' not in q["sql"]  # not the few read by id
    ]
    assert walked and all("supporter" not in sql and '"title"' not in sql for sql in walked)
    # nobody else is asked to route them
    for user in (world.advisor, world.innovation_head, world.employee):
        sections, _html = _sections(client, user)
        assert "company_inquiries" not in sections


def test_the_unit_s_portfolio_at_a_glance_is_read_from_the_portfolio_s_kept_figures(world, client):
    """The head of unit's portfolio at a glance counted the unit's innovation cases on every
    view (its scope evaluated anew: a fifth of the start page at a million cases). It shows the
    portfolio's kept figures instead, exact when first shown; once they are older than a
    minute it shows them with their time while one task checks them again (here the task
    backend runs it at once), and the next view shows them right."""
    from datetime import datetime

    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from slussen.process import selectors as process_selectors

    for kept in (caches["default"], caches["shared"]):
        kept.clear()
    from slussen.cases.services import open_case

    ensure_seeded()
    case = open_case(kind="idea", title="Idé", description="En idé.", organisation=world.karolinska)
    workflow.apply(case, "start_assessment", world.advisor_other, reason="Läser.")
    workflow.apply(case, "accept", world.advisor_other, reason="Bra.")
    case.refresh_from_db()

    def glance():
        sections, html = _sections(client, world.innovation_head)
        return [i.label for i in sections["portfolio"]["items"]], html

    assert glance()[0][0] == "Aktiva ärenden: 0"
    process_services.start(
        case, world.advisor_other, innovation_type="service", novelty="organisation",
        degree="incremental", advisor=world.advisor_other,
    )  # fmt: skip
    with CaptureQueriesContext(connection) as read:
        labels, _html = glance()
    assert labels[0] == "Aktiva ärenden: 0"  # the kept figures, less than a minute old
    sql = [q["sql"] for q in read.captured_queries]
    assert not [q for q in sql if "COUNT(" in q and "process_innovationcase" in q]
    # A minute later: shown with their time, checked again in the background
    key = process_selectors._figures_key(world.innovation_head, None)
    stamp, _as_of, figures = caches["shared"].get(key)
    old = timezone.now() - timedelta(minutes=5)
    for kept in (caches["default"], caches["shared"]):
        kept.set(key, (stamp, old, figures))
    # the minute since the last refresh has passed
    caches["shared"].delete(f"{key}:refresh")
    caches["default"].delete_many([f"{key}:asked", f"{key}:checked"])
    labels, html = glance()
    assert labels[0] == "Aktiva ärenden: 0"
    assert f"Siffror från {timezone.localtime(old):%H:%M}" in html
    labels, html = glance()
    assert labels[0] == "Aktiva ärenden: 1" and "Siffror från" not in html
    assert isinstance(caches["shared"].get(key)[1], datetime)
    # Another unit's head is not shown this unit's figures
    other = process_selectors._figures_key(world.advisor_other, None)
    assert other != key


def test_overdue_cases_are_ordered_by_id_and_due_before_their_rows_are_read(world, client):
    """An advisor's overdue cases: ordered by due date through the index on (case,
    first_response, due, id) alone, then only the rows shown read whole (ordered with every
    row whole, each of the organisation's waiting cases was read with its submission, its
    organisation, handler and supporters). The same cases, in the same order."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()
    made = []
    for i, due in enumerate([-2, -5, -5, 3]):
        data = {"title": f"Förslag {i}", "description": "Text.", "organisation": world.sos}
        submission = intake_services.submit_proposal(data, language="sv", client="t")[0]
        Submission.objects.filter(pk=submission.pk).update(due=today + timedelta(days=due))
        made.append(submission.case)
    answered = intake_services.submit_proposal(
        {"title": "Besvarat", "description": "Text.", "organisation": world.sos},
        language="sv",
        client="t",
    )[0]
    Submission.objects.filter(pk=answered.pk).update(
        due=today - timedelta(days=9), first_response=timezone.now()
    )
    client.force_login(world.advisor)
    with CaptureQueriesContext(connection) as read:
        response = client.get(reverse("core:home"))
    sections = {s["key"]: s for s in response.context["sections"]}
    expected = [made[2], made[1], made[0]]  # the soonest due first; a tie: the newest first
    shown = [i.url for i in sections["overdue"]["items"]]
    assert shown == [reverse("intake:case", args=[c.pk]) for c in expected]
    assert all(i.late for i in sections["overdue"]["items"])
    walked = [
        q["sql"]
        for q in read.captured_queries
        if '"intake_submission"."due" ASC' in q["sql"]
        and '"intake_submission"."id" IN' not in q["sql"]
    ]
    assert walked and all("supporter" not in sql and '"title"' not in sql for sql in walked)
    # another organisation's advisor is not shown them
    sections, _html = _sections(client, world.advisor_other)
    assert not set(shown) & {i.url for i in sections["overdue"]["items"]}
