"""In headless Chromium, in Swedish: an advisor measures an indicator at two units of the roll-out
and reads one line per unit beside the table; the coordinator follows a figure of the portfolio
to the cases behind it. The pages, with their data, pass axe (WCAG 2.1 A/AA)."""

from datetime import date

from playwright.sync_api import expect

from slussen.accounts.models import Organisation
from slussen.process import services
from slussen.process.models import Funding, Indicator
from slussen.testing.axe import run_axe
from slussen.testing.browser import login

from .conftest import start_service_case


def test_indicator_per_unit_and_portfolio_drill_down_in_the_browser(page, live_server, live_world):
    w = live_world
    ic = start_service_case(w)
    for code, name in (("sos-avd1", "Avdelning 1"), ("sos-avd2", "Avdelning 2")):
        unit = Organisation.objects.create(
            code=code, name=name, kind="unit", unit_type="ward", parent=w.sos
        )
        services.plan_unit(ic, w.advisor, unit)
    Indicator.objects.create(innovation=ic, name="Fallolyckor", baseline=12, target=6)
    Funding.objects.create(
        innovation=ic, funder="Vinnova", amount=300000,
        period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
    )  # fmt: skip

    login(page, live_server, w.advisor)
    page.goto(f"{live_server.url}{ic.get_absolute_url()}")
    for n, (on, value, unit) in enumerate(
        (
            ("2026-01-15", "11", "Avdelning 1"), ("2026-03-15", "8", "Avdelning 1"),
            ("2026-01-15", "12", "Avdelning 2"),
        ),
        start=1,
    ):  # fmt: skip
        form = page.locator(
            "details.add-form", has=page.locator("summary", has_text="Lägg till uppmätt värde")
        )
        form.locator("summary").click()
        form.get_by_label("Indikator").select_option(label="Fallolyckor")
        form.get_by_label("Mätdatum").fill(on)
        form.get_by_label("Värde").fill(value)
        form.get_by_label("Vårdenhet").select_option(label=f"{unit} (vårdavdelning)")
        form.get_by_role("button", name="Lägg till uppmätt värde").click()
        expect(page.locator("figure[aria-labelledby^='ind-'] tbody tr")).to_have_count(n)
    legend = page.locator("ul.series-legend li")
    assert [text.strip() for text in legend.all_inner_texts()] == ["Avdelning 1", "Avdelning 2"]
    assert page.locator("figure[aria-labelledby^='ind-'] polyline.series").count() == 2
    chart = page.locator("figure[aria-labelledby^='ind-']")
    assert chart.get_by_role("cell", name="Avdelning 2", exact=True).count() == 1
    assert run_axe(page) == []

    page.context.clear_cookies()
    login(page, live_server, w.coordinator)
    page.goto(f"{live_server.url}/process/portfolio/")
    assert run_axe(page) == []
    page.locator("dl.facts a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Innovationsärenden"
    assert page.locator(".result-count").inner_text() == "1 innovationsärende"
    assert page.get_by_role("link", name=ic.case.title).count() == 1
    assert run_axe(page) == []
