"""The roll-out in headless Chromium, in Swedish: a pilot at one ward, three more units over
two waves, each receiving manager confirming "in use" from the notice; the spread and the
portfolio show 4 of 5 target units, and the pilot alone did not clear the alert."""

import os

from slussen.process.models import Adoption
from slussen.testing.browser import login, open_menu

from .rollout_world import build, pilot_in_use

SHOTS = os.environ.get("PROCESS_SHOTS")


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def opened(page, summary):
    """The add form under its summary, opened."""
    form = page.locator("details.add-form", has=page.locator("summary", has_text=summary))
    form.locator("summary").click()
    return form


def add_wave(page, name, start):
    form = opened(page, "Lägg till en våg")
    form.get_by_label("Våg", exact=True).fill(name)
    form.get_by_label("Planerad start").fill(start)
    form.get_by_role("button", name="Lägg till en våg").click()
    page.get_by_text("Vågen har lagts till i införandeplanen.").wait_for()


def add_unit(page, unit, wave):
    form = opened(page, "Lägg till en enhet i införandeplanen")
    form.get_by_label("Mottagande enhet").select_option(value=str(unit.pk))
    form.get_by_label("Våg").select_option(label=wave)
    form.get_by_role("button", name="Lägg till en enhet i införandeplanen").click()
    page.get_by_text("Enheten har lagts till i införandeplanen.").wait_for()


def alert_rows(page):
    heading = page.get_by_role("heading", name="Pilot klar, inte breddinförd")
    return heading.locator("xpath=following-sibling::*[1]").inner_text()


def test_rollout_pilot_and_two_waves_reach_four_of_five_units(page, live_server, live_world):
    w = live_world
    r = build(w)
    pilot_in_use(w, r)
    title = r.ic.case.title

    # The coordinator: the pilot ward alone in use does not clear the roll-out alert.
    login(page, live_server, w.coordinator)
    open_menu(page, "Portfölj")
    assert title in alert_rows(page)
    page.get_by_role("button", name="Logga ut").click()

    # The advisor plans two waves: three more units, and one more later.
    login(page, live_server, w.advisor)
    page.goto(f"{live_server.url}{r.ic.get_absolute_url()}")
    add_wave(page, "Våg 1: Södersjukhuset", "2026-09-01")
    add_wave(page, "Våg 2: Karolinska", "2026-10-01")
    for code, wave in (
        ("sos-avd52", "Våg 1: Södersjukhuset"),
        ("sos-iva", "Våg 1: Södersjukhuset"),
        ("ks-iva", "Våg 2: Karolinska"),
        ("ks-hjarta", "Våg 2: Karolinska"),
    ):
        add_unit(page, r.units[code], wave)
    assert "Enheter i bruk: 1 av 5 målenheter" in page.locator("#adoption-h ~ figure").inner_text()
    page.get_by_role("button", name="Logga ut").click()

    # Each receiving manager finds the notice, opens the unit's page and confirms "in use".
    for code in ("sos-avd52", "sos-iva", "ks-iva"):
        login(page, live_server, r.managers[code])
        page.get_by_role("link", name="Notiser").click()
        page.get_by_role("link", name=f"är planerad för {r.units[code].name}").first.click()
        page.get_by_role("heading", name=f"Införande på {r.units[code].name}").wait_for()
        page.get_by_role("button", name="Bekräfta i bruk").click()
        page.get_by_text(f"{r.units[code].name}: nu ”I bruk”.").wait_for()
        shot(page, f"rollout-unit-{code}")
        page.get_by_role("button", name="Logga ut").click()
    confirmed = Adoption.objects.filter(status="in_use", pilot=False).select_related("confirmed_by")
    assert {a.confirmed_by for a in confirmed} == {
        r.managers[c] for c in ("sos-avd52", "sos-iva", "ks-iva")
    }

    # The spread: 4 of 5 target units, as a chart and as a table.
    login(page, live_server, w.advisor)
    page.goto(f"{live_server.url}{r.ic.get_absolute_url()}#adoption-h")
    figure = page.locator("#adoption-h ~ figure")
    assert "Enheter i bruk: 4 av 5 målenheter" in figure.inner_text()
    svg = figure.locator("svg.line")
    assert (svg.get_attribute("data-in-use"), svg.get_attribute("data-target")) == ("4", "5")
    last_row = figure.locator("tbody tr").last.locator("td")
    assert last_row.all_inner_texts() == ["4", "5"]
    shot(page, "rollout-case")
    page.get_by_role("button", name="Logga ut").click()

    # The portfolio: 4 of 5, and the alert is cleared by units beyond the pilot.
    login(page, live_server, w.coordinator)
    open_menu(page, "Portfölj")
    row = page.locator("table.rollouts tbody tr", has_text=title)
    assert row.locator("td.num").all_inner_texts() == ["4", "5"]
    assert title not in alert_rows(page)
    shot(page, "rollout-portfolio")
