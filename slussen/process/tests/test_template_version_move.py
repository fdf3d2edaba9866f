"""Issue 19, templates: running cases move to a new template version from a preview of what
changes for each of them (by code, never by display text), in one action, each case in a
transaction of its own with its audit event and timeline entry; a case's innovation type
changes with a reason, from a preview, and its handler and people are told. Wrong paths: an
advisor or a head without the right, a stale preview, a finished case, no reason."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from slussen.cases.models import CaseEvent
from slussen.cases.services import open_case
from slussen.core.models import AuditEvent, Notification
from slussen.process import selectors, services
from slussen.process.models import ChecklistItem, InnovationCase
from slussen.process.templates_data import SCREENING

from .conftest import start_service_case


def new_version(world, template, edit=None):
    draft = services.new_template_version(template, world.coordinator)
    if edit:
        edit(draft)
    return services.publish_template(draft, world.coordinator)


def edit_v2(draft):
    """Version 2: the second phase renamed, "partners" gone, the MDR classification renamed,
    a new item that borrows the removed item's words (but not its code)."""
    draft.phases.filter(code="ideas").update(name_sv="Idéer och lösningar", name_en="Ideas")
    problem = draft.phases.get(code="problem")
    problem.checklist.filter(code="partners").delete()
    problem.checklist.filter(code="mdr_classification").update(
        name_sv="MDR-klass (regel 11)", name_en="MDR class (rule 11)"
    )
    ChecklistItem.objects.create(
        phase=problem, code="ai_act", order=9, area="regulation", help_topic="regulation",
        name_sv="Samverkanspartner och avtal", name_en="Partners and agreements", required=True,
    )  # fmt: skip


def answer(ic, user, code, state, note=""):
    item = ChecklistItem.objects.get(phase__template=ic.template, code=code)
    services.save_checklist(ic, user, {item.pk: (state, note)})


@pytest.fixture
def behind(world):
    """World's SöS case on version 1 with work done, a finished case and another running one
    on version 1, and version 2 published."""
    from slussen.cases.models import Case

    ic = start_service_case(world)
    Case.objects.filter(pk=ic.case_id).update(handler=world.advisor)
    answer(ic, world.advisor, "partners", "done", "Avtal med Cuviva")
    answer(ic, world.advisor, "mdr_classification", "not_applicable", "Ingen MDR")
    other = open_case(
        kind="idea", title="Avslutad idé", description="Klar.", organisation=world.sos
    )
    finished = start_service_case(world, case=other)
    InnovationCase.objects.filter(pk=finished.pk).update(status="stopped")
    start_service_case(
        world,
        case=open_case(
            kind="idea", title="Kvar på v1", description="Väljs inte.", organisation=world.sos
        ),
    )
    v2 = new_version(world, ic.template, edit_v2)
    return ic, finished, v2


def move_url(template):
    return reverse("process:template_move", args=[template.pk])


def test_template_version_preview_shows_what_changes_for_each_running_case(world, client, behind):
    ic, finished, v2 = behind
    client.force_login(world.coordinator)
    assert reverse("process:templates") in client.get(reverse("process:index")).text  # menu
    listing = client.get(reverse("process:templates")).text
    assert move_url(v2) in listing and "2 ärenden" in listing
    page = client.get(move_url(v2))
    assert page.status_code == 200
    text = page.text
    assert ic.case.registry_number in text and finished.case.registry_number not in text
    assert text.count('name="cases"') == 2  # the two running cases
    assert "Från version 1 till 2" in text
    assert "Fas med nytt namn: Generera idéer → Idéer och lösningar" in text
    assert "Punkt med nytt namn: Klassificering enligt MDR (EU) 2017/745 → MDR-klass" in text
    assert "Punkt som inte längre finns i mallen (”Identifiera problem och behov”): " in text
    assert "Ny punkt i ”Identifiera problem och behov”: Samverkanspartner och avtal" in text
    assert "2 avklarade punkter behålls." in text  # the screening and the MDR classification
    assert "Avklarad men inte med i den nya checklistan" in text and "Stannar i fasen" in text


