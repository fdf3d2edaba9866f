"""The portfolio (issue 19): every figure leads to exactly the cases it counts, within the same
scope; the cases export to CSV and XLSX; funding by source and year and the outcome indicators
are rolled up; the portfolio filters by direction, innovation type and unit."""

import csv
import html
import io
import re
from datetime import date, timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from slussen.accounts.models import Membership, Organisation
from slussen.cases.services import open_case
from slussen.process import services
from slussen.process.models import Adoption, Funding, Indicator, InnovationCase, Measurement
from slussen.process.templates_data import ensure_seeded

from .conftest import screen

DRILL = reverse("process:portfolio_cases")
LINK = re.compile(r'<a href="(' + re.escape(DRILL) + r'\?[^"]*)">(\d+)</a>')


def forget():
    """Empty the caches the portfolio's figures are kept in: this process's and the shared."""
    for kept in (caches["default"], caches["shared"]):
        kept.clear()


def start(world, org, title, case=None, **extra):
    case = case or open_case(kind="idea", title=title, description="En idé.", organisation=org)
    advisor = world.advisor_other if org == world.karolinska else world.advisor
    ensure_seeded()
    fields = {
        "innovation_type": "service", "novelty": "organisation", "degree": "incremental",
        "directions": ["internal_development"], "perspectives": ["quality"], "advisor": advisor,
    }  # fmt: skip
    fields.update(extra)
    return screen(services.start(case, advisor, **fields), advisor)


def fund(ic, funder, amount, year, co=0):
    return Funding.objects.create(
        innovation=ic, funder=funder, amount=amount, co_financing=co,
        period_start=date(year, 3, 1), period_end=date(year, 12, 31),
    )  # fmt: skip


def indicator(ic, name, baseline, target, *values):
    found = Indicator.objects.create(innovation=ic, name=name, baseline=baseline, target=target)
    for i, value in enumerate(values):
        Measurement.objects.create(
            indicator=found, measured_on=date(2026, 1, 1) + timedelta(days=30 * i), value=value
        )
    return found


@pytest.fixture
def spread(world):
    """Cases at SöS (one with a ward) and at Karolinska, one of them secret, of two types and
    directions, in different phases, with funding and indicators."""
    ward = Organisation.objects.create(
        code="sos-avd5", name="Avdelning 5", kind="unit", unit_type="ward", parent=world.sos
    )
    sos = [start(world, world.sos, f"SöS idé {i}") for i in range(3)]
    services.decide(
        sos[0], world.advisor, decision="go", basis="ok", zone="green", decided_on=date.today()
    )
    ward_case = start(
        world, ward, "Avdelningens idé", innovation_type="medical_device",
        directions=["procurement"],
    )  # fmt: skip
    ks = start(world, world.karolinska, "KS idé", directions=["procurement"])
    secret = start(
        world, world.karolinska, "", case=world.other_case, directions=["test_environments"]
    )
    Adoption.objects.create(
        innovation=ks, unit=ward, adopted_on=date(2026, 3, 1), status=Adoption.Status.IN_USE
    )
    fund(sos[0], "Vinnova", 500000, 2025, co=100000)
    fund(sos[1], "Vinnova", 250000, 2025)
    fund(sos[1], "Vinnova", 300000, 2026)
    fund(ks, "Innovationsfonden", 200000, 2026)
    fund(secret, "Vinnova", 900000, 2025)
    indicator(sos[0], "Väntetid", 10, 5, 8, 4)  # down: reached
    indicator(sos[1], "Nöjdhet", 60, 80, 70)  # up: improved, not reached
    indicator(ks, "Fall", 12, 6)  # never measured
    indicator(secret, "Vårddygn", 100, 90, 80)  # down: reached, secret
    forget()
    return {"sos": sos, "ward": ward, "ward_case": ward_case, "ks": ks, "secret": secret}


def drill_links(page_text):
    return [(html.unescape(href), int(n)) for href, n in LINK.findall(page_text)]


def listed(client, href):
    page = client.get(href)
    assert page.status_code == 200, href
    count = int(re.search(r'class="result-count">(\d+)', page.text).group(1))
    regnos = re.findall(r'<span class="regno">(?:<span class="nowrap">)?([^<]+)</span>', page.text)
    return count, regnos


