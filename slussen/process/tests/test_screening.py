"""Regulations in the templates (issue 19): every template opens with the screening "software
or a device with a medical purpose?", which makes the MDR items required; MDR classification
sits in the medical-device template's feasibility study; the Social Services Act is among the
regulations. Templates are versioned data: a new version is published, running cases keep
theirs."""

from slussen.cases import services as case_services
from slussen.process import services
from slussen.process.models import ChecklistItem, ProcessTemplate, TemplatePhase
from slussen.process.templates_data import (
    CHECKLISTS,
    MDR_ITEMS,
    SCREENING,
    TEMPLATES,
    ensure_seeded,
    publish_new_items,
)

from .conftest import start_service_case

NEW = {SCREENING, "mdr_classification", "sol"}


def codes(template, phase=None):
    items = ChecklistItem.objects.filter(phase__template=template)
    if phase:
        items = items.filter(phase__code=phase)
    return set(items.values_list("code", flat=True))


def test_every_template_opens_with_the_screening_and_has_the_mdr_items(db):
    ensure_seeded()
    for itype in TEMPLATES:
        template = services.current_template(itype)
        first = template.phases.order_by("order").first()
        assert SCREENING in codes(template, first.code), itype
        assert set(MDR_ITEMS) <= codes(template), itype
    screening = ChecklistItem.objects.filter(code=SCREENING).first()
    assert screening.name_en == "Screening: is this software or a device with a medical purpose?"
    assert screening.name_sv.startswith("Screening: programvara eller produkt")


def test_mdr_classification_is_in_the_feasibility_study_of_the_medical_device_template(db):
    ensure_seeded()
    template = services.current_template("medical_device")
    feasibility = template.phases.get(code="feasibility")
    assert feasibility.order == 0
    assert feasibility.checklist.filter(code="mdr_classification", required=True).exists()
    assert "mdr_classification" not in codes(template, "concept")


def test_the_social_services_act_is_among_the_regulations(db):
    ensure_seeded()
    for itype in ("service", "organisational", "process", "system"):
        sol = ChecklistItem.objects.get(
            phase__template=services.current_template(itype), code="sol"
        )
        assert sol.area == ChecklistItem.Area.REGULATION
        assert sol.name_sv == "Socialtjänstlagen (SoL)"
        assert sol.name_en == "Social Services Act (SoL)"


def go_problems(ic):
    ic.refresh_from_db()
    target = ic.template.phases.get(order=ic.phase.order + 1)
    return services.gate_problems(ic, "go", target)


def answer(ic, world, code, state):
    item = ChecklistItem.objects.get(phase__template=ic.template, code=code)
    services.save_checklist(ic, world.advisor, {item.pk: (state, "")})


def test_a_medical_purpose_makes_the_mdr_items_required(world, client):
    ic = start_service_case(world, screened=False)
    client.force_login(world.advisor)
    before = client.get(ic.get_absolute_url()).text.count("(obligatorisk)")
    assert not any("MDR" in p for p in go_problems(ic))  # not screened: nothing asked of MDR
    answer(ic, world, SCREENING, "done")  # yes: software with a medical purpose
    problems = go_problems(ic)
    assert any("MDR (EU) 2017/745" in p for p in problems)
    after = client.get(ic.get_absolute_url()).text.count("(obligatorisk)")
    assert after == before + 2  # MDR classification and CE marking, shown as required
    answer(ic, world, "mdr_classification", "done")
    assert not any("MDR" in p for p in go_problems(ic))
    answer(ic, world, SCREENING, "not_applicable")  # no medical purpose after all
    answer(ic, world, "mdr_classification", "open")
    assert not any("MDR" in p for p in go_problems(ic))


def test_running_cases_keep_their_version_and_new_cases_start_on_the_one_with_the_screening(
    world,
):
    ensure_seeded()
    # Version 1 as it was seeded before: no screening, no MDR classification, no SoL.
    ChecklistItem.objects.filter(code__in=NEW).delete()
    ChecklistItem.objects.filter(code="mdr").exclude(
        phase__template__innovation_type="medical_device"
    ).delete()
    running = start_service_case(world, screened=False)
    v1 = running.template
    assert not codes(v1) & NEW

    published = publish_new_items(ProcessTemplate, TemplatePhase, ChecklistItem)
    assert {t.innovation_type for t in published} == set(TEMPLATES)
    v2 = services.current_template("service")
    assert (v2.version, v2.is_published) == (2, True)
    assert NEW <= codes(v2)
    assert v2.phases.get(code="problem").checklist.order_by("order").first().code == SCREENING
    assert codes(v2) - NEW - {"mdr"} == codes(v1)  # the rest copied as it was

    running.refresh_from_db()
    assert running.template == v1 and not codes(running.template) & NEW
    case = case_services.open_case(
        kind="idea", title="Ny idé", description="Ny idé.", organisation=world.sos
    )
    new = start_service_case(world, case=case, screened=False)
    assert new.template == v2
    assert publish_new_items(ProcessTemplate, TemplatePhase, ChecklistItem) == []  # once


def test_screening_is_compulsory_before_the_first_gate(world):
    """Without an answer to the screening the case cannot leave its first phase – in every
    template, also on a version published before the screening was compulsory."""
    ic = start_service_case(world, screened=False)
    ChecklistItem.objects.filter(code=SCREENING).update(required=False)  # as 0008 published it
    problems = go_problems(ic)
    assert any("Screening" in p or "medicinskt syfte" in p for p in problems), problems
    answer(ic, world, SCREENING, "open")  # touched but not answered
    assert any("medicinskt syfte" in p or "Screening" in p for p in go_problems(ic))
    answer(ic, world, SCREENING, "not_applicable")  # no: no medical purpose
    assert not any("Screening" in p or "medicinskt syfte" in p for p in go_problems(ic))
    ensure_seeded()
    for itype, phases in CHECKLISTS.items():
        first = next(iter(phases.values()))
        assert (SCREENING, True) in first, itype
