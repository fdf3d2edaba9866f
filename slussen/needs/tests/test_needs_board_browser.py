"""The needs board in headless Chromium, in Swedish: an advisor publishes a need for companies,
the manager approves it, two companies answer (one logged in, one without an account through the
company way in, confirming by e-mail), one is shortlisted and the case records the early
dialogue; the other company is told the outcome by mail."""

import os
from datetime import date, timedelta

from playwright.sync_api import expect

from slussen.core.models import Notification
from slussen.intake.tests.conftest import link_in
from slussen.needs.models import Answer
from slussen.needs.workflows import ensure_defined
from slussen.testing.browser import login, open_menu

SHOTS = os.environ.get("NEEDS_SHOTS")  # a directory: keep screenshots to look at


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def as_person(page, live_server, user):
    page.context.clear_cookies()
    login(page, live_server, user)


def answer(page, live_server, user, proposal):
    as_person(page, live_server, user)
    open_menu(page, "Behovstavlan")
    page.get_by_role("link", name="Färre fall på natten").click()
    page.get_by_label("Er lösning").fill(proposal)
    page.get_by_label("Hur den uppfyller kraven").fill("Utan kamera, larmar personalen.")
    page.get_by_role("button", name="Skicka svaret").click()
    expect(page.get_by_text("Ert svar är skickat")).to_be_visible()


def answer_without_account(page, live_server, mailbox, proposal):
    """A company with no account finds the need on the board, answers, confirms by mail."""
    page.context.clear_cookies()
    page.goto(live_server.url + "/")
    open_menu(page, "Behovstavlan")
    page.get_by_role("link", name="Färre fall på natten").click()
    page.get_by_label("Er lösning").fill(proposal)
    page.get_by_label("Hur den uppfyller kraven").fill("Delvis: kameran kan stängas av.")
    page.get_by_label("Företag eller organisation").fill("Fallskydd AB")
    page.get_by_label("Kontaktperson").fill("Omar Fall")
    page.get_by_label("E-postadress").fill(OTHER)
    page.get_by_label("Jag har läst hur personuppgifter behandlas (ovan).").check()
    page.get_by_role("button", name="Skicka svaret").click()
    expect(page.get_by_text("Kolla din e-post").first).to_be_visible()
    assert not Answer.objects.filter(company__name="Fallskydd AB").exists()
    page.goto(live_server.url + link_in(mailbox.body(mailbox.wait_for(OTHER)[0])))
    page.get_by_role("button", name="Bekräfta och skicka svaret").click()
    expect(page.get_by_text("Ert svar är skickat")).to_be_visible()


OTHER = "kontakt@fallskydd.example.org"


def test_needs_board_two_companies_answer_one_goes_to_early_dialogue(
    live_world, live_server, page, mailbox
):
    w = live_world
    ensure_defined()

    as_person(page, live_server, w.advisor)
    open_menu(page, "Behovstavlan")
    page.get_by_role("link", name="Publicera ett behov från ett ärende").click()
    page.get_by_label("Från ärendet").select_option(label=f"{w.case.registry_number} IVA-dagboken")
    page.get_by_label("Rubrik", exact=True).fill("Färre fall på natten")
    page.get_by_label("Problemet", exact=True).fill(
        "Äldre patienter faller när de går upp på natten."
    )
    page.get_by_label("Vem som har behovet", exact=True).fill(
        "Vårdavdelningar med äldre patienter."
    )
    page.get_by_label("Vad en lösning måste uppfylla", exact=True).fill("Fungerar utan kamera.")
    page.get_by_label("Vad verksamheten erbjuder").first.fill("Testmiljö på avdelning 54.")
    page.get_by_label("Svar senast").fill((date.today() + timedelta(days=30)).isoformat())
    page.get_by_label("Företag").check()
    page.get_by_role("button", name="Spara som utkast").click()
    page.get_by_role("button", name="Be chefen godkänna").click()
    expect(page.get_by_text("Väntar på chefens godkännande").first).to_be_visible()
    need_url = page.url

    as_person(page, live_server, w.manager)
    page.goto(need_url)
    page.get_by_role("button", name="Godkänn och publicera").click()
    expect(page.get_by_text("Publicerat").first).to_be_visible()

    if SHOTS:  # the board as a company reads it, in Swedish and in English
        as_person(page, live_server, w.external)
        open_menu(page, "Behovstavlan")
        shot(page, "needs-board-sv")
        page.get_by_role("link", name="Färre fall på natten").click()
        shot(page, "needs-detail-sv")
        cookie = {"name": "django_language", "value": "en", "url": live_server.url}
        page.context.add_cookies([cookie])
        page.reload()
        shot(page, "needs-detail-en")
        page.get_by_role("link", name="Needs board").first.click()
        shot(page, "needs-board-en")
        page.context.clear_cookies()
    answer(page, live_server, w.external, "Sensormatta vid sängen.")
    answer_without_account(page, live_server, mailbox, "Kamera i taket.")

    as_person(page, live_server, w.advisor)
    page.goto(need_url)
    table = page.get_by_role("table")
    expect(table.get_by_text("Sensormatta vid sängen.")).to_be_visible()
    expect(table.get_by_text("Kamera i taket.")).to_be_visible()
    shot(page, "needs-answers-sv")
    page.get_by_label("Cuviva AB").check()
    page.get_by_label("Den tidiga dialogen").fill("Möte den 12 maj på avdelning 54.")
    page.get_by_role("button", name="Välj ut och meddela företagen").click()
    expect(page.get_by_text("Utvalt; den tidiga dialogen är antecknad i ärendet.")).to_be_visible()
    page.get_by_role("link", name=f"Ärendet {w.case.registry_number}").click()
    recorded = "Tidig dialog om behovet ”Färre fall på natten” med Cuviva AB."
    expect(page.get_by_text(recorded)).to_be_visible()

    statuses = dict(Answer.objects.values_list("company__name", "status"))
    assert statuses == {"Cuviva AB": "shortlisted", "Fallskydd AB": "declined"}
    subjects = [m["Subject"] for m in mailbox.wait_for(OTHER, count=3)]
    assert any("går inte vidare den här gången" in s for s in subjects), subjects
    assert Notification.objects.filter(recipient=w.external, kind="needs.outcome").exists()


def test_needs_board_the_answer_form_without_account_passes_axe(browser, live_server, live_world):
    """The form a company without an account answers in (with its privacy notice and the
    field people never see) passes axe-core, in Swedish and in English at 320 px."""
    from datetime import date, timedelta

    from slussen.needs import services
    from slussen.testing.access import OK, Expect
    from slussen.testing.axe import Scan

    def published_need(w):
        ensure_defined()
        need = services.create_need(
            w.case, w.advisor, title="Färre fall på natten", problem="Patienter faller.",
            who="Äldre patienter.", requirements="Utan kamera.", audience="companies",
            deadline=date.today() + timedelta(days=30),
        )  # fmt: skip
        services.ask_approval(need, w.advisor)
        services.approve(need, w.manager)
        return {"pk": need.pk}

    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    try:
        expect = Expect(kwargs=published_need, default=404, anonymous=OK)
        problems = Scan(context, live_server, live_world).check("needs:detail", expect)
    finally:
        context.close()
    assert not problems, "\n".join(problems)
