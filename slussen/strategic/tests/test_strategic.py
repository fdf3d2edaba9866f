from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from slussen.cases.models import Case
from slussen.core.models import AuditEvent
from slussen.strategic import services
from slussen.strategic.access import make_project
from slussen.strategic.models import Funding, Project


def test_coordinator_runs_proposal_comments_and_decision(world, client):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("strategic:create"),
        {
            "title": "5GMHI",
            "summary": "5G i vården.",
            "lead_organisation": world.foi.pk,
            "directions": ["testbeds", "integrated"],
            "organisations": [world.sos.pk, world.karolinska.pk],
            "start_year": 2024,
            "end_year": 2026,
        },
    )
    project = Project.objects.get()
    assert response.url == project.get_absolute_url()
    assert project.state.code == "draft" and sorted(project.direction_codes) == [
        "integrated",
        "testbeds",
    ]
    step = reverse("strategic:step", args=[project.pk])

    # A decision cannot come before the proposal and the comments.
    response = client.post(step, {"transition": "approve", "reason": "Bifall."})
    assert response.status_code == 400
    # Every step needs its text.
    response = client.post(step, {"transition": "propose", "reason": ""})
    assert response.status_code == 400

    client.post(step, {"transition": "propose", "reason": "Samordningsgruppen föreslår."})
    project.refresh_from_db()
    case = project.case
    assert project.state.code == "proposed"
    assert case.kind == "strategic_proposal" and case.organisation == world.foi
    client.post(
        step,
        {
            "transition": "comment",
            "reason": "Koncernledningen tillstyrker.",
            "occurred_on": "2024-03-12",
        },
    )
    client.post(
        step,
        {
            "transition": "approve",
            "reason": "Utskottet beslutar bifall.",
            "reference": "RS 2024-0123",
        },
    )
    project.refresh_from_db()
    assert project.state.code == "approved"
    steps = list(project.steps.select_related("transition"))
    assert [s.transition.code for s in steps] == ["propose", "comment", "approve"]
    assert str(steps[1].occurred_on) == "2024-03-12" and steps[2].reference == "RS 2024-0123"
    # The register carries the path too, and the audit trail has every step.
    assert case.events.filter(type="comment").count() == 2
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"workflow.propose", "workflow.comment", "workflow.approve"} <= actions
    page = client.get(project.get_absolute_url())
    assert "Utskottet beslutar bifall." in page.text and "RS 2024-0123" in page.text


def test_funding_is_added_removed_and_summed(world, client):
    project = make_project(world)
    client.force_login(world.coordinator)
    url = reverse("strategic:add_funding", args=[project.pk])
    bad = {"funder": "EU", "amount": "6400000", "currency": "EUR", "start_year": 2026,
           "end_year": 2024}  # fmt: skip
    response = client.post(url, bad)
    assert response.status_code == 400 and 'value="6400000"' in response.text
    client.post(url, {**bad, "start_year": 2024, "end_year": 2026, "programme": "CEF-2"})
    client.post(url, {"funder": "Vinnova", "currency": "SEK", "start_year": 2023, "end_year": 2025})
    assert Funding.objects.count() == 2
    assert Funding.objects.get(funder="EU").amount == Decimal("6400000")
    response = client.get(reverse("strategic:portfolio"))
    assert response.context["totals"] == [("EUR", Decimal("6400000"))]
    vinnova = Funding.objects.get(funder="Vinnova")
    client.post(reverse("strategic:remove_funding", args=[project.pk, vinnova.pk]))
    assert not Funding.objects.filter(funder="Vinnova").exists()
    assert AuditEvent.objects.filter(action="strategic.funding_remove").exists()


def test_staff_read_only_coordinators_run(world, client):
    project = make_project(world)
    client.force_login(world.employee)
    assert client.get(reverse("strategic:portfolio")).status_code == 200
    page = client.get(project.get_absolute_url())
    assert page.status_code == 200 and "Lägg till finansiering" not in page.text
    assert client.post(reverse("strategic:step", args=[project.pk]), {
        "transition": "propose", "reason": "x"}).status_code == 403  # fmt: skip
    client.force_login(world.external)
    assert client.get(reverse("strategic:portfolio")).status_code == 403
    assert not Case.objects.filter(kind="strategic_proposal").exists()


def test_portfolio_filters_and_query_count(world, client, django_assert_max_num_queries):
    client.force_login(world.coordinator)
    for i in range(2):
        make_project(world, title=f"Projekt {i}")
    other = services.save_project(
        world.coordinator, title="Inköp", summary="s", lead_organisation=world.sos,
        directions=["procurement"], organisations=[world.sos],
    )  # fmt: skip
    response = client.get(reverse("strategic:portfolio"), {"direction": "procurement"})
    assert [p.title for p in response.context["projects"]] == ["Inköp"]
    response = client.get(reverse("strategic:portfolio"), {"organisation": world.karolinska.pk})
    assert other not in response.context["projects"] and len(response.context["projects"]) == 2
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("strategic:portfolio"))
    for i in range(15):
        project = make_project(world, title=f"Fler {i}")
        services.add_funding(project, world.coordinator, funder="EU", amount=1, currency="EUR",
                             start_year=2024, end_year=2025)  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("strategic:portfolio")).status_code == 200
    assert len(few.captured_queries) <= 12
