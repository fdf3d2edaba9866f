"""A challenge in headless Chromium, in Swedish: an advisor starts it and opens it, three
employees send ideas, the panel scores them, the owner moves one into the innovation process,
and all three see the outcome on their start page."""

import os
from datetime import date, timedelta

from playwright.sync_api import expect

from slussen.accounts.models import Membership, User
from slussen.cases.models import Case
from slussen.challenges.models import Entry
from slussen.challenges.workflows import ensure_defined
from slussen.testing.browser import login, open_menu
from slussen.testing.world import password_hash

SHOTS = os.environ.get("CHALLENGE_SHOTS")  # a directory: keep screenshots to look at
TITLE = "Färre fall på våra avdelningar"
IDEAS = {"employee": "Sensormatta vid sängen", "nurse": "Nattlarm", "physio": "Halkfria skor"}


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def as_person(page, live_server, user):
    page.context.clear_cookies()
    login(page, live_server, user)


def send_idea(page, live_server, user, title):
    as_person(page, live_server, user)
    open_menu(page, "Utmaningar")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Skicka en idé till utmaningen").click()
    page.get_by_label("Rubrik").fill(title)
    page.get_by_label("Vad är problemet?").fill("Äldre patienter faller när de går upp på natten.")
    page.get_by_label("För vem?").fill("Äldre patienter på vårdavdelningar.")
    page.get_by_role("button", name="Skicka idén").click()
    expect(page.get_by_text("Din idé är registrerad som")).to_be_visible()


def score_all(page, live_server, user, values):
    """Score every idea from the start page, one after the other."""
    as_person(page, live_server, user)
    page.goto(f"{live_server.url}/")
    section = page.locator("section", has=page.get_by_role("heading", name="Utmaningar"))
    section.get_by_role("link").first.click()
    for _ in IDEAS:
        heading = page.get_by_role("heading", level=1).inner_text()
        benefit, feasibility = values[next(k for k, t in IDEAS.items() if t in heading)]
        page.get_by_role("group", name="Nytta för patienten").get_by_label(str(benefit)).check()
        page.get_by_role("group", name="Genomförbarhet").get_by_label(str(feasibility)).check()
        page.get_by_role("button", name="Spara mina poäng").click()
        expect(page.get_by_text("Dina poäng är sparade")).to_be_visible()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()  # back when done


def test_challenge_three_employees_the_panel_scores_one_goes_into_the_process(
    live_world, live_server, page
):
    w = live_world
    ensure_defined()
    people = {"employee": w.employee}
    for key, name in (("nurse", "Nina Sköterska"), ("physio", "Petra Fysioterapeut")):
        people[key] = User.objects.create(
            email=f"{key}@example.org", full_name=name, password=password_hash()
        )
        Membership.objects.create(user=people[key], organisation=w.sos, role="employee")

    # The advisor starts the challenge with its criteria, owner and panel, and opens it.
    as_person(page, live_server, w.advisor)
    open_menu(page, "Utmaningar")
    page.get_by_role("link", name="Starta en utmaning").click()
    page.get_by_label("Rubrik", exact=True).fill(TITLE)
    page.get_by_label("Beskrivning", exact=True).fill(
        "Idéer som minskar fallen bland äldre patienter."
    )
    page.get_by_label("Regionens medarbetare").check()
    page.get_by_label("Organisation som driver utmaningen").select_option(label="Södersjukhuset")
    page.get_by_label("Öppnar").fill(date.today().isoformat())
    page.get_by_label("Stänger").fill((date.today() + timedelta(days=30)).isoformat())
    page.get_by_label("Ägare").fill(w.advisor.email)
    page.get_by_label("Panelmedlem 1").fill(w.manager.email)
    page.get_by_label("Panelmedlem 2").fill(w.expert.email)
    page.get_by_label("Kriterium (svenska)").fill("Nytta för patienten")
    page.get_by_label("Kriterium (engelska)").fill("Benefit to the patient")
    page.get_by_label("Vikt").fill("3")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_text("Utmaningen är sparad som utkast")).to_be_visible()
    page.get_by_role("link", name="Ändra utmaningen").click()  # a second criterion
    page.get_by_label("Kriterium (svenska)").nth(1).fill("Genomförbarhet")
    page.get_by_label("Kriterium (engelska)").nth(1).fill("Feasibility")
    page.get_by_role("button", name="Spara").click()
    page.get_by_role("button", name="Öppna för idéer").click()
    expect(page.get_by_text("Öppen för idéer").first).to_be_visible()
    challenge_url = page.url

    for key, title in IDEAS.items():
        send_idea(page, live_server, people[key], title)
    shot(page, "challenge-sent")
    assert Entry.objects.count() == 3
    assert all(e.case.state.code == "new" for e in Entry.objects.select_related("case__state"))

    as_person(page, live_server, w.advisor)
    page.goto(challenge_url)
    page.get_by_role("button", name="Stäng och låt panelen poängsätta").click()
    expect(page.get_by_text("Utvärderas").first).to_be_visible()

    score_all(page, live_server, w.manager, {"employee": (5, 4), "nurse": (3, 3), "physio": (2, 5)})
    score_all(page, live_server, w.expert, {"employee": (4, 4), "nurse": (4, 2), "physio": (2, 4)})

    # The owner sees the ranking and moves the best into the innovation process.
    as_person(page, live_server, w.advisor)
    page.goto(challenge_url)
    first_row = page.locator("#ranking-h + div tbody tr").first
    assert IDEAS["employee"] in first_row.inner_text()
    shot(page, "challenge-ranking")
    chosen = Entry.objects.get(case__title=IDEAS["employee"]).case
    page.get_by_label(f"{chosen.registry_number} {chosen.title}").check()
    page.get_by_label("Varför just dessa idéer").fill(
        "Störst nytta för patienterna, lätt att pröva."
    )
    page.get_by_role("button", name="Avgör och meddela deltagarna").click()
    expect(page.get_by_text("Utmaningen är avgjord")).to_be_visible()
    assert Case.objects.get(pk=chosen.pk).state.code == "accepted"

    # Every participant sees the outcome on the start page.
    for key, title in IDEAS.items():
        as_person(page, live_server, people[key])
        page.goto(f"{live_server.url}/")
        section = page.locator("section", has=page.get_by_role("heading", name="Utmaningar"))
        item = section.get_by_role("listitem").filter(has_text=title)
        expected = "Vald – går vidare" if key == "employee" else "Inte vald den här gången"
        assert expected in item.inner_text(), (key, item.inner_text())
        shot(page, f"challenge-start-{key}")
