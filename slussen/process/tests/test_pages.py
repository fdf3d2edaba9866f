from datetime import date

from django.urls import reverse

from slussen.process.models import Adoption, Funding, InnovationCase, Task


def test_workspace_pages_render_for_the_advisor(world, client, innovation):
    client.force_login(world.advisor)
    for name in ("process:detail", "process:classification", "process:people", "process:plans"):
        response = client.get(reverse(name, args=[innovation.pk]))
        assert response.status_code == 200, name
    page = client.get(reverse("process:detail", args=[innovation.pk])).text
    assert "Identifiera problem och behov" in page
    assert "/navigator/?need=partners" in page
    assert client.get(reverse("process:index")).status_code == 200


def test_start_page_lists_and_starts_an_accepted_case(world, client):
    from slussen.core import workflow

    workflow.apply(world.case, "start_assessment", world.advisor, reason="Bedöms")
    workflow.apply(world.case, "accept", world.advisor, reason="Antas")
    client.force_login(world.advisor)
    index = client.get(reverse("process:index")).text
    assert reverse("process:start", args=[world.case.pk]) in index
    response = client.post(
        reverse("process:start", args=[world.case.pk]),
        {
            "innovation_type": "service",
            "novelty": "sweden",
            "degree": "radical",
            "directions": ["integrated", "test_environments"],
            "perspectives": ["new_services"],
            "line_owner": world.manager.pk,
            "advisor": world.advisor.pk,
        },
    )
    ic = InnovationCase.objects.get(case=world.case)
    assert response.status_code == 302
    assert ic.template.innovation_type == "service"
    assert ic.phase.code == "problem"
    assert ic.directions == ["integrated", "test_environments"]


def test_invalid_start_answers_400_and_keeps_the_choices(world, client):
    client.force_login(world.advisor)
    response = client.post(
        reverse("process:start", args=[world.case.pk]),
        {"innovation_type": "medical_device", "novelty": "world"},
    )
    assert response.status_code == 400
    assert 'value="medical_device" selected' in response.text
    assert 'value="world" id="id_novelty_0" checked' in response.text or "checked" in response.text
    assert not InnovationCase.objects.exists()


def test_records_are_added_and_bad_input_is_kept(world, client, innovation):
    client.force_login(world.advisor)
    url = reverse("process:add", args=[innovation.pk, "funding"])
    bad = client.post(
        url,
        {
            "funding-funder": "Innovationsfonden",
            "funding-amount": "450000",
            "funding-period_start": "2026-01-01",
            "funding-period_end": "2025-12-31",
            "funding-co_financing": "0",
        },
    )
    assert bad.status_code == 400
    assert "Perioden kan inte sluta innan den börjar." in bad.text
    assert 'value="Innovationsfonden"' in bad.text
    good = client.post(
        url,
        {
            "funding-funder": "Innovationsfonden",
            "funding-amount": "450000",
            "funding-period_start": "2026-01-01",
            "funding-period_end": "2026-12-31",
            "funding-co_financing": "100000",
            "funding-co_financing_by": "SöS",
        },
    )
    assert good.status_code == 302
    assert Funding.objects.get().amount == 450000
    client.post(
        reverse("process:add", args=[innovation.pk, "task"]),
        {"task-title": "Boka pilotenhet", "task-due": "2026-03-01"},
    )
    task = Task.objects.get()
    client.post(reverse("process:task_done", args=[innovation.pk, task.pk]))
    task.refresh_from_db()
    assert task.done
    answers = [
        client.post(
            reverse("process:add", args=[innovation.pk, "adoption"]),
            {"adoption-unit": world.karolinska.pk, "adoption-planned_on": "2026-02-01"},
        )
        for _twice in range(2)
    ]
    assert [a.status_code for a in answers] == [302, 400]  # a unit is in the plan once
    assert "redan med i införandeplanen" in answers[1].text
    adoption = Adoption.objects.get()  # its status changes by steps, kept in its history
    assert (adoption.status, adoption.steps.count()) == ("planned", 1)
    page = client.get(reverse("process:detail", args=[innovation.pk])).text
    assert "0 av 1 målenheter i bruk" in page
    assert client.post(reverse("process:add", args=[innovation.pk, "nonsense"])).status_code == 404


