"""A patient who said "this is my need too" follows the case through a merge and its end, in
headless Chromium: what she reads on her page (the one her first mail led to) and in her mail at
each step, in Swedish and in English."""

import pytest

from slussen.intake import services

from .conftest import link_in
from .test_browser_flows import PATIENCE, decide, shot, staff


@pytest.mark.parametrize("language", ["sv", "en"])
def test_patient_follows_a_supported_case_through_its_merge_and_its_end(
    live_server, live_world, page, browser, mailbox, language
):
    def propose(title, description, email):
        data = {"title": title, "description": description, "organisation": live_world.sos,
                "email": email}  # fmt: skip
        return services.submit_proposal(data, language="sv", client="test")[0].case

    joined = propose("Laddplatser för elrullstolar i väntrummet",
                     "Elrullstolar behöver kunna laddas medan man väntar på akuten.",
                     "first@example.net")  # fmt: skip
    survivor = propose("Laddning av elrullstolar på akutmottagningen",
                       "Det behövs eluttag för elrullstolar på akuten.",
                       "second@example.net")  # fmt: skip
    words = WORDS[language]
    token = services.request_public_join(joined, {"email": "pia@example.net"}, language=language)
    page.set_default_timeout(PATIENCE)
    page.goto(f"{live_server.url}/join/confirm/{token}/")
    if language == "en":
        page.get_by_role("button", name="In English").click()
        page.get_by_role("button", name="På svenska").wait_for()
    page.locator("main form button[type=submit]").click()
    page.locator("h1", has_text=joined.registry_number).wait_for()
    own_page = page.url  # the page her first mail led to
    mailbox.wait_for("pia@example.net", count=2)
    mailbox.clear()

    # The advisor merges the case she supports into another.
    services.merge(joined, survivor, live_world.advisor, message="Samma behov: laddplatser.")
    merged_mail = mailbox.wait_for("pia@example.net")[0]
    assert survivor.registry_number in merged_mail["Subject"]
    new_page = live_server.url + link_in(mailbox.body(merged_mail))
    assert "Samma behov: laddplatser." in mailbox.body(merged_mail)
    page.goto(own_page)
    note = page.get_by_role("note")
    note.get_by_text(words["handled as part of"] % survivor.registry_number).wait_for()
    shot(page, f"merged-support-old-page-{language}")
    note.get_by_role("link", name=words["follow"] % survivor.registry_number).click()
    page.locator("h1", has_text=survivor.registry_number).wait_for()
    assert page.url == new_page
    page.get_by_text(words["since"] % joined.registry_number).wait_for()
    mailbox.clear()

    # Later the advisor ends the surviving case.
    with staff(browser, live_server, live_world.advisor) as advisor:
        decide(advisor, live_server, survivor.registry_number, "Avsluta", "Finns redan i regionen.")
    ended_mail = mailbox.wait_for("pia@example.net")[0]
    assert words["closed"] in ended_mail["Subject"]
    assert "Finns redan i regionen." not in mailbox.body(ended_mail)  # the submitter's reason
    assert live_server.url + link_in(mailbox.body(ended_mail)) == new_page
    page.goto(new_page)
    page.locator(".timeline").get_by_text(words["closed"], exact=True).wait_for()
    shot(page, f"merged-support-ended-{language}")
    page.goto(own_page)  # her old page still leads her there
    page.get_by_role("link", name=words["follow"] % survivor.registry_number).wait_for()


WORDS = {
    "sv": {
        "handled as part of": "Ärendet handläggs nu som en del av %s",
        "follow": "Följ %s",
        "since": "då %s slogs ihop med det",
        "closed": "Avslutad",
    },
    "en": {
        "handled as part of": "This case is now handled as part of %s",
        "follow": "Follow %s",
        "since": "when %s was merged into it",
        "closed": "Closed",
    },
}
