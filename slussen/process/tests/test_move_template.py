"""A running case moves to a new version of its template, or to another type's, by a
coordinator, with a timeline entry; nobody else may."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from slussen.cases.models import CaseEvent
from slussen.process import selectors, services
from slussen.process.models import ProcessTemplate

from .conftest import start_service_case


def test_a_coordinator_moves_a_case_to_a_new_version_keeping_phase_and_answers(world, client):
    ic = start_service_case(world)
    partners = ic.phase.checklist.get(code="partners")
    services.save_checklist(ic, world.advisor, {partners.pk: ("done", "Avtal finns")})
    draft = services.new_template_version(ic.template, world.coordinator)
    services.publish_template(draft, world.coordinator)
    for person in (world.advisor, world.advisor_other, world.manager, world.external):
        with pytest.raises(PermissionDenied):
            services.move_template(ic, person, draft, reason="Ny version")
    with pytest.raises(ValidationError):
        services.move_template(ic, world.coordinator, draft, reason=" ")
    moved = services.move_template(ic, world.coordinator, draft, reason="Ny version av mallen.")
    assert moved.template == draft and moved.phase.template == draft
    assert moved.phase.code == "problem"
    assert moved.runs.get(ended__isnull=True).phase == moved.phase
    answer = moved.answers.get(item__phase__template=draft, item__code="partners")
    assert answer.state == "done" and answer.note == "Avtal finns"
    event = CaseEvent.objects.filter(case=ic.case, type="edited").last()
    assert event.body == "Ny version av mallen." and "v2" in event.to_text
    client.force_login(world.advisor)
    page = client.get(ic.case.get_absolute_url()).content.decode()
    assert "Ny version av mallen." in page


def test_a_case_moves_to_another_innovation_type(world, client):
    ic = start_service_case(world)
    device = ProcessTemplate.objects.get(innovation_type="medical_device", is_published=True)
    client.force_login(world.coordinator)
    url = reverse("process:move_template", args=[ic.pk])
    token = selectors.template_fingerprint(device)
    data = {"template": device.pk, "token": token}
    assert client.post(url, {**data, "reason": ""}).status_code == 400
    response = client.post(url, {**data, "reason": "Det är en produkt."})
    assert response.status_code == 302
    ic.refresh_from_db()
    assert ic.template == device and ic.phase.code == "feasibility"  # need and idea → first
    client.force_login(world.advisor)
    assert client.get(url).status_code == 403