def test_template_version_move_moves_the_chosen_cases_by_code(world, client, behind):
    ic, finished, v2 = behind
    second = InnovationCase.objects.get(case__title="Kvar på v1")
    v1 = ic.template
    client.force_login(world.coordinator)
    token = selectors.template_fingerprint(v2)
    response = client.post(move_url(v2), {"cases": [ic.pk], "token": token, "reason": ""})
    assert response.status_code == 302
    ic.refresh_from_db(), second.refresh_from_db(), finished.refresh_from_db()
    assert ic.template == v2 and ic.phase.template == v2 and ic.phase.code == "problem"
    assert second.template == v1 and finished.template == v1  # not chosen; finished
    moved = {a.item.code: a for a in ic.answers.filter(item__phase__template=v2)}
    assert moved["mdr_classification"].state == "not_applicable"  # renamed: kept by its code
    assert moved[SCREENING].state == "not_applicable"
    assert "ai_act" not in moved  # same words as "partners", another code: not answered
    partners = ic.answers.get(item__code="partners")  # gone from v2: kept in the history
    assert partners.item.phase.template == v1 and partners.note == "Avtal med Cuviva"
    event = CaseEvent.objects.filter(case=ic.case, type="edited").last()
    assert "v2" in event.to_text and "version (v2)" in event.body
    assert AuditEvent.objects.filter(
        action="process.move_template", object_id=str(ic.pk), actor=world.coordinator
    ).exists()
    assert Notification.objects.filter(recipient=world.advisor, kind="innovation.template")
    client.force_login(world.advisor)
    assert "v2" in client.get(ic.case.get_absolute_url()).text  # on the case's timeline


def test_template_version_move_is_refused_to_advisors_and_heads(world, client, behind):
    ic, _finished, v2 = behind
    token = selectors.template_fingerprint(v2)
    for person in (world.advisor, world.innovation_head, world.manager, world.external):
        client.force_login(person)
        assert client.get(move_url(v2)).status_code == 403
        assert client.get(reverse("process:templates")).status_code == 403
        response = client.post(move_url(v2), {"cases": [ic.pk], "token": token})
        assert response.status_code == 403
        with pytest.raises(PermissionDenied):
            services.move_cases(person, v2, [ic], token=token)
    ic.refresh_from_db()
    assert ic.template.version == 1


def test_template_version_move_refuses_a_stale_preview(world, client, behind):
    ic, _finished, v2 = behind
    client.force_login(world.coordinator)
    token = selectors.template_fingerprint(v2)
    ChecklistItem.objects.filter(phase__template=v2, code="ai_act").update(required=False)
    response = client.post(move_url(v2), {"cases": [ic.pk], "token": token})
    assert response.status_code == 400 and "har ändrats sedan" in response.text
    token = selectors.template_fingerprint(v2)
    new_version(world, v2)  # version 3 published meanwhile
    response = client.post(move_url(v2), {"cases": [ic.pk], "token": token})
    assert response.status_code == 400 and "har ändrats sedan" in response.text
    with pytest.raises(ValidationError):
        services.move_cases(world.coordinator, v2, [ic], token=token)
    ic.refresh_from_db()
    assert ic.template.version == 1
    assert not AuditEvent.objects.filter(action="process.move_template").exists()


def test_template_version_move_leaves_a_finished_case(world, client, behind):
    ic, finished, v2 = behind
    client.force_login(world.coordinator)
    token = selectors.template_fingerprint(v2)
    response = client.post(move_url(v2), {"cases": [ic.pk, finished.pk], "token": token})
    assert response.status_code == 400 and finished.case.registry_number in response.text
    with pytest.raises(ValidationError):
        services.move_cases(world.coordinator, v2, [finished], token=token)
    with pytest.raises(ValidationError):
        services.move_template(finished, world.coordinator, v2, reason="Ny version", token=token)
    ic.refresh_from_db(), finished.refresh_from_db()
    assert ic.template.version == 1 and finished.template.version == 1  # nothing half done
    twice = client.post(move_url(v2), {"cases": [ic.pk], "token": token})
    assert twice.status_code == 302
    again = client.post(move_url(v2), {"cases": [ic.pk], "token": token})  # double submit
    assert again.status_code == 400
    assert AuditEvent.objects.filter(action="process.move_template").count() == 1