def test_a_test_result_with_a_file_becomes_an_attachment_of_the_case(world, client, innovation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.advisor)
    upload = SimpleUploadedFile("pilotrapport.pdf", b"%PDF-1.4\n%%EOF\n")
    response = client.post(
        reverse("process:add", args=[innovation.pk, "test"]),
        {
            "test-kind": "result",
            "test-title": "Pilot på IVA",
            "test-summary": "20 patienter, 18 nöjda.",
            "test-tested_on": date.today().isoformat(),
            "test-environment": "IVA Södersjukhuset",
            "test-file": upload,
        },
    )
    assert response.status_code == 302
    record = innovation.tests.get()
    assert record.attachment.filename == "pilotrapport.pdf"
    assert not record.attachment.visible_to_submitter


def test_the_cases_people_are_refused_unless_they_may_hold_the_role(world, client, innovation):
    """Ids posted directly: an external actor and another organisation's people are refused as
    owner, a colleague without a handling role as advisor; the line's manager is accepted."""
    client.force_login(world.advisor)
    url = reverse("process:people", args=[innovation.pk])
    refused = [
        ("line_owner", "external"),
        ("line_owner", "advisor_other"),
        ("line_owner", "innovation_head"),
        ("advisor", "external"),
        ("advisor", "employee"),
        ("advisor", "advisor_other"),
    ]
    for field, key in refused:
        data = {"line_owner": world.manager.pk, "advisor": world.advisor.pk}
        data[field] = world.users[key].pk
        response = client.post(url, data)
        assert response.status_code == 400, (field, key)
        assert "kan inte väljas här" in response.text, (field, key)
    innovation.refresh_from_db()
    assert innovation.line_owner == world.manager and innovation.advisor == world.advisor
    plans = client.post(
        reverse("process:plans", args=[innovation.pk]),
        {"receiving_owner": world.external.email, "ip_claim": "undecided", "procurement": "none"},
    )
    assert plans.status_code == 400
    task = client.post(
        reverse("process:add", args=[innovation.pk, "task"]),
        {"task-title": "Boka", "task-due": "2026-03-01", "task-assignee": world.external.pk},
    )
    assert task.status_code == 400 and not Task.objects.exists()
    ok = client.post(url, {"line_owner": world.employee.email, "advisor": world.advisor.pk})
    assert ok.status_code == 302
    innovation.refresh_from_db()
    assert innovation.line_owner == world.employee


def test_services_refuse_an_external_owner_whatever_the_form(world, innovation):
    import pytest
    from django.core.exceptions import ValidationError

    from slussen.process import services

    with pytest.raises(ValidationError):
        services.update(innovation, world.advisor, "people", line_owner=world.external)
    with pytest.raises(ValidationError):
        services.update(innovation, world.advisor, "plans", maintenance_owner=world.advisor_other)
    innovation.refresh_from_db()
    assert innovation.line_owner == world.manager and innovation.maintenance_owner is None
    # A person named before the rule does not block saving the other fields.
    InnovationCase.objects.filter(pk=innovation.pk).update(receiving_owner=world.external)
    services.update(innovation, world.advisor, "plans", spread_plan="Tre enheter")


def test_hand_over_to_an_external_actor_or_a_non_handler_is_refused(world, client, innovation):
    from slussen.accounts.models import User
    from slussen.cases.models import Case

    Case.objects.filter(pk=innovation.case_id).update(handler=world.advisor)
    User.objects.filter(pk=world.advisor.pk).update(is_active=False)
    client.force_login(world.coordinator)
    url = reverse("process:hand_over")
    for key in ("external", "employee"):  # the employee may not take over the handler role
        response = client.post(url, {"person": world.advisor.pk, "successor": world.users[key].pk})
        assert response.status_code == 400, key
    innovation.refresh_from_db()
    assert innovation.advisor == world.advisor
