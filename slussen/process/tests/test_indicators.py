"""Outcome indicators measured per unit of care (issue 19): a measured value may name one of the
case's roll-out units; the chart then shows one series per unit, with the numbers and their units
in the table beside it."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from slussen.accounts.models import Organisation
from slussen.process import services
from slussen.process.forms import record_form
from slussen.process.models import Indicator, Measurement


@pytest.fixture
def units(world, innovation):
    made = {}
    for code, name in (("sos-avd1", "Avdelning 1"), ("sos-avd2", "Avdelning 2")):
        made[code] = Organisation.objects.create(
            code=code, name=name, kind="unit", unit_type="ward", parent=world.sos
        )
        services.plan_unit(innovation, world.advisor, made[code])
    made["ks-avd"] = Organisation.objects.create(
        code="ks-avd", name="Avdelning KS", kind="unit", unit_type="ward", parent=world.karolinska
    )  # not in the case's roll-out plan
    return made


@pytest.fixture
def indicator(innovation):
    return Indicator.objects.create(
        innovation=innovation, name="Fallolyckor", unit="per månad", baseline=12, target=6
    )


def measure(client, ic, indicator, on, value, unit=None):
    data = {
        "measurement-indicator": indicator.pk,
        "measurement-measured_on": on,
        "measurement-value": value,
    }
    if unit is not None:
        data["measurement-unit"] = unit.pk
    return client.post(reverse("process:add", args=[ic.pk, "measurement"]), data)


def indicator_section(page):
    return page.split('id="indicator-h"')[1].split("</section>")[0]


def test_indicator_measured_per_unit_shows_one_series_per_unit(
    world, client, innovation, units, indicator
):
    client.force_login(world.advisor)
    avd1, avd2 = units["sos-avd1"], units["sos-avd2"]
    for on, value, unit in (
        ("2026-01-15", "11", avd1), ("2026-03-15", "8", avd1),
        ("2026-01-15", "12", avd2), ("2026-03-15", "10", avd2),
        ("2026-02-15", "10", None),
    ):  # fmt: skip
        assert measure(client, innovation, indicator, on, value, unit).status_code == 302
    assert Measurement.objects.filter(unit=avd1).count() == 2
    section = indicator_section(client.get(innovation.get_absolute_url()).text)
    # Three series: the case as a whole, then each unit, each its own line and style.
    assert len(re.findall(r'<polyline points="[^"]+" class="series">', section)) == 3
    assert all(f'<g class="series-{i}">' in section for i in range(3))
    legend = section.split('class="legend series-legend"')[1].split("</ul>")[0]
    assert (
        legend.index("Ärendet som helhet")
        < legend.index("Avdelning 1")
        < legend.index("Avdelning 2")
    )
    # The numbers beside the chart name the unit of each value.
    table = section.split("<tbody>")[1]
    assert re.search(
        r"2026-03-15(?:</span>)?</th><td>Avdelning 1</td><td class=\"num\">8,00", table
    )
    assert re.search(
        r"2026-03-15(?:</span>)?</th><td>Avdelning 2</td><td class=\"num\">10,00", table
    )
    assert "style=" not in section


def test_indicator_a_unit_outside_the_roll_out_plan_is_refused_and_the_typed_value_kept(
    world, client, innovation, units, indicator
):
    client.force_login(world.advisor)
    refused = measure(client, innovation, indicator, "2026-02-01", "7,5", units["ks-avd"])
    assert refused.status_code == 400
    assert 'value="7,5"' in refused.text
    assert "Välj ett giltigt alternativ" in refused.text
    assert not Measurement.objects.exists()
    # Another case's indicator is no choice either.
    other = services.start(
        world.other_case, world.advisor_other, innovation_type="service", novelty="sweden",
        degree="incremental", directions=[], perspectives=[],
    )  # fmt: skip
    theirs = Indicator.objects.create(innovation=other, name="Annat", baseline=1, target=2)
    assert measure(client, innovation, theirs, "2026-02-01", "3").status_code == 400
    assert not Measurement.objects.exists()
    # Someone who does not work the case cannot add one at all.
    client.force_login(world.advisor_other)
    assert measure(client, innovation, indicator, "2026-02-01", "3").status_code == 404


def test_indicator_without_roll_out_units_asks_for_no_unit_and_draws_one_line(
    world, client, innovation, indicator
):
    assert "unit" not in record_form("measurement", innovation).fields
    client.force_login(world.advisor)
    assert measure(client, innovation, indicator, "2026-01-01", "11").status_code == 302
    assert measure(client, innovation, indicator, "2026-02-01", "9").status_code == 302
    section = indicator_section(client.get(innovation.get_absolute_url()).text)
    assert section.count('class="series"') == 1
    assert "series-legend" not in section and "Vårdenhet" not in section


def test_indicator_a_corrected_value_keeps_its_unit_after_the_unit_left_the_plan(
    world, client, innovation, units, indicator
):
    avd1 = units["sos-avd1"]
    value = Measurement.objects.create(
        indicator=indicator, measured_on=date(2026, 1, 1), value=9, unit=avd1
    )
    innovation.adoptions.filter(unit=avd1).delete()
    form = record_form(
        "measurement", innovation, instance=value,
        data={"measurement-indicator": indicator.pk, "measurement-measured_on": "2026-01-01",
              "measurement-value": "8", "measurement-unit": avd1.pk},
    )  # fmt: skip
    assert form.is_valid(), form.errors


def test_indicator_chart_queries_do_not_grow_with_units_and_values(
    world, client, innovation, units, indicator, django_assert_max_num_queries
):
    client.force_login(world.advisor)
    url = innovation.get_absolute_url()
    Measurement.objects.create(
        indicator=indicator, measured_on=date(2026, 1, 1), value=9, unit=units["sos-avd1"]
    )
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for month in range(2, 12):
        for unit in (units["sos-avd1"], units["sos-avd2"], None):
            Measurement.objects.create(
                indicator=indicator, measured_on=date(2026, month, 1), value=month, unit=unit
            )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
