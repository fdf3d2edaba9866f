"""Records added to a case can be corrected or removed by whoever works the case; the old
value stays in the audit trail. Indicators show as a chart with their numbers as a table."""

from datetime import date

import pytest
from django.urls import reverse

from slussen.core.models import AuditEvent
from slussen.process import services
from slussen.process.models import Adoption, Funding, Indicator, Measurement


@pytest.fixture
def funding(innovation):
    return Funding.objects.create(
        innovation=innovation, funder="Innovationsfonden", amount=450000,
        period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
    )  # fmt: skip


def url(ic, kind, obj, remove=False):
    name = "process:remove_record" if remove else "process:record"
    return reverse(name, args=[ic.pk, kind, obj.pk])


def test_records_a_funding_row_is_corrected_and_the_old_value_kept(
    world, client, innovation, funding
):
    client.force_login(world.advisor)
    form = {
        "funding-funder": "Innovationsfonden",
        "funding-amount": "400000",
        "funding-period_start": "2026-01-01",
        "funding-period_end": "2025-01-01",
        "funding-co_financing": "0",
    }
    bad = client.post(url(innovation, "funding", funding), form)
    assert bad.status_code == 400 and 'value="400000"' in bad.text
    good = client.post(
        url(innovation, "funding", funding), {**form, "funding-period_end": "2026-12-31"}
    )
    assert good.status_code == 302
    funding.refresh_from_db()
    assert funding.amount == 400000
    event = AuditEvent.objects.get(action="process.change_funding")
    assert event.data["changes"] == {"amount": ["450000", "400000"]}


def test_records_removal_keeps_what_was_removed_in_the_audit(world, client, innovation, funding):
    indicator = Indicator.objects.create(
        innovation=innovation, name="Väntetid", baseline=10, target=5
    )
    Measurement.objects.create(indicator=indicator, measured_on=date(2026, 3, 1), value=8)
    client.force_login(world.advisor)
    assert client.post(url(innovation, "funding", funding, remove=True)).status_code == 302
    again = client.post(url(innovation, "funding", funding, remove=True), follow=True)
    assert "Posten är redan borttagen." in again.text  # a double submit changes nothing
    assert client.post(url(innovation, "indicator", indicator, remove=True)).status_code == 302
    assert not Funding.objects.exists() and not Measurement.objects.exists()
    removed = AuditEvent.objects.get(action="process.remove_funding").data["removed"]  # once
    assert removed["funder"] == "Innovationsfonden" and removed["amount"] == "450000"
    kept = AuditEvent.objects.get(action="process.remove_indicator").data["removed"]
    assert kept["measurements"][0]["value"] == "8.00"


def test_records_a_rollout_unit_keeps_its_unit_and_its_removal_keeps_its_history(
    world, client, innovation
):
    unit = services.plan_unit(innovation, world.advisor, world.sos)
    client.force_login(world.advisor)
    answer = client.post(
        url(innovation, "adoption", unit),
        {"adoption-unit": world.karolinska.pk, "adoption-planned_on": "2026-09-01"},
    )
    assert answer.status_code == 302
    unit.refresh_from_db()
    assert (unit.unit, unit.planned_on) == (world.sos, date(2026, 9, 1))  # the unit stays
    client.post(url(innovation, "adoption", unit, remove=True))
    assert not Adoption.objects.exists()
    removed = AuditEvent.objects.get(action="process.remove_adoption").data["removed"]
    assert removed["steps"][0]["status"] == "planned"


def test_records_only_those_who_work_the_case_correct_them(world, client, innovation, funding):
    other = services.start(
        world.other_case, world.advisor_other, innovation_type="service", novelty="sweden",
        degree="incremental", directions=[], perspectives=[],
    )  # fmt: skip
    for person, expected in (
        (world.advisor_other, 404),
        (world.external, 404),
        (world.employee, 403),
    ):
        client.force_login(person)
        assert client.get(url(innovation, "funding", funding)).status_code == expected
        assert client.post(url(innovation, "funding", funding, remove=True)).status_code == expected
    client.force_login(world.advisor_other)  # a record of another case, through one's own
    assert client.get(url(other, "funding", funding)).status_code == 404
    client.post(url(other, "funding", funding, remove=True))  # not in her case: nothing removed
    assert Funding.objects.filter(pk=funding.pk).exists()
    assert not AuditEvent.objects.filter(action="process.remove_funding").exists()
    client.force_login(world.advisor)
    assert client.get(reverse("process:record", args=[innovation.pk, "case", 1])).status_code == 404


def test_records_indicator_chart_with_its_numbers(world, client, innovation):
    indicator = Indicator.objects.create(
        innovation=innovation, name="Andel med dagbok", unit="%", baseline=5, target=80
    )
    for day, value in ((date(2026, 1, 1), 22), (date(2026, 6, 1), 61)):
        Measurement.objects.create(indicator=indicator, measured_on=day, value=value)
    client.force_login(world.advisor)
    page = client.get(innovation.get_absolute_url()).text
    assert 'class="series"' in page and "polyline" in page
    assert "2026-06-01" in page and "61,00" in page
    assert "style=" not in page.split('id="indicator-h"')[1].split("</section>")[0]
