"""In headless Chromium: an advisor creates an API key on her own page, copies it once, uses it
against the API, and revokes it; the documentation and open-data pages in both languages."""

import json
import urllib.error
import urllib.request

import pytest

from slussen.api.models import ApiToken
from slussen.testing.browser import login, open_menu

SHOTS = "test-artifacts"


def _get(url, key):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_advisor_creates_uses_and_revokes_a_key(live_server, live_world, page):
    w = live_world
    login(page, live_server, w.advisor)
    page.goto(f"{live_server.url}/api/tokens/")
    page.get_by_text("Du har inga API-nycklar än.").wait_for()
    page.get_by_label("Namn").fill("Enhetens tavla")
    page.get_by_label("Behörighet").select_option("read")
    page.get_by_role("button", name="Skapa nyckel").click()
    page.get_by_role("heading", name="Kopiera nyckeln nu").wait_for()
    key = page.get_by_label("API-nyckel").input_value()
    page.screenshot(path=f"{SHOTS}/api-token-created.png", full_page=True)
    assert key.startswith("slu_")

    status, data = _get(f"{live_server.url}/api/v1/cases/", key)
    assert status == 200
    assert [c["registry_number"] for c in data["results"]] == [w.case.registry_number]
    assert _get(f"{live_server.url}/api/v1/cases/{w.other_case.pk}/", key)[0] == 404

    page.get_by_role("link", name="Tillbaka till dina API-nycklar").click()
    token = ApiToken.objects.get()
    page.get_by_text(f"{token.prefix}…").wait_for()
    assert key not in page.content()
    page.screenshot(path=f"{SHOTS}/api-tokens.png", full_page=True)
    page.get_by_role("button", name="Återkalla ”Enhetens tavla”").click()
    page.get_by_text("Nyckeln ”Enhetens tavla” återkallades.").wait_for()
    assert _get(f"{live_server.url}/api/v1/cases/", key)[0] == 401


@pytest.mark.parametrize("language", ["sv", "en"])
def test_docs_and_open_data_pages(live_server, live_world, page, language):
    if language == "en":
        page.goto(f"{live_server.url}/")
        page.get_by_role("button", name="In English").click()
    page.goto(f"{live_server.url}/api/")
    heading = "Slussens API" if language == "sv" else "Slussen's API"
    page.get_by_role("heading", name=heading, level=1).wait_for()
    page.get_by_role("heading", name="GET /api/v1/cases/{id}/", exact=True).wait_for()
    page.screenshot(path=f"{SHOTS}/api-docs-{language}.png", full_page=True)
    open_menu(page, "Öppna data" if language == "sv" else "Open data")
    page.get_by_text("CC0 1.0").first.wait_for()
    page.screenshot(path=f"{SHOTS}/api-open-data-{language}.png", full_page=True)
