"""What issue 23 must show: a secret case's text never appears on the needs board, the showcase
or the open data, whoever reads them; and a patient's name never appears to colleagues,
wherever they meet the patient's shared proposal."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from slussen.accounts.models import Membership, User
from slussen.intake import services as intake_services
from slussen.needs import services
from slussen.needs.workflows import ensure_defined
from slussen.process import services as process_services
from slussen.process.models import Adoption, Showcase
from slussen.process.templates_data import ensure_seeded

PATIENT, PATIENT_MAIL = "Birgitta Patientsson", "birgitta@example.org"


@pytest.fixture(autouse=True)
def defined(db):
    ensure_defined()
    ensure_seeded()


def secret_everywhere(world):
    """Karolinska's secret case with a need published for everyone and a showcase written,
    both in the advisor's own words, and in use at Karolinska."""
    case = world.other_case
    manager = User.objects.create(email="chef.ks@example.org", full_name="Chef KS")
    Membership.objects.create(user=manager, organisation=world.karolinska, role="manager")
    need = services.create_need(
        case, world.advisor_other, title="Larm som inte väcker grannen", problem="Larm stör.",
        who="Hemtjänst.", requirements="Tyst larm.", deadline=date.today() + timedelta(30),
        audience="public",
    )  # fmt: skip
    services.ask_approval(need, world.advisor_other)
    services.approve(need, manager)
    ic = process_services.start(
        case, world.advisor_other, innovation_type="service", novelty="sweden",
        degree="incremental", directions=["test_environments"], perspectives=["quality"],
    )  # fmt: skip
    Adoption.objects.create(innovation=ic, unit=world.karolinska, adopted_on=date(2026, 3, 1))
    Showcase.objects.create(innovation=ic, problem_sv="Larm stör.", solution_sv="Tyst larm.")
    return need, ic


def test_needs_board_secret_case_text_never_on_the_board_the_showcase_or_the_open_data(
    world, client
):
    need, ic = secret_everywhere(world)
    case = world.other_case
    secret = [case.title, case.description, case.registry_number, "Cuviva föreslår"]
    lists = [
        reverse("needs:board"),
        reverse("needs:detail", args=[need.pk]),
        reverse("process:showcase"),
        reverse("process:showcase_json"),
        reverse("process:showcase_csv"),
        reverse("api:register"),
    ]
    # Everyone but those who may read the case itself (its handlers, the coordinators).
    readers = [None, world.external, world.employee, world.advisor, world.manager]
    for who in readers:
        client.logout()
        if who is not None:
            client.force_login(who)
        for url in lists:
            response = client.get(url)
            assert response.status_code == 200, (who, url)
            text = response.content.decode()
            # The public register lists a secret case's number by law, never its words.
            words_here = secret[:2] if url == reverse("api:register") else secret
            for words in words_here:
                assert words not in text, (who, url, words)
        assert "Larm som inte väcker grannen" in client.get(reverse("needs:board")).text
        detail = reverse("process:showcase_detail", args=[ic.pk])
        assert client.get(detail).status_code == 404, who


def test_needs_board_a_patients_name_never_reaches_colleagues(world, client):
    data = {"title": "Tydligare skyltar till akuten", "description": "Skyltarna är otydliga.",
            "name": PATIENT, "email": PATIENT_MAIL, "submitter_role": "patient",
            "shared": True}  # fmt: skip
    case = intake_services.submit_proposal(data, language="sv", client="t")[0].case
    colleague = world.advisor_other  # at another hospital
    client.force_login(colleague)
    join = reverse("intake:join", args=[case.pk]) + "?via=case"
    seen = [client.get(reverse("intake:colleagues")).text, client.get(join).text]
    # She supports it, comments on it and follows it: still no name, on none of her pages.
    client.post(join, {"unit": "Avd 12", "note": "Samma hos oss."})
    supporter = intake_services.Supporter.objects.get(case=case, user=colleague)
    client.post(
        reverse("intake:colleague_comment", args=[case.pk]), {"body": "Vi har samma problem."}
    )
    seen += [
        client.get(intake_services.supporter_path(supporter)).text,
        client.get(join).text,
        client.get("/").text,
        client.get(reverse("core:notifications")).text,
    ]
    assert "Tydligare skyltar till akuten" in seen[0] and "Vi har samma problem." in seen[3]
    for text in seen:
        assert PATIENT not in text and PATIENT_MAIL not in text and "Birgitta" not in text