@pytest.mark.parametrize("role", ["coordinator", "innovation_head", "sos_head"])
def test_portfolio_every_figure_lists_exactly_the_cases_it_counts(world, client, spread, role):
    if role == "sos_head":
        Membership.objects.create(
            user=world.manager, organisation=world.sos, role="innovation_head"
        )
        user = world.manager
    else:
        user = getattr(world, role)
    client.force_login(user)
    page = client.get(reverse("process:portfolio"))
    assert page.status_code == 200
    links = drill_links(page.text)
    figures = {re.search(r"figure=(\w+)", href).group(1) for href, _n in links}
    assert {"total", "phase", "reached", "type", "direction", "funding", "outcome"} <= figures
    for href, n in links:
        count, regnos = listed(client, href)
        assert count == n, href
        assert len(regnos) == n and len(set(regnos)) == n, href
    secret = spread["secret"].case.registry_number
    everything = listed(client, f"{DRILL}?figure=total")[1]
    assert (secret in everything) == (role != "sos_head")
    if role == "sos_head":  # SöS's head: SöS's cases and its ward's, nothing of Karolinska's
        assert len(everything) == 4


def test_portfolio_another_organisation_cannot_drill_into_or_export_cases_it_may_not_see(
    world, client, spread
):
    Membership.objects.create(user=world.manager, organisation=world.sos, role="innovation_head")
    secret = spread["secret"].case.registry_number
    ks = spread["ks"].case.registry_number
    client.force_login(world.manager)  # head of SöS's innovation unit
    # Naming Karolinska as the organisation does not widen the scope: it is not one to choose.
    narrowed = f"organisation={world.karolinska.pk}"
    count, regnos = listed(client, f"{DRILL}?{narrowed}&figure=total")
    assert count == 4 and secret not in regnos and ks not in regnos
    # Nor does naming a unit of Karolinska (where the Karolinska case is rolled out).
    ks_ward = Organisation.objects.create(
        code="ks-avd7", name="Avdelning 7", kind="unit", unit_type="ward", parent=world.karolinska
    )
    Adoption.objects.create(innovation=spread["ks"], unit=ks_ward, adopted_on=date(2026, 3, 1))
    count, regnos = listed(client, f"{DRILL}?unit={ks_ward.pk}&figure=total")
    assert count == 4 and ks not in regnos
    portfolio = client.get(reverse("process:portfolio"), {"unit": ks_ward.pk})
    assert "Avdelning 7" not in portfolio.text and portfolio.context["data"]["total"] == 4
    for figure in ("direction&value=test_environments", "funding&value=Vinnova&year=2025"):
        assert secret not in listed(client, f"{DRILL}?figure={figure}")[1]
    exported = client.get(reverse("process:portfolio_export", args=["csv"]), {"figure": "total"})
    assert exported.status_code == 200
    text = exported.content.decode("utf-8-sig")
    assert secret not in text and "Distansmonitorering" not in text and ks not in text
    assert spread["sos"][0].case.registry_number in text
    xlsx = client.get(reverse("process:portfolio_export", args=["xlsx"]))
    assert xlsx.status_code == 200 and secret.encode() not in _xlsx_text(xlsx.content)
    # Who has no portfolio: refused, not shown an empty list.
    for person in (world.advisor, world.employee, world.external):
        client.force_login(person)
        assert client.get(f"{DRILL}?figure=total").status_code == 403
        assert client.get(reverse("process:portfolio_export", args=["csv"])).status_code == 403
    client.logout()
    assert client.get(f"{DRILL}?figure=total").status_code == 302  # to the log-in
    client.force_login(world.coordinator)
    assert client.get(f"{DRILL}?figure=nothing").status_code == 404
    assert client.get(f"{DRILL}?figure=type&value=nothing").status_code == 404
    assert client.get(f"{DRILL}?figure=funding&value=Vinnova&year=x").status_code == 404
    assert client.get(reverse("process:portfolio_export", args=["pdf"])).status_code == 404


def _xlsx_text(content):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    return repr([[c.value for c in row] for row in sheet.iter_rows()]).encode()