def test_template_version_page_query_count_does_not_grow_with_the_cases(
    world, client, behind, django_assert_max_num_queries
):
    _ic, _finished, v2 = behind
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(60) as few:
        client.get(move_url(v2))
    v1 = _ic.template
    for n in range(6):
        case = open_case(kind="idea", title=f"Idé {n}", description="x", organisation=world.sos)
        extra = services.start(
            case, world.advisor, innovation_type="service", novelty="organisation",
            degree="incremental", directions=[], perspectives=[],
        )  # fmt: skip
        assert extra.template == v2
        InnovationCase.objects.filter(pk=extra.pk).update(
            template=v1, phase=v1.phases.get(code="problem")
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(move_url(v2))
    assert page.text.count('name="cases"') == 8


# Changing a case's innovation type


def test_templates_type_change_shows_what_changes_and_needs_a_reason(world, client, behind):
    ic, _finished, _v2 = behind
    device = services.current_template("medical_device")
    url = reverse("process:move_template", args=[ic.pk])
    client.force_login(world.coordinator)
    # The newest version of the case's own template is offered, and other types.
    page = client.get(url).text
    assert "Medicinteknisk produkt, version" in page and "Tjänst, version 2" in page
    preview = client.get(url, {"template": device.pk}).text
    assert "Förstudie (behovsanalys)" in preview and "Identifiera problem och behov" in preview
    assert "Arbetar i ”Förstudie (behovsanalys)”" in preview
    token = selectors.template_fingerprint(device)
    empty = client.post(url, {"template": device.pk, "token": token, "reason": " "})
    assert empty.status_code == 400 and "Förstudie (behovsanalys)" in empty.text
    ic.refresh_from_db()
    assert ic.template.innovation_type == "service"
    with pytest.raises(ValidationError):
        services.move_template(ic, world.coordinator, device, reason="")
    response = client.post(
        url, {"template": device.pk, "token": token, "reason": "Det är en medicinteknisk produkt."}
    )
    assert response.status_code == 302
    ic.refresh_from_db()
    assert ic.template == device and ic.phase.code == "feasibility"
    assert ic.answers.get(item__phase__template=device, item__code=SCREENING)
    event = CaseEvent.objects.filter(case=ic.case, type="edited").last()
    assert event.body == "Det är en medicinteknisk produkt."
    assert AuditEvent.objects.filter(action="process.move_template", object_id=str(ic.pk))
    told = Notification.objects.filter(kind="innovation.template")
    assert {n.recipient for n in told} == {world.advisor, world.manager}  # handler, owner
    assert "Medicinteknisk produkt" in told.get(recipient=world.manager).title


def test_templates_type_change_is_refused_without_right_or_from_a_stale_preview(
    world, client, behind
):
    ic, finished, _v2 = behind
    device = services.current_template("medical_device")
    url = reverse("process:move_template", args=[ic.pk])
    token = selectors.template_fingerprint(device)
    data = {"template": device.pk, "token": token, "reason": "Produkt."}
    client.force_login(world.advisor)  # the case's own advisor
    assert client.post(url, data).status_code == 403
    client.force_login(world.coordinator)
    newer = new_version(world, device)
    response = client.post(url, data)
    assert response.status_code == 400 and "har ändrats sedan" in response.text
    with pytest.raises(ValidationError):  # not the newest version, even without a preview
        services.move_template(ic, world.coordinator, device, reason="Produkt.")
    ic.refresh_from_db()
    assert ic.template.innovation_type == "service"
    assert newer.pk != device.pk
    finished_url = reverse("process:move_template", args=[finished.pk])
    assert client.get(finished_url).status_code == 403  # a finished case is not moved
