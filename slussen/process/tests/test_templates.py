"""Templates are data, versioned: editing one never breaks cases already running on it."""

from datetime import date

from django.urls import reverse

from slussen.process import services
from slussen.process.models import ProcessTemplate, TemplatePhase
from slussen.process.templates_data import TEMPLATES, ensure_seeded

from .conftest import start_service_case


def test_every_type_of_the_brief_has_a_template_on_the_three_generic_phases(db):
    ensure_seeded()
    for itype, (_sv, _en, phases) in TEMPLATES.items():
        template = services.current_template(itype)
        assert [p.code for p in template.phases.all()] == [p[0] for p in phases]
        generics = [p.generic for p in template.phases.all()]
        assert generics == sorted(
            generics, key=["need_idea", "development", "implementation"].index
        )
        assert set(generics) == {"need_idea", "development", "implementation"}
        for phase in template.phases.all():
            for item in phase.checklist.all():
                assert item.help_topic and item.name_sv and item.name_en
    ensure_seeded()  # idempotent
    assert ProcessTemplate.objects.count() == len(TEMPLATES)


def test_adding_a_phase_in_a_new_version_leaves_a_running_case_intact(world, innovation):
    v1 = innovation.template
    before = [(p.code, p.name_sv, p.order) for p in v1.phases.all()]
    services.decide(
        innovation,
        world.advisor,
        decision="go",
        basis="Behovet är tydligt.",
        zone="green",
        decided_on=date.today(),
    )
    draft = services.new_template_version(v1, world.admin)
    assert (draft.version, draft.is_published) == (2, False)
    assert draft.phases.get(code="concept").checklist.filter(code="gdpr", required=True).exists()
    # The administrator adds a phase "Riskanalys" between the idea and concept phases.
    draft.phases.filter(order__gte=2).update(order=models_F("order") + 1)
    TemplatePhase.objects.create(
        template=draft,
        code="risk",
        order=2,
        generic="development",
        name_sv="Riskanalys",
        name_en="Risk analysis",
    )
    services.publish_template(draft, world.admin)
    assert services.current_template("service") == draft

    innovation.refresh_from_db()
    assert innovation.template_id == v1.pk
    assert [(p.code, p.name_sv, p.order) for p in v1.phases.all()] == before
    # The running case goes on along its own version: ideas -> concept, no risk phase.
    services.decide(
        innovation,
        world.advisor,
        decision="go",
        basis="Idén är vald.",
        zone="green",
        decided_on=date.today(),
    )
    innovation.refresh_from_db()
    assert innovation.phase.code == "concept" and innovation.phase.template_id == v1.pk
    # A new case starts on version 2 and meets the new phase.
    from slussen.cases.services import open_case

    second = open_case(
        kind="need", title="Digital inskrivning", description="Behov.", organisation=world.sos
    )
    new = start_service_case(world, case=second)
    assert new.template == draft
    services.decide(
        new, world.advisor, decision="go", basis="ok", zone="green", decided_on=date.today()
    )
    services.decide(
        new, world.advisor, decision="go", basis="ok", zone="green", decided_on=date.today()
    )
    new.refresh_from_db()
    assert new.phase.code == "risk"


def models_F(name):
    from django.db.models import F

    return F(name)


def test_admin_keeps_a_template_in_use_read_only(world, client, innovation):
    client.force_login(world.admin)
    template = innovation.template
    url = reverse("admin:process_processtemplate_change", args=[template.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="name_sv"' not in page.text  # read-only view
    response = client.post(
        reverse("admin:process_processtemplate_changelist"),
        {"action": "make_new_version", "_selected_action": [template.pk]},
    )
    assert response.status_code == 302
    draft = ProcessTemplate.objects.get(innovation_type="service", version=2)
    editable = client.get(reverse("admin:process_processtemplate_change", args=[draft.pk]))
    assert 'name="name_sv"' in editable.text and 'name="phases-0-code"' in editable.text
