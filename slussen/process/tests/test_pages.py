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
    for status in ("started", "in_use"):
        client.post(
            reverse("process:add", args=[innovation.pk, "adoption"]),
            {
                "adoption-unit": world.karolinska.pk,
                "adoption-adopted_on": "2026-02-01",
                "adoption-status": status,
            },
        )
    assert Adoption.objects.get().status == "in_use"  # the same unit again updates it
    page = client.get(reverse("process:detail", args=[innovation.pk])).text
    assert "Används på 1 enhet" in page
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