def test_portfolio_export_to_csv_and_xlsx_with_formulas_neutralised(world, client, spread):
    from openpyxl import load_workbook

    bad = start(world, world.sos, '=HYPERLINK("http://evil.example","x")')
    client.force_login(world.coordinator)
    url = reverse("process:portfolio_export", args=["csv"])
    response = client.get(url, {"figure": "type", "value": "service"})
    assert response["Content-Disposition"].startswith('attachment; filename="portfolj-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Diarienummer"
    by_regno = {row[0]: row for row in rows[1:]}
    assert by_regno[bad.case.registry_number][1] == "'" + bad.case.title
    assert spread["ward_case"].case.registry_number not in by_regno  # a medical device
    assert len(by_regno) == 6  # the service cases: three at SöS, KS, the secret one, the bad
    sos0 = by_regno[spread["sos"][0].case.registry_number]
    assert sos0[11] == "500000" and sos0[12] == "1"  # funding and indicators

    response = client.get(
        reverse("process:portfolio_export", args=["xlsx"]), {"figure": "type", "value": "service"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=3)}
    title = cells[bad.case.registry_number][1]
    assert title.value == bad.case.title and title.data_type == "s" and title.quotePrefix
    assert sheet["A1"].value == "Innovationstyp: Tjänst"


def test_portfolio_rolls_up_funding_by_source_and_year_and_the_outcomes(world, client, spread):
    client.force_login(world.coordinator)
    data = client.get(reverse("process:portfolio")).context["data"]
    rows = {
        (r["funder"], r["year"]): (r["amount"], r["co_financing"], r["cases"])
        for r in data["funding"]
    }
    assert rows == {
        ("Vinnova", 2025): (1650000, 100000, 3),
        ("Vinnova", 2026): (300000, 0, 1),
        ("Innovationsfonden", 2026): (200000, 0, 1),
    }
    assert [(y["year"], y["amount"]) for y in data["funding_years"]] == [
        (2026, 500000), (2025, 1650000)
    ]  # fmt: skip
    outcomes = {code: (n, cases) for code, _label, n, cases in data["outcomes"]}
    assert outcomes == {
        "indicators": (4, 4), "measured": (3, 3), "improved": (3, 3), "reached": (2, 2)
    }  # fmt: skip
    latest = {i.name: i.latest for i in data["indicators"]}
    assert latest == {"Väntetid": 4, "Nöjdhet": 70, "Fall": None, "Vårddygn": 80}
    reached = listed(client, f"{DRILL}?figure=outcome&value=reached")[1]
    assert sorted(reached) == sorted(
        [spread["sos"][0].case.registry_number, spread["secret"].case.registry_number]
    )


def test_portfolio_filters_by_direction_innovation_type_and_unit(world, client, spread):
    client.force_login(world.coordinator)
    url = reverse("process:portfolio")

    def total(**params):
        return client.get(url, params).context["data"]["total"]

    assert total() == 6
    assert total(direction="procurement") == 2
    assert total(innovation_type="medical_device") == 1
    # The ward's own case and the Karolinska case rolled out to it.
    assert total(unit=spread["ward"].pk) == 2
    assert total(unit=spread["ward"].pk, direction="procurement", innovation_type="service") == 1
    assert total(direction="no-such") == 6  # an unknown value is no filter
    page = client.get(url, {"unit": spread["ward"].pk})
    assert "Avdelning 5 (vårdavdelning)</option>" in page.text
    # The drill-down keeps the filters.
    links = drill_links(page.text)
    href, n = next((h, n) for h, n in links if "figure=total" in h)
    assert f"unit={spread['ward'].pk}" in href and n == 2
    assert listed(client, href)[0] == 2


def test_portfolio_drill_down_and_export_query_counts_do_not_grow(
    world, client, spread, django_assert_max_num_queries
):
    client.force_login(world.coordinator)
    urls = [
        f"{DRILL}?figure=total",
        f"{DRILL}?figure=funding&value=Vinnova&year=2025",
        reverse("process:portfolio_export", args=["csv"]),
        reverse("process:portfolio_export", args=["xlsx"]),
    ]
    counts = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        counts[url] = len(few.captured_queries)
    for i in range(8):
        ic = start(world, world.sos, f"Fler {i}", line_owner=world.manager)
        fund(ic, "Vinnova", 1000, 2025)
        indicator(ic, "Tid", 1, 2, 3)
        Adoption.objects.create(
            innovation=ic, unit=spread["ward"], adopted_on=date(2026, 3, 1), status="in_use"
        )
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200
    assert InnovationCase.objects.count() == 14
