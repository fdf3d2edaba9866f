"""Two organisations answer a round in headless Chromium; the coordinator sees the compiled
maturity and both organisations' trends."""

import re

import pytest
from playwright.sync_api import expect

from slussen.testing.browser import login, open_menu

from .conftest import history


def answer_in_browser(page, live_server, head, overall, *, example=None, reason=None):
    login(page, live_server, head)
    open_menu(page, "Innovationsbokslut")
    page.get_by_role("link", name="Enkät 2025").click()
    page.get_by_label("Integrerad innovation").fill(
        "Innovationsstrategin har varit ett stöd för våra handlingsplaner."
    )
    page.get_by_text(re.compile("Utkastet sparades automatiskt")).wait_for()  # autosave (htmx)
    if example:
        page.get_by_role("group", name=re.compile("^Ärenden i Slussen.*Testmiljöer")).get_by_label(
            re.compile(example)
        ).check()
    for dimension in (
        "Strategi och ledarskap",
        "Organisation och resurser",
        "Process och metoder",
        "Samverkan",
        "Kultur och kompetens",
        "Uppföljning och lärande",
    ):
        page.get_by_role("group", name=dimension).get_by_role(
            "radio", name=re.compile("^3 – Definierad")
        ).check()
    page.get_by_role("textbox", name=re.compile(r"^Samlad innovationsmognad")).fill(overall)
    if reason:  # more than half a level from the dimensions' mean (3.0)
        page.get_by_label("Varför den samlade nivån avviker").fill(reason)
    page.get_by_label("Kommentar till mognaden").fill("Processen når nu fler enheter.")
    page.get_by_role("button", name="Spara utkast").click()
    page.get_by_text("Ditt utkast sparades.").wait_for()
    page.get_by_role("button", name="Skicka in svaret").click()
    page.get_by_text("Tack – svaret för 2025 har skickats in.").wait_for()


@pytest.fixture
def new_page(browser):
    """A page in a context of its own per person (separate cookies), closed afterwards."""
    contexts = []

    def make():
        contexts.append(browser.new_context(locale="sv-SE"))
        page = contexts[-1].new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


def test_two_organisations_answer_and_the_coordinator_sees_the_compilation(
    live_server, live_rworld, new_page
):
    w = live_rworld
    history(w, 2024, {"karolinska": "3.6", "sos": "2.8"})

    coordinator = new_page()
    login(coordinator, live_server, w.coordinator)
    open_menu(coordinator, "Innovationsbokslut")
    coordinator.get_by_role("link", name="Ny enkätomgång").click()
    coordinator.get_by_label("År").fill("2025")
    coordinator.get_by_label("Sista svarsdag").fill("2026-12-15")
    coordinator.get_by_role("button", name="Skapa omgången").click()
    coordinator.get_by_role("button", name="Skicka enkäten").click()
    coordinator.get_by_text("Enkäten skickades till 2 verksamheter.").wait_for()

    answer_in_browser(
        new_page(),
        live_server,
        w.innovation_head,
        "3,9",
        example="Distans",
        reason="Nya mål i verksamhetsplanen från januari.",
    )
    answer_in_browser(new_page(), live_server, w.head_sos, "3,3")

    coordinator.reload()
    expect(
        coordinator.get_by_role("row", name=re.compile("Södersjukhuset")).get_by_text("Inskickad")
    ).to_be_visible()
    coordinator.get_by_role("link", name="Sammanställning av innovationsmognaden").click()
    trend = coordinator.get_by_role("table", name="Regionens innovationsmognad per år")
    assert re.search(r"2024\s+3,20", trend.inner_text())  # (3.6 + 2.8) / 2
    assert re.search(r"2025\s+3,60\s+2", trend.inner_text())  # (3.9 + 3.3) / 2, 2 answers
    orgs = coordinator.get_by_role("table", name="Innovationsmognad per verksamhet och år")
    karolinska = orgs.get_by_role("row", name=re.compile("Karolinska")).inner_text()
    sos = orgs.get_by_role("row", name=re.compile("Södersjukhuset")).inner_text()
    assert re.search(r"3,6\s+3,9\s+\+0,3", karolinska), karolinska
    assert re.search(r"2,8\s+3,3\s+\+0,5", sos), sos
    assert coordinator.locator("svg[role=img]").count() >= 3


def test_the_full_report_passes_axe_in_swedish_and_english_at_320_px(
    browser, live_server, live_rworld
):
    """The report with every section filled (maturity, fund, portfolio, test environments,
    strategic projects) passes axe-core, and its wide tables scroll in focusable boxes."""
    from django.utils import timezone

    from slussen.testing.access import Expect
    from slussen.testing.axe import Scan

    from ..access import COORDINATORS
    from .test_sections import apps_data

    w = live_rworld
    year = timezone.localdate().year
    history(w, year - 1, {"karolinska": "3.6", "sos": "2.8"})
    history(w, year, {"karolinska": "3.9", "sos": "3.3"})
    apps_data(w, 2)
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    try:
        scan = Scan(context, live_server, w)
        expect = Expect(kwargs=lambda w: {"year": year}, **COORDINATORS)
        assert scan.check("bokslut:report", expect) == []
        assert scan.page.locator("svg[role=img]").count() >= 10
    finally:
        context.close()


def test_an_anonymous_visitor_opens_the_published_2024_report_from_the_start_page(
    live_server, live_rworld, page
):
    from slussen.bokslut import services

    w = live_rworld
    history(w, 2024, {"karolinska": "3.6", "sos": "2.8"})
    services.publish(2024, w.coordinator)

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Regionens innovationsbokslut").click()
    page.get_by_role("heading", name="Publicerade innovationsbokslut").wait_for()
    page.get_by_role("link", name=re.compile("^Utgåva 1, publicerad")).click()
    page.get_by_role("heading", name="Innovationsbokslut 2024", exact=True).wait_for()
    trend = page.get_by_role("table", name="Regionens innovationsmognad per år")
    assert re.search(r"2024\s+3,20\s+2", trend.inner_text())
    pdf = page.get_by_role("link", name="Ladda ner som PDF").get_attribute("href")
    download = page.request.get(live_server.url + pdf)
    assert download.ok and download.headers["content-type"] == "application/pdf"
    assert download.body()[:5] == b"%PDF-"

    page.get_by_role("button", name="In English").click()
    page.get_by_role("heading", name="Annual innovation report 2024", exact=True).wait_for()
    trend = page.get_by_role("table", name="The region's innovation maturity per year")
    assert re.search(r"2024\s+3.20\s+2", trend.inner_text())
    pdf_en = page.request.get(
        live_server.url + page.get_by_role("link", name="Download as PDF").get_attribute("href")
    )
    assert pdf_en.ok and pdf_en.body() != download.body()  # the English edition
