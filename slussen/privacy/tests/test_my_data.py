"""A person sees and downloads everything Slussen holds about them."""

import json

from django.urls import reverse

from slussen.cases import services
from slussen.core.models import AuditEvent


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
