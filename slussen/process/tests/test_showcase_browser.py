"""Another region finds an innovation in "In use in the region" in headless Chromium and asks
to use it; the page reads in Swedish and in English."""

import os
from datetime import date

from playwright.sync_api import expect

from slussen.core.models import Notification
from slussen.process import services
from slussen.process.models import Adoption, Indicator

from .conftest import start_service_case

SHOTS = os.environ.get("SHOWCASE_SHOTS")  # a directory: keep screenshots to look at


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_showcase_another_region_asks_to_use_an_innovation(live_world, live_server, page):
    w = live_world
    ic = start_service_case(w)
    Adoption.objects.create(innovation=ic, unit=w.sos, adopted_on=date(2026, 3, 1), status="in_use")
    indicator = Indicator.objects.create(
        innovation=ic, name="Andel IVA-patienter med dagbok", unit="%", baseline=5, target=80
    )
    indicator.measurements.create(measured_on=date(2026, 6, 1), value=74)
    services.save_showcase(
        ic,
        w.advisor,
        problem_sv="Många som vårdats på IVA minns inte tiden där.",
        problem_en="Many people treated in intensive care do not remember their time there.",
        solution_sv="Personalen skriver en dagbok med patienten och de närstående.",
        solution_en="The staff keep a diary with the patient and the family.",
    )

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Se vad som är infört").click()
    page.get_by_role("link", name="IVA-dagboken").click()
    expect(page.get_by_role("heading", name="Uppmätta resultat")).to_be_visible()
    expect(page.get_by_text("Södersjukhuset – i bruk")).to_be_visible()
    shot(page, "showcase-sv")
    page.get_by_label("Ditt namn").fill("Per Olsson")
    page.get_by_label("Region eller organisation").fill("Region Skåne")
    page.get_by_label("E-post").fill("per.olsson@example.org")
    page.get_by_label("Meddelande").fill("Vi vill införa dagboken på våra IVA-avdelningar.")
    page.get_by_role("button", name="Skicka").click()
    expect(page.get_by_text("Tack. Innovationsenheten har fått ditt meddelande")).to_be_visible()
    notice = Notification.objects.get(recipient=w.advisor, kind="process.reuse")
    assert "Region Skåne" in notice.title and "per.olsson@example.org" in notice.body

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.reload()
    expect(page.get_by_role("heading", name="Measured outcomes")).to_be_visible()
    expect(page.get_by_text("Many people treated in intensive care")).to_be_visible()
    shot(page, "showcase-en")
    page.get_by_role("link", name="In use in the region").first.click()
    shot(page, "showcase-list-en")
