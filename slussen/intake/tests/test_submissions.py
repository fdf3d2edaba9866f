"""The three ways in: registration, routing, receipts, tracking and abuse protection."""

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from slussen.accounts.models import Membership, Organisation, User
from slussen.cases.models import Case
from slussen.intake import services
from slussen.intake.models import Draft, DraftFile, Submission

from .conftest import PDF, link_in


def idea_post(world, **changes):
    return {
        "kind": "idea",
        "title": "Digital incheckning på akuten",
        "problem": "Patienter står i kö för att anmäla sig.",
        "for_whom": "Patienter och undersköterskor i receptionen",
        "suggestion": "En incheckningsterminal.",
        "organisation": world.sos.pk,
        "unit": "Akutmottagningen",
        "co_submitters": "",
        **changes,
    }


def test_public_proposal_is_registered_routed_and_receipted(
    world, client, mailbox, area, proposal_data
):
    response = client.post(reverse("intake:proposal"), {**proposal_data, "area": area.pk})
    submission = Submission.objects.get()
    case = submission.case
    assert response.status_code == 302
    assert case.registry_number.startswith("SLU ")
    assert case.organisation == world.sos  # the area's organisation
    assert case.submitter_email == "pia@example.net"
    assert submission.privacy_accepted is not None
    receipt = mailbox.wait_for("pia@example.net")[0]
    body = mailbox.body(receipt)
    assert case.registry_number in receipt["Subject"]
    path = link_in(body)
    assert response["Location"] == path
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert token not in (submission.token_hash, submission.token_salt)
    assert submission.token_hash == hashlib.sha256(token.encode()).hexdigest()
    page = client.get(path)
    assert page.status_code == 200 and case.title in page.text
    assert "SöS Innovation" in page.text and page["X-Robots-Tag"].startswith("noindex")
    assert client.get(path[:-5] + "xxxx/").status_code == 404


def test_proposal_without_organisation_goes_to_central_triage(world, client, proposal_data):
    client.post(reverse("intake:proposal"), {**proposal_data, "email": ""})
    assert Case.objects.get(kind="proposal").organisation == world.foi


def test_proposal_for_an_organisation_goes_to_its_innovation_unit(world, client, proposal_data):
    unit = Organisation.objects.create(
        code="sos-akut", name="Akuten", kind="unit", parent=world.sos
    )
    client.post(reverse("intake:proposal"), {**proposal_data, "organisation": world.karolinska.pk})
    assert Case.objects.get(kind="proposal").organisation == world.karolinska
    assert services.innovation_unit_for(unit) == world.sos  # a unit's nearest innovation unit


def test_bad_input_answers_400_and_keeps_what_was_typed(world, client, proposal_data):
    response = client.post(
        reverse("intake:proposal"), {**proposal_data, "privacy": "", "title": "x" * 201}
    )
    assert response.status_code == 400
    assert "Det var svårt att hitta akutmottagningen på natten." in response.text
    assert not Submission.objects.exists()


def test_honeypot_refuses_robots(world, client, proposal_data):
    response = client.post(reverse("intake:proposal"), {**proposal_data, "website": "http://x"})
    assert response.status_code == 400
    assert not Submission.objects.exists()


