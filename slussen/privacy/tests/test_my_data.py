"""A person sees and downloads everything Slussen holds about them."""

import json
import re

import pytest
from axes.models import AccessLog
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from slussen.accounts.roles import Role
from slussen.cases import services
from slussen.core.models import AuditEvent
from slussen.testing.world import ROLES


def test_the_json_download_holds_the_person_s_data_and_no_secrets(world, client):
    services.add_comment(world.case, world.employee, "Min kommentar.", internal=False)
    client.force_login(world.employee)
    response = client.get(reverse("privacy:my_data_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="slussen-my-data-')
    data = json.loads(response.content)
    assert data["person"]["email"] == "employee@example.org"
    (me,) = data["data"]["accounts.user"]
    assert "password" not in me and me["full_name"] == "Anna Lindqvist"
    assert [c["title"] for c in data["data"]["cases.case"]] == ["IVA-dagboken"]
    assert "Min kommentar." in [e["body"] for e in data["data"]["cases.caseevent"]]
    assert data["data"]["accounts.membership"][0]["role"] == "employee"
    assert "IVA-dagboken" not in json.dumps(data["data"].get("core.auditevent", []))


def test_a_proposal_sent_without_an_account_is_found_by_the_email(world, client):
    services.open_case(
        kind="proposal",
        title="Fler laddplatser",
        description="…",
        organisation=world.sos,
        submitter_name="Anna L",
        submitter_email="EMPLOYEE@example.org",
    )
    client.force_login(world.employee)
    page = client.get(reverse("privacy:my_data")).text
    assert "Fler laddplatser" in page and "IVA-dagboken" in page
    assert "Ladda ned allt som en fil (JSON)" in page


def test_secret_cases_in_the_export_are_audited_as_reads(world, client):
    client.force_login(world.external)  # submitted the secret Karolinska case
    client.get(reverse("privacy:my_data"))
    read = AuditEvent.objects.get(action="case.read", object_id=str(world.other_case.pk))
    assert read.actor == world.external


def test_the_policy_page_in_both_languages(client, settings):
    settings.DPO_EMAIL = "dso@region.example"
    page = client.get(reverse("privacy:policy")).text
    assert "Personuppgifter i Slussen" in page and "dso@region.example" in page
    assert "Integritetsskyddsmyndigheten" in page and "https://www.imy.se/" in page
    assert "Förbättringsförslag: avsändarens namn och e-postadress tas bort 90 dagar" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("privacy:policy")).text
    assert "Personal data in Slussen" in page and "legal basis" in page


CHROME_ON_LINUX = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


def headings(html):
    """The page's section headings and column headers, in order."""
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>|\(\d+\)", "", cell)).strip()
        for cell in re.findall(r"<(?:h2|th)\b[^>]*>(.*?)</(?:h2|th)>", html, flags=re.S)
    ]


# Words that are the same in both languages.
SAME_IN_BOTH = {"Status", "Region", "Person", "Text", "Organisation"}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_the_readable_page_is_an_account_in_words_in_the_reader_s_language(world, role):
    """Headings in words in her language, roles, states and languages by their names, a browser
    by name, no ids, hashes or JSON; the JSON export keeps the codes beside it."""
    person = world.users[role]
    services.add_comment(world.case, person, "Min kommentar.", internal=False)
    AccessLog.objects.create(
        user_agent=CHROME_ON_LINUX, ip_address="10.0.0.1", username=person.email,
        http_accept="text/html", path_info="/accounts/login/", session_hash="a" * 64,
    )  # fmt: skip
    client = Client()
    client.force_login(person)
    sv = client.get(reverse("privacy:my_data")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en = client.get(reverse("privacy:my_data")).content.decode()
    main = sv[sv.index("<main") :]
    assert "Chrome på Linux" in main and "Chrome on Linux" in en
    assert "Mozilla/5.0" not in main and "a" * 64 not in main
    assert "{&quot;" not in main and "[{" not in main and '{"' not in main
    codes = {person.memberships.get().role, "sv", "idea", "public", "opened", "comment"}
    shown = {code for code in codes if re.search(rf"<td>\s*{code}\s*</td>", main)}
    assert shown == set()
    with translation.override("sv"):
        assert str(Role(person.memberships.get().role).label) in main
    untranslated = [
        (a, b) for a, b in zip(headings(sv), headings(en), strict=True)
        if a == b and a not in SAME_IN_BOTH
    ]  # fmt: skip
    assert untranslated == []
    assert "Access logs" not in main and "IP Address" not in main
