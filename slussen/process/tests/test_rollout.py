"""Roll-out by unit: target units in waves, each unit's adoption a dated history on the
workflow engine; the receiving unit's manager confirms "in use"; the pilot alone is no
roll-out."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from slussen.accounts.models import Membership
from slussen.core.models import AuditEvent, Notification
from slussen.core.workflow import TransitionError
from slussen.process import selectors, services
from slussen.process.models import Adoption, InnovationCase, RolloutWave

from .rollout_world import build, pilot_in_use

TODAY = date.today()


@pytest.fixture
def r(world):
    return build(world)


def test_rollout_pilot_alone_does_not_clear_the_alert(world, r):
    qs = InnovationCase.objects.all()
    assert list(selectors.not_rolled_out(qs)) == [r.ic]
    pilot_in_use(world, r)
    assert list(selectors.not_rolled_out(qs)) == [r.ic]  # the pilot is not a roll-out
    unit = services.plan_unit(r.ic, world.advisor, r.units["sos-iva"])
    assert list(selectors.not_rolled_out(qs)) == [r.ic]  # planned is not in use
    services.adoption_step(unit, r.managers["sos-iva"], "confirm")
    assert list(selectors.not_rolled_out(qs)) == []


def test_rollout_history_is_kept_step_by_step_with_who_and_when(world, r):
    wave = RolloutWave.objects.create(innovation=r.ic, name="Våg 1", planned_start=TODAY)
    unit = services.plan_unit(r.ic, world.advisor, r.units["sos-iva"], wave=wave)
    assert unit.planned_on == TODAY  # the wave's start when no date of its own
    services.adoption_step(unit, world.advisor, "prepare", on=TODAY)
    services.adoption_step(unit, r.managers["sos-iva"], "confirm", on=TODAY, note="Alla utbildade")
    services.adoption_step(unit, world.advisor, "stop", on=TODAY, note="Ersatt av nytt system")
    steps = list(unit.steps.values_list("status", "by__full_name", "note"))
    assert steps == [
        ("planned", "Sara Holm", ""),
        ("started", "Sara Holm", ""),
        ("in_use", "Mona Berg", "Alla utbildade"),
        ("ended", "Sara Holm", "Ersatt av nytt system"),
    ]
    unit.refresh_from_db()
    assert (unit.status, unit.confirmed_by) == ("ended", r.managers["sos-iva"])
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"workflow.prepare", "workflow.confirm", "workflow.stop"} <= actions


def test_rollout_only_the_receiving_units_manager_confirms_in_use(world, r):
    unit = services.plan_unit(r.ic, world.advisor, r.units["sos-iva"])
    colleague = r.managers["ks-iva"]  # a manager, but of another unit
    employee = r.managers["sos-avd52"]
    Membership.objects.create(user=employee, organisation=r.units["sos-iva"], role="employee")
    for person in (world.advisor, colleague, world.employee, world.external, world.coordinator):
        with pytest.raises(PermissionDenied):
            services.adoption_step(unit, person, "confirm")
    # The SöS line manager is over the ward: the line above may confirm too.
    services.adoption_step(unit, r.managers["sos-iva"], "confirm")
    with pytest.raises(TransitionError):  # a double submit
        services.adoption_step(unit, r.managers["sos-iva"], "confirm")
    assert unit.steps.filter(status="in_use").count() == 1


def test_rollout_wrong_input_is_refused(world, r):
    unit = services.plan_unit(r.ic, world.advisor, r.units["sos-iva"])
    with pytest.raises(ValidationError, match="redan|already"):
        services.plan_unit(r.ic, world.advisor, r.units["sos-iva"])
    with pytest.raises(ValidationError):
        services.plan_unit(r.ic, world.advisor, world.cuviva)  # not the region's unit
    other = RolloutWave.objects.create(innovation=r.ic, name="x", planned_start=TODAY)
    other.innovation = services.start(
        world.other_case, world.advisor_other, innovation_type="service", novelty="sweden",
        degree="incremental", directions=[], perspectives=[],
    )  # fmt: skip
    other.save()
    with pytest.raises(ValidationError):
        services.plan_unit(r.ic, world.advisor, r.units["ks-iva"], wave=other)
    with pytest.raises(PermissionDenied):
        services.plan_unit(r.ic, world.advisor_other, r.units["ks-iva"])
    manager = r.managers["sos-iva"]
    with pytest.raises(ValidationError):
        services.adoption_step(unit, manager, "confirm", on=TODAY + timedelta(days=1))
    with pytest.raises(ValidationError):  # before the unit's previous step
        services.adoption_step(unit, manager, "confirm", on=TODAY - timedelta(days=3))
    with pytest.raises(TransitionError):  # stopping needs a reason
        services.adoption_step(unit, manager, "stop")
    unit.refresh_from_db()
    assert unit.status == "planned" and unit.steps.count() == 1


def test_rollout_tells_the_unit_manager_and_then_the_case_people(world, r):
    unit = services.plan_unit(r.ic, world.advisor, r.units["sos-iva"])
    services.adoption_step(unit, world.advisor, "prepare")
    told = Notification.objects.filter(recipient=r.managers["sos-iva"])
    assert {n.kind for n in told} == {"adoption.planned", "adoption.prepare"}
    assert {n.url for n in told} == {unit.get_absolute_url()}
    services.adoption_step(unit, r.managers["sos-iva"], "confirm")
    assert Notification.objects.filter(recipient=world.advisor).exists()
    assert not Notification.objects.filter(recipient=r.managers["ks-iva"]).exists()


def test_rollout_spread_counts_units_in_use_over_time(world, r):
    pilot_in_use(world, r, days_ago=30)
    for code, days in (("sos-iva", 20), ("ks-iva", 10)):
        unit = services.plan_unit(r.ic, world.advisor, r.units[code])
        unit.steps.update(on=TODAY - timedelta(days=25))
        services.adoption_step(unit, r.managers[code], "confirm", on=TODAY - timedelta(days=days))
    services.plan_unit(r.ic, world.advisor, r.units["ks-hjarta"])
    data = selectors.spread(r.ic)
    assert (data["in_use"], data["target"]) == (3, 4)
    assert [p["in_use"] for p in data["points"]] == [0, 1, 2, 3]
    assert data["chart"]["target_y"] == "0.0"  # the target at the top, with a dot


def test_rollout_unit_page_is_for_the_case_people_and_the_units_manager(world, r, client):
    unit = services.plan_unit(r.ic, world.advisor, r.units["sos-iva"])
    url = unit.get_absolute_url()
    for person in (r.managers["ks-iva"], world.advisor_other, world.external):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"step": "confirm", "on": TODAY}).status_code == 404
    client.force_login(world.employee)  # submitted the case: reads it, takes no step
    assert client.get(url).status_code == 200
    assert client.post(url, {"step": "confirm", "on": TODAY}).status_code == 403
    client.force_login(world.advisor)  # works the case, may not confirm for the unit
    page = client.get(url).text
    assert "Börja förbereda" in page and "Bekräfta i bruk" not in page
    assert client.post(url, {"step": "confirm", "on": TODAY}).status_code == 400
    client.force_login(r.managers["sos-iva"])
    page = client.get(url).text
    assert "Bekräfta i bruk" in page and "Börja förbereda" not in page
    assert client.post(url, {"step": "confirm", "on": TODAY}).status_code == 302
    again = client.post(url, {"step": "confirm", "on": TODAY})  # a double submit
    assert again.status_code == 400 and "inte möjligt nu" in again.text
    assert Adoption.objects.get(pk=unit.pk).steps.count() == 2
    assert reverse("process:adoption", args=[r.ic.pk, unit.pk]) == url