def test_rate_limit_per_client(world, client, settings, proposal_data):
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 2
    for n in range(2):  # two different proposals (the same one twice is one case)
        sent = {**proposal_data, "description": f"{proposal_data['description']} {n}"}
        assert client.post(reverse("intake:proposal"), sent).status_code == 302
    response = client.post(reverse("intake:proposal"), proposal_data)
    assert response.status_code == 429
    assert "Tydligare skyltar till akuten" in response.text  # kept
    assert Submission.objects.count() == 2
    other = client.post(reverse("intake:proposal"), proposal_data, REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302  # another client is not affected


def test_company_inquiry_creates_an_organisation_and_an_account(world, client, mailbox):
    response = client.post(
        reverse("intake:company"),
        {
            "kind": "testbed_request",
            "title": "Test av drönarleveranser mellan sjukhus",
            "description": "Vi vill testa leveranser av prover med drönare.",
            "company_name": "Luftbud AB",
            "org_number": "559123-4567",
            "contact_name": "Nils Berg",
            "email": "nils@luftbud.example",
            "phone": "070-123 45 67",
            "privacy": "on",
        },
    )
    assert response["Location"].startswith(reverse("intake:company_check") + "?back=")
    assert not Case.objects.filter(kind="testbed_request").exists()  # nothing until confirmed
    confirm = link_in(mailbox.body(mailbox.wait_for("nils@luftbud.example")[0]))
    response = client.post(confirm)
    assert response.status_code == 302
    case = Case.objects.get(kind="testbed_request")
    assert case.organisation == world.foi  # central coordinators forward it
    company = Organisation.objects.get(name="Luftbud AB")
    assert company.kind == "external" and company.org_number == "559123-4567"
    user = User.objects.get(email="nils@luftbud.example")
    assert user.is_external and case.submitter == user
    assert Membership.objects.filter(user=user, organisation=company, role="external").exists()

    invite = next(m for m in mailbox.wait_for(user.email, count=3) if "konto" in m["Subject"])
    path = link_in(mailbox.body(invite))
    set_password = client.get(path)
    assert set_password.status_code == 302  # Django moves the token into the session
    done = client.post(
        set_password["Location"],
        {"new_password1": "Drönare-i-luften-2026", "new_password2": "Drönare-i-luften-2026"},
    )
    assert done.status_code == 302
    login = client.post(
        reverse("accounts:login"), {"username": user.email, "password": "Drönare-i-luften-2026"}
    )
    assert login.status_code == 302
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    # A company that is logged in does not type its details again.
    form = client.get(reverse("intake:company"))
    assert "id_company_name" not in form.text


def test_employee_idea_routes_to_own_innovation_unit_with_co_submitters(world, client, mailbox):
    client.force_login(world.employee)
    response = client.post(
        reverse("intake:idea"), idea_post(world, co_submitters="manager@example.org")
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.case.organisation == world.sos
    assert submission.case.submitter == world.employee
    assert [c.user for c in submission.co_submitters.all()] == [world.manager]
    assert mailbox.wait_for("manager@example.org")  # co-submitters follow it too
    assert not Draft.objects.exists()


def test_unknown_co_submitter_is_refused_and_nothing_is_lost(world, client):
    client.force_login(world.employee)
    pdf = SimpleUploadedFile("skiss.pdf", PDF)
    response = client.post(
        reverse("intake:idea"),
        {**idea_post(world, co_submitters="nobody@example.org"), "attachments": pdf},
    )
    assert response.status_code == 400
    assert "nobody@example.org" in response.text
    assert "En incheckningsterminal." in response.text
    assert "skiss.pdf" in response.text  # the file is kept with the draft
    assert DraftFile.objects.get().filename == "skiss.pdf"
    # Sending again without choosing the file again attaches the kept file.
    client.post(reverse("intake:idea"), idea_post(world))
    case = Submission.objects.get().case
    assert case.attachments.get().filename == "skiss.pdf"
    assert not DraftFile.objects.exists()


def test_draft_is_saved_while_typing_and_restored(world, client):
    client.force_login(world.employee)
    saved = client.post(
        reverse("intake:draft"),
        {"title": "Halvskriven idé", "problem": "Något"},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200 and "Utkast sparat" in saved.text
    page = client.get(reverse("intake:idea"))
    assert 'value="Halvskriven idé"' in page.text
    assert "återställdes" in page.text
    client.post(reverse("intake:draft_discard"))
    assert 'value="Halvskriven idé"' not in client.get(reverse("intake:idea")).text


def test_a_bad_file_is_refused_with_the_text_kept(world, client):
    client.force_login(world.employee)
    exe = SimpleUploadedFile("program.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = client.post(reverse("intake:idea"), {**idea_post(world), "attachments": exe})
    assert response.status_code == 400
    assert "Digital incheckning på akuten" in response.text
    assert not Submission.objects.exists() and not DraftFile.objects.exists()


def test_submitter_replies_on_the_tracking_page(world, client, mailbox, proposal_data):
    client.post(reverse("intake:proposal"), {**proposal_data, "organisation": world.sos.pk})
    path = link_in(mailbox.body(mailbox.wait_for("pia@example.net")[0]))
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert client.post(reverse("intake:reply", args=[token]), {"body": ""}).status_code == 400
    client.post(reverse("intake:reply", args=[token]), {"body": "Skyltarna vid entré B också."})
    assert "Skyltarna vid entré B också." in client.get(path).text
    assert mailbox.wait_for("innovation.sos@example.org")  # the unit is told
    event = Case.objects.get(kind="proposal").events.get(type="comment")
    assert event.visible_to_submitter and event.data["from_submitter"]


def test_an_external_actor_is_no_co_submitter_of_an_employees_idea(world, client):
    client.force_login(world.employee)
    response = client.post(
        reverse("intake:idea"), idea_post(world, co_submitters="external@example.org")
    )
    assert response.status_code == 400
    assert "external@example.org" in response.text
    assert not Submission.objects.exists()


def test_tracking_page_names_the_handling_unit_once_when_its_name_says_the_organisation(
    world, client, proposal_data
):
    """ "Handled by" names the innovation unit and, in parentheses, the organisation it belongs
    to – unless the unit's name already says it (the central coordination's did, twice)."""
    Organisation.objects.filter(pk=world.foi.pk).update(
        innovation_unit="Avdelningen Forskning och innovation (central samordning)"
    )
    response = client.post(reverse("intake:proposal"), proposal_data, follow=True)
    assert Case.objects.get(kind="proposal").organisation == world.foi  # no unit chosen
    page = response.content.decode()
    assert "Avdelningen Forskning och innovation (central samordning)" in page
    assert page.count("Avdelningen Forskning och innovation") == 1
    submission = Submission.objects.get()
    submission.case.organisation = world.sos
    submission.case.save(update_fields=["organisation"])
    page = client.get(response.redirect_chain[-1][0]).content.decode()
    assert "SöS Innovation" in page and "(Södersjukhuset)" in page
