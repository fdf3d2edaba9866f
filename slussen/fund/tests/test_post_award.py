"""After the grant: the project accepts the grant and its conditions, the coordinator plans and
pays the instalments, the project reports (drafts, attachments, money used per budget line),
the advisor and the coordinators hear of it, the coordinator approves or asks for changes and
closes the project with a final assessment."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from slussen.cases import services as case_services
from slussen.core.models import AuditEvent, Notification
from slussen.fund import services
from slussen.fund.models import FinalAssessment, GrantAcceptance, Instalment, ReportFile

from .factories import make_application

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def project(world, call):
    """Karolinska's testbed owner's granted project (SEK 200 000; the head of the innovation
    unit signed it off)."""
    return make_application(world, call, state="granted").project


def _report_data(project, action="save", **changes):
    data = {
        "progress": "Piloten på två avdelningar är igång.",
        "results": "Färre fall under våren.",
        "next_steps": "Verksamheten tar över i höst.",
        "action": action,
    }
    for i, line in enumerate(project.application.budget_lines.all()):
        data[f"line_{line.pk}"] = 40_000 + i * 10_000
    data.update(changes)
    return data


def _audits(action):
    return AuditEvent.objects.filter(action=action).count()


# --- Acceptance --------------------------------------------------------------------------------


def test_post_award_the_applicant_accepts_the_grant_once_recorded_and_audited(
    world, project, client
):
    acceptance = GrantAcceptance.objects.get(project=project)
    assert acceptance.accepted_at is None and "Medlen används" in acceptance.conditions
    url = reverse("fund:accept", args=[project.pk])

    # The coordinator sees who has not accepted.
    client.force_login(world.coordinator)
    listing = client.get(reverse("fund:projects")).text
    assert project.application.title in listing and "Inte accepterat" in listing
    assert client.post(url).status_code == 403  # the coordinator does not accept for them

    # Someone else: another organisation's people do not even learn the project exists.
    for key in ("employee", "advisor", "external", "advisor_other"):
        client.force_login(world.users[key])
        assert client.post(url).status_code == 404, key
        with pytest.raises(PermissionDenied):
            services.accept_grant(project, world.users[key])
    acceptance.refresh_from_db()
    assert acceptance.accepted_at is None

    client.force_login(world.testbed_owner)
    page = client.get(reverse("fund:project", args=[project.pk])).text
    assert "Acceptera bidraget och villkoren" in page and "Medlen används" in page
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # a double click
    acceptance.refresh_from_db()
    assert acceptance.accepted_by == world.testbed_owner and acceptance.accepted_at
    assert _audits("fund.project.accept") == 1
    assert Notification.objects.filter(
        recipient=world.coordinator, kind="fund.grant_accepted"
    ).exists()

    client.force_login(world.coordinator)
    listing = client.get(reverse("fund:projects")).text
    assert "Inte accepterat" not in listing and world.testbed_owner.full_name in listing


def test_post_award_the_manager_may_accept_and_conditions_come_from_the_call(world, call, client):
    services.set_call_conditions(call, world.coordinator, "Redovisa varje kvartal.")
    project = make_application(world, call, state="granted").project
    acceptance = GrantAcceptance.objects.get(project=project)
    assert acceptance.conditions == "Redovisa varje kvartal."

    # The coordinator words this decision's own conditions, until they are accepted.
    client.force_login(world.coordinator)
    response = client.post(
        reverse("fund:conditions", args=[project.pk]),
        {"conditions": "Redovisa varje kvartal. Mät fallen."},
    )
    assert response.status_code == 302
    client.force_login(world.innovation_head)  # the manager who signed off
    assert client.post(reverse("fund:accept", args=[project.pk])).status_code == 302
    acceptance.refresh_from_db()
    assert acceptance.accepted_by == world.innovation_head
    assert acceptance.conditions == "Redovisa varje kvartal. Mät fallen."
    with pytest.raises(ValidationError):
        services.set_conditions(project, world.coordinator, "Något annat.")
    acceptance.refresh_from_db()
    assert acceptance.conditions == "Redovisa varje kvartal. Mät fallen."


# --- Payment plan ------------------------------------------------------------------------------


def _plan_data(rows):
    data = {"instalments-TOTAL_FORMS": len(rows), "instalments-INITIAL_FORMS": 0}
    for i, (planned, amount, report) in enumerate(rows):
        data[f"instalments-{i}-planned"] = planned
        data[f"instalments-{i}-amount"] = amount
        data[f"instalments-{i}-released_by"] = report.pk if report else ""
    return data


def test_payment_plan_never_above_the_granted_amount(world, project, client):
    url = reverse("fund:payments", args=[project.pk])
    midterm = project.reports.get(kind="midterm")
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 200

    too_much = _plan_data([("2027-02-01", 150_000, None), ("2027-09-01", 50_001, midterm)])
    response = client.post(url, too_much)
    assert response.status_code == 400
    assert "mer än de 200\xa0000 kr som beviljats" in response.text
    assert 'value="50001"' in response.text  # what was typed stays
    huge = _plan_data([("2027-02-01", 10**15, None)])
    assert client.post(url, huge).status_code == 400
    assert not Instalment.objects.filter(project=project).exists()

    plan = _plan_data([("2027-02-01", 150_000, None), ("2027-09-01", 50_000, midterm)])
    assert client.post(url, plan).status_code == 302
    first, second = Instalment.objects.filter(project=project)
    assert (first.amount, second.amount, second.released_by) == (150_000, 50_000, midterm)

    # Someone else's project: the applicant and other people cannot plan or pay.
    for key in ("testbed_owner", "advisor_other", "external"):
        client.force_login(world.users[key])
        assert client.post(url, plan).status_code in (403, 404), key
        paid = reverse("fund:paid", args=[project.pk, first.pk])
        assert client.post(paid).status_code in (403, 404), key
    with pytest.raises(PermissionDenied):
        services.set_payment_plan(project, world.testbed_owner, [])


def test_payment_plan_says_how_to_get_more_rows_without_speaking_of_a_draft(world, project, client):
    """The payment plan has no draft: its help names the button the coordinator has."""
    client.force_login(world.coordinator)
    text = client.get(reverse("fund:payments", args=[project.pk])).text
    assert "Spara utkastet" not in text
    assert "Tomma rader ignoreras. Spara utbetalningsplanen för att få fler rader." in text
    assert "Spara utbetalningsplanen</button>" in text


def test_payment_plan_pays_nothing_before_acceptance_and_waits_for_the_report(
    world, project, client
):
    midterm = project.reports.get(kind="midterm")
    first, second = services.set_payment_plan(
        project,
        world.coordinator,
        [
            {"planned": date(2027, 2, 1), "amount": 100_000},
            {"planned": date(2027, 9, 1), "amount": 100_000, "released_by": midterm},
        ],
    )
    client.force_login(world.coordinator)
    paid = reverse("fund:paid", args=[project.pk, first.pk])
    page = client.post(paid, follow=True).text
    assert "inget betalas ut innan" in page
    first.refresh_from_db()
    assert first.paid_at is None

    services.accept_grant(project, world.testbed_owner)
    assert client.post(paid).status_code == 302
    assert client.post(paid).status_code == 302  # a double click pays once
    first.refresh_from_db()
    assert first.paid_at and first.paid_by == world.coordinator
    assert _audits("fund.payment.paid") == 1

    # Released by the mid-term report: not before the coordinator approves it.
    with pytest.raises(ValidationError, match="godkänts"):
        services.mark_paid(second, world.coordinator)
    services.save_report(
        midterm,
        world.testbed_owner,
        fields=_texts(),
        spending=_spending(project),
        submit=True,
    )
    services.decide_report(midterm, world.coordinator, approve=True)
    services.mark_paid(second, world.coordinator)

    # Paid instalments stay and count: a new plan cannot bring the total above the grant.
    with pytest.raises(ValidationError):
        services.set_payment_plan(
            project, world.coordinator, [{"planned": date(2027, 12, 1), "amount": 1}]
        )
    assert Instalment.objects.filter(project=project, paid_at__isnull=False).count() == 2


def _texts():
    return {"progress": "Enligt plan.", "results": "Färre fall.", "next_steps": "Överlämning."}


def _spending(project, amount=30_000):
    return {line.pk: amount for line in project.application.budget_lines.all()}


# --- Follow-up reports ---------------------------------------------------------------------------


def test_post_award_report_speaks_of_a_form_only_to_the_one_who_has_it(world, project, client):
    """The applicant writes the report under a lead that points below the form; the coordinator
    reading a draft has no form, and is not told of one."""
    report = project.reports.get(kind="midterm")
    url = reverse("fund:report", args=[project.pk, report.pk])
    client.force_login(world.testbed_owner)
    assert "Under formuläret står vad ansökan utlovade" in client.get(url).text
    client.force_login(world.coordinator)
    text = client.get(url).text
    assert "Ska lämnas senast" in text and "Inte inskickad ännu." in text
    assert "formuläret" not in text


def test_post_award_report_drafts_keep_what_was_typed_and_refuse_a_wrong_file(
    world, project, client
):
    services.accept_grant(project, world.testbed_owner)
    report = project.reports.get(kind="midterm")
    url = reverse("fund:report", args=[project.pk, report.pk])
    client.force_login(world.testbed_owner)

    program = SimpleUploadedFile("matning.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = client.post(url, {**_report_data(project), "attachment": program})
    assert response.status_code == 400
    assert "Piloten på två avdelningar är igång." in response.text  # typed text kept
    assert "kan inte bifogas" in response.text
    assert not ReportFile.objects.exists()

    # A draft is saved half-written, without anything required.
    response = client.post(url, {"progress": "Halvvägs", "action": "save"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.progress == "Halvvägs" and report.submitted_at is None

    # Submitting what is missing names it and keeps the text.
    response = client.post(url, {"progress": "Halvvägs, snart klart", "action": "submit"})
    assert response.status_code == 400
    assert "Halvvägs, snart klart" in response.text and "error-summary" in response.text
    report.refresh_from_db()
    assert report.submitted_at is None

    measurement = SimpleUploadedFile("matning.pdf", PDF)
    response = client.post(url, {**_report_data(project), "attachment": measurement})
    assert response.status_code == 302
    stored = ReportFile.objects.get(report=report)
    assert stored.content_type == "application/pdf" and report.spending.count() == 2
    download = reverse("fund:report_file", args=[project.pk, report.pk, stored.pk])
    assert b"".join(client.get(download).streaming_content) == PDF
    client.force_login(world.advisor)  # another hospital's advisor
    assert client.get(download).status_code == 404


def test_post_award_a_report_of_a_project_not_accepted_cannot_be_submitted(world, project, client):
    report = project.reports.get(kind="midterm")
    url = reverse("fund:report", args=[project.pk, report.pk])
    client.force_login(world.testbed_owner)
    assert "måste accepteras" in client.get(url).text
    response = client.post(url, _report_data(project, action="submit"))
    assert response.status_code == 400
    assert "Acceptera bidraget och dess villkor" in response.text
    assert "Piloten på två avdelningar är igång." in response.text
    report.refresh_from_db()
    assert report.submitted_at is None
    with pytest.raises(ValidationError):
        services.submit_report(report, world.testbed_owner, **_texts(), spent=1)
    assert not Notification.objects.filter(kind="fund.report_submitted").exists()


def test_post_award_someone_elses_project_reports_nothing(world, project, client):
    services.accept_grant(project, world.testbed_owner)
    report = project.reports.get(kind="midterm")
    url = reverse("fund:report", args=[project.pk, report.pk])
    for key in ("employee", "advisor", "advisor_other", "external"):
        client.force_login(world.users[key])
        assert client.get(url).status_code == 404, key
        assert client.post(url, _report_data(project, action="submit")).status_code == 404
    for key in ("innovation_head", "coordinator", "expert"):  # may read, not write
        client.force_login(world.users[key])
        assert client.post(url, _report_data(project, action="submit")).status_code == 403
        with pytest.raises(PermissionDenied):
            services.save_report(report, world.users[key], fields=_texts(), submit=True)
    report.refresh_from_db()
    assert report.submitted_at is None and report.progress == ""


def test_post_award_a_submitted_report_tells_the_advisor_and_the_coordinator_once(
    world, project, client, mailbox, django_capture_on_commit_callbacks
):
    application = project.application
    case_services.reassign(
        application.case,
        world.coordinator,
        organisation=world.karolinska,
        handler=world.advisor_other,
        reason="Karolinskas rådgivare följer projektet.",
    )
    services.accept_grant(project, world.testbed_owner)
    report = project.reports.get(kind="midterm")
    url = reverse("fund:report", args=[project.pk, report.pk])
    client.force_login(world.testbed_owner)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, _report_data(project, action="submit")).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, _report_data(project, action="submit")).status_code == 302
    report.refresh_from_db()
    assert report.submitted_at and report.spent == 40_000 + 50_000
    arrived = Notification.objects.filter(kind="fund.report_submitted")
    assert sorted(n.recipient.email for n in arrived) == sorted(
        [world.advisor_other.email, world.coordinator.email]
    )
    assert _audits("fund.report.submit") == 1
    for person in (world.advisor_other, world.coordinator):
        message = mailbox.wait_for(person.email)[-1]
        assert application.title in message["Subject"] + mailbox.body(message)
    assert not Notification.objects.filter(recipient=world.advisor, kind="fund.report_submitted")


def test_post_award_the_coordinator_asks_for_changes_then_approves(world, project, client):
    services.accept_grant(project, world.testbed_owner)
    report = project.reports.get(kind="midterm")
    services.save_report(
        report, world.testbed_owner, fields=_texts(), spending=_spending(project), submit=True
    )
    decide = reverse("fund:report_decide", args=[project.pk, report.pk])
    client.force_login(world.testbed_owner)
    assert client.post(decide, {"decision": "approve"}).status_code == 403
    client.force_login(world.coordinator)
    page = client.get(reverse("fund:report", args=[project.pk, report.pk])).text
    assert "Bedöm rapporten" in page
    response = client.post(decide, {"decision": "changes", "comment": ""})
    assert response.status_code == 400  # say what to change
    response = client.post(decide, {"decision": "changes", "comment": "Lägg till mätningen."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.submitted_at is None and report.review.status == "changes"
    told = Notification.objects.get(recipient=world.testbed_owner, kind="fund.report_decided")
    assert "Lägg till mätningen." in told.body

    # Back with the project: editable again, then resubmitted and approved.
    client.force_login(world.testbed_owner)
    url = reverse("fund:report", args=[project.pk, report.pk])
    assert "Lägg till mätningen." in client.get(url).text
    assert client.post(url, _report_data(project, action="submit")).status_code == 302
    client.force_login(world.coordinator)
    assert client.post(decide, {"decision": "approve"}).status_code == 302
    assert client.post(decide, {"decision": "approve"}).status_code == 400  # once
    report.refresh_from_db()
    assert report.review.status == "approved"

    # Budget against actual, per budget line of the application.
    page = client.get(reverse("fund:project", args=[project.pk])).text
    assert "Budget mot utfall" in page
    assert "40\xa0000 kr" in page and "110\xa0000 kr" in page  # 150 000 planned, 40 000 used
    assert "Godkänd" in page


def test_post_award_close_out_with_the_final_assessment(world, project, client):
    services.accept_grant(project, world.testbed_owner)
    final = project.reports.get(kind="final")
    close = reverse("fund:close_out", args=[project.pk])
    data = {"goal": "partly", "text": "Fallen minskade på en av två avdelningar."}
    client.force_login(world.coordinator)

    # Not before the final report is in and approved.
    assert client.post(close, data).status_code == 400
    services.save_report(
        final, world.testbed_owner, fields=_texts(), spending=_spending(project), submit=True
    )
    assert client.post(close, data).status_code == 400
    # Nor completed by the bare step, without an assessment.
    services.decide_report(final, world.coordinator, approve=True)
    with pytest.raises(ValidationError):
        services.project_step(project, world.coordinator, "complete", reason="Klart.")
    client.force_login(world.testbed_owner)
    assert client.post(close, data).status_code == 403

    client.force_login(world.coordinator)
    assert client.post(close, {"goal": "partly", "text": ""}).status_code == 400
    assert client.post(close, data).status_code == 302
    project.refresh_from_db()
    assert project.status == "completed"
    assert project.application.state.code == "closed"
    assessment = FinalAssessment.objects.get(project=project)
    assert assessment.goal == "partly" and assessment.assessed_by == world.coordinator
    assert "Fallen minskade" in client.get(reverse("fund:project", args=[project.pk])).text
    assert client.post(close, data).status_code in (302, 400)
    assert FinalAssessment.objects.filter(project=project).count() == 1


# --- In the browser ------------------------------------------------------------------------------


def test_post_award_accept_and_midterm_report_with_attachment_browser(
    live_server, live_world, page, tmp_path
):
    """The applicant of a granted application accepts the grant, submits the mid-term report
    with an attachment (a wrong file first: what was typed stays), and the coordinator sees
    it and approves it."""
    from slussen.testing.browser import login

    w = live_world
    project = make_application(w, state="granted").project
    title = project.application.title
    program = tmp_path / "matning.pdf"
    program.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)
    pdf = tmp_path / "matning-vt.pdf"
    pdf.write_bytes(PDF)

    login(page, live_server, w.testbed_owner)
    page.goto(f"{live_server.url}/fund/")
    page.get_by_role("region", name="Dina beviljade projekt").get_by_role(
        "link", name=title
    ).click()
    page.get_by_text("Medlen används för projektet").wait_for()
    page.get_by_role("button", name="Acceptera bidraget och villkoren").click()
    page.get_by_text("Tack, bidraget och dess villkor är accepterade.").wait_for()
    page.get_by_text(f"Accepterat av {w.testbed_owner.full_name}").wait_for()

    page.get_by_role("link", name="Halvtidsrapport").click()
    page.get_by_label("Vad som har gjorts").fill("Piloten på två avdelningar är igång.")
    page.get_by_label("Resultat och uppmätt nytta").fill("Färre fall under våren.")
    page.get_by_label("Nästa steg").fill("Verksamheten tar över i höst.")
    page.get_by_label("Använt hittills på ”Projektledning 20 %”").fill("60000")
    page.get_by_label("Använt hittills på ”VR-utrustning”").fill("90000")
    page.get_by_label("Bifoga en fil").set_input_files(str(program))
    page.get_by_role("button", name="Skicka in rapporten").click()
    page.locator("#error-summary").get_by_text("kan inte bifogas").wait_for()
    assert page.get_by_label("Vad som har gjorts").input_value() == (
        "Piloten på två avdelningar är igång."
    )
    assert page.get_by_label("Använt hittills på ”VR-utrustning”").input_value() == "90000"
    page.get_by_label("Bifoga en fil").set_input_files(str(pdf))
    page.get_by_role("button", name="Skicka in rapporten").click()
    page.get_by_text("Tack, rapporten är inskickad.").wait_for()

    # The coordinator sees who has accepted and the report waiting, with its attachment.
    page.context.clear_cookies()
    login(page, live_server, w.coordinator)
    page.goto(f"{live_server.url}/fund/")
    page.get_by_role("link", name="Beviljade projekt").click()
    row = page.get_by_role("row").filter(has_text=title)
    assert w.testbed_owner.full_name in row.inner_text() and "Inte accepterat" not in (
        row.inner_text()
    )
    row.get_by_role("link", name=title).click()
    page.get_by_role("link", name="Halvtidsrapport").click()
    page.get_by_role("link", name="matning-vt.pdf").wait_for()
    page.get_by_text("Piloten på två avdelningar är igång.").wait_for()
    page.get_by_label("Godkänn rapporten").check()
    page.get_by_role("button", name="Spara beslutet").click()
    page.get_by_text("Rapporten är godkänd.").wait_for()
    page.get_by_role("link", name=title).first.click()
    page.get_by_role("region", name="Budget mot utfall").get_by_text("60\xa0000 kr").wait_for()


def test_payment_plan_a_cancelled_project_is_neither_planned_nor_paid(world, project):
    services.accept_grant(project, world.testbed_owner)
    [instalment] = services.set_payment_plan(
        project, world.coordinator, [{"planned": date(2027, 2, 1), "amount": 100_000}]
    )
    services.project_step(project, world.coordinator, "cancel", reason="Projektet avbryts.")
    with pytest.raises(ValidationError):
        services.mark_paid(instalment, world.coordinator)
    with pytest.raises(ValidationError):
        services.set_payment_plan(
            project, world.coordinator, [{"planned": date(2027, 3, 1), "amount": 1}]
        )
    instalment.refresh_from_db()
    assert instalment.paid_at is None


def test_post_award_a_report_names_every_budget_line(world, project):
    services.accept_grant(project, world.testbed_owner)
    report = project.reports.get(kind="midterm")
    first = project.application.budget_lines.first()
    with pytest.raises(ValidationError, match="budgetpost"):
        services.save_report(
            report, world.testbed_owner, fields=_texts(), spending={first.pk: 5}, submit=True
        )
    other = make_application(world, state="review")  # another application's line
    foreign = other.budget_lines.first()
    with pytest.raises(ValidationError):
        services.save_report(report, world.testbed_owner, fields=_texts(), spending={foreign.pk: 5})
    report.refresh_from_db()
    assert report.submitted_at is None and not report.spending.exists()


def test_post_award_a_refused_submit_still_saves_the_draft(world, project, client):
    """A submit refused (a missing answer, a wrong file, a grant not yet accepted) keeps what
    was typed on the page and in the draft, so nothing is lost by leaving the page."""
    report = project.reports.get(kind="midterm")
    url = reverse("fund:report", args=[project.pk, report.pk])
    client.force_login(world.testbed_owner)
    response = client.post(url, _report_data(project, action="submit"))  # not accepted yet
    assert response.status_code == 400 and "Ditt utkast är sparat" in response.text
    report.refresh_from_db()
    assert report.progress == "Piloten på två avdelningar är igång." and not report.submitted_at

    services.accept_grant(project, world.testbed_owner)
    program = SimpleUploadedFile("matning.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    data = _report_data(project, action="submit", results="", progress="Ny text")
    response = client.post(url, {**data, "attachment": program})
    assert response.status_code == 400 and "kan inte bifogas" in response.text
    report.refresh_from_db()
    assert report.progress == "Ny text" and report.results == "" and not report.submitted_at
    assert not ReportFile.objects.exists()


def test_post_award_the_applicant_is_asked_to_accept_and_the_list_does_not_grow_in_queries(
    world, call, client, django_assert_max_num_queries
):
    first = make_application(world, call, state="granted").project
    asked = Notification.objects.get(recipient=world.testbed_owner, kind="fund.accept_grant")
    assert asked.url == first.get_absolute_url() and first.application.title in asked.title

    client.force_login(world.coordinator)
    client.get(reverse("fund:projects"))  # the session and the menu warm up
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("fund:projects"))
    for _n in range(3):
        project = make_application(world, call, state="granted").project
        services.accept_grant(project, world.testbed_owner)
    with django_assert_max_num_queries(len(one.captured_queries)) as many:
        page = client.get(reverse("fund:projects")).text
    assert page.count(first.application.title) == 4
    assert len(many.captured_queries) == len(one.captured_queries)


# --- No write on a read, the grant's conditions, told by mail ----------------------------------


def _writes(queries):
    return [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]


def test_post_award_opening_the_project_page_writes_nothing(world, project, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # A project whose acceptance row is missing (granted before acceptance existed, which the
    # data migration fills in) is still only read when its pages are opened.
    GrantAcceptance.objects.filter(project=project).delete()
    report = project.reports.get(kind="midterm")
    for user in (world.testbed_owner, world.coordinator):
        client.force_login(user)
        for url in (
            reverse("fund:project", args=[project.pk]),
            reverse("fund:report", args=[project.pk, report.pk]),
        ):
            with CaptureQueriesContext(connection) as read:
                response = client.get(url)
            assert response.status_code == 200, url
            assert _writes(read.captured_queries) == [], url
    assert not GrantAcceptance.objects.filter(project=project).exists()
    page = client.get(reverse("fund:project", args=[project.pk])).text
    assert "Medlen används" in page  # the call's conditions, read


def test_post_award_the_acceptance_is_created_with_the_grant_in_its_transaction(world, call):
    application = make_application(world, call, state="review")
    services.decide(application, world.coordinator, grant=True, amount=100_000, motivation="Ja.")
    project = application.project
    assert GrantAcceptance.objects.get(project=project).conditions == services.call_conditions(call)
    # A decision refused (already decided) creates nothing more.
    with pytest.raises(ValidationError):
        services.decide(
            application, world.coordinator, grant=True, amount=100_000, motivation="Ja."
        )
    assert GrantAcceptance.objects.filter(project__application=application).count() == 1


def test_post_award_the_data_migration_gives_every_granted_project_its_acceptance(
    world, call, project
):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("slussen.fund.migrations.0009_acceptance_for_every_project")
    services.set_call_conditions(call, world.coordinator, "Redovisa varje kvartal.")
    accepted = make_application(world, call, state="granted").project
    services.accept_grant(accepted, world.testbed_owner)
    GrantAcceptance.objects.filter(project=project).delete()
    migration.create_missing_acceptances(apps, None)
    migration.create_missing_acceptances(apps, None)  # safe to run again
    assert GrantAcceptance.objects.get(project=project).conditions == "Redovisa varje kvartal."
    assert GrantAcceptance.objects.get(project=accepted).accepted_by == world.testbed_owner
    assert GrantAcceptance.objects.count() == 2


def _decision_mails(application):
    from slussen.core.models import OutboundMail

    mails = OutboundMail.objects.filter(subject__contains=application.registry_number)
    return [m for m in mails if m.subject.startswith(("Decision", "Beslut"))]


def test_post_award_the_decision_mail_asks_the_applicant_to_accept_in_slussen(world, call):
    application = make_application(world, call, state="review")
    application.applicant.language = "en"
    application.applicant.save()
    services.decide(application, world.coordinator, grant=True, amount=100_000, motivation="Ja.")
    (mail,) = _decision_mails(application)
    link = application.project.get_absolute_url()
    assert link in mail.body and "accept the grant and its conditions in Slussen" in mail.body
    # A rejection asks nothing of the kind.
    other = make_application(world, call, applicant=world.employee, manager=world.manager,
                             organisation=world.sos, state="review")  # fmt: skip
    services.decide(other, world.coordinator, grant=False, motivation="Nej.")
    (mail,) = _decision_mails(other)
    assert "acceptera" not in mail.body and "/fund/projects/" not in mail.body


def test_post_award_the_applicant_is_mailed_the_report_decision_with_the_comment(world, project):
    from slussen.core.models import OutboundMail

    applicant = world.testbed_owner
    applicant.language = "en"
    applicant.save()
    services.accept_grant(project, applicant)
    report = project.reports.get(kind="midterm")
    services.save_report(
        report, applicant, fields=_texts(), spending=_spending(project), submit=True
    )
    before = set(OutboundMail.objects.values_list("pk", flat=True))
    services.decide_report(report, world.coordinator, approve=False, comment="Add the measure.")
    (mail,) = [m for m in OutboundMail.objects.exclude(pk__in=before) if applicant.email in m.to]
    assert "Changes are asked for" in mail.subject + mail.body
    assert "Add the measure." in mail.body
    assert reverse("fund:report", args=[project.pk, report.pk]) in mail.body
    services.save_report(
        report, applicant, fields=_texts(), spending=_spending(project), submit=True
    )
    before = set(OutboundMail.objects.values_list("pk", flat=True))
    services.decide_report(report, world.coordinator, approve=True, comment="Well done.")
    (mail,) = [m for m in OutboundMail.objects.exclude(pk__in=before) if applicant.email in m.to]
    assert "is approved" in mail.subject + mail.body and "Well done." in mail.body
    assert Notification.objects.filter(recipient=applicant, kind="fund.report_decided").count() == 2


def _call_data(world, call, **changes):
    return {
        "title": call.title,
        "description": call.description,
        "opens_at": call.opens_at.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": call.closes_at.strftime("%Y-%m-%dT%H:%M"),
        "budget": call.budget,
        "grant_year": call.grant_year,
        "accepted_kinds": call.accepted_kinds,
        "prescreeners": [world.prescreener.pk],
        "experts": [world.expert.pk],
        **changes,
    }


def test_post_award_the_coordinator_words_the_calls_conditions_on_the_call_form(
    world, call, client
):
    from slussen.fund.models import CallConditions

    url = reverse("fund:call_edit", args=[call.pk])
    client.force_login(world.coordinator)
    assert "Medlen används för projektet" in client.get(url).text  # the default, to edit
    # Nobody else words them, neither through the page nor the service.
    for key in ("expert", "advisor", "employee", "external"):
        client.force_login(world.users[key])
        response = client.post(url, _call_data(world, call, grant_conditions="Inga villkor."))
        assert response.status_code in (403, 404), key
    with pytest.raises(PermissionDenied):
        services.set_call_conditions(call, world.expert, "Inga villkor.")
    assert not CallConditions.objects.exists()

    client.force_login(world.coordinator)
    huge = _call_data(world, call, grant_conditions="x" * 100_000)
    assert client.post(url, huge).status_code == 400
    data = _call_data(world, call, grant_conditions="Redovisa varje kvartal.")
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # saved again unchanged: no new event
    assert services.call_conditions(call) == "Redovisa varje kvartal."
    assert _audits("fund.call.conditions") == 1
    assert "Redovisa varje kvartal." in client.get(reverse("fund:call", args=[call.pk])).text
    copy = services.clone_call(
        call, world.coordinator, title="Kopia", opens_at=call.opens_at, closes_at=call.closes_at
    )  # a copy keeps them
    assert services.call_conditions(copy) == "Redovisa varje kvartal."
    client.force_login(world.employee)  # applicants read the call, not its grant conditions
    assert "Redovisa varje kvartal." not in client.get(reverse("fund:call", args=[call.pk])).text


def test_post_award_a_decision_words_its_own_conditions_defaulting_from_the_calls(
    world, call, client
):
    services.set_call_conditions(call, world.coordinator, "Redovisa varje kvartal.")
    own, default = (make_application(world, call, state="review") for _ in range(2))
    client.force_login(world.coordinator)
    url = reverse("fund:decide", args=[own.pk])
    assert "Redovisa varje kvartal." in client.get(url).text  # offered to reword
    data = {"decision": "grant", "amount": 100_000, "motivation": "Bra."}
    assert client.post(url, {**data, "conditions": "x" * 100_000}).status_code == 400
    own.refresh_from_db()
    assert own.state.code == "review"
    response = client.post(url, {**data, "conditions": "Mät fallen varje månad."})
    assert response.status_code == 302
    # Left empty, the call's conditions hold.
    response = client.post(reverse("fund:decide", args=[default.pk]), {**data, "conditions": ""})
    assert response.status_code == 302
    assert GrantAcceptance.objects.get(project__application=own).conditions == (
        "Mät fallen varje månad."
    )
    assert GrantAcceptance.objects.get(project__application=default).conditions == (
        "Redovisa varje kvartal."
    )
    # What the project is asked to accept is what the decision worded.
    client.force_login(own.applicant)
    page = client.get(reverse("fund:project", args=[own.project.pk])).text
    assert "Mät fallen varje månad." in page and "Redovisa varje kvartal." not in page


def test_post_award_a_batch_decision_words_each_grants_conditions(world, call, client):
    first, second = (make_application(world, call, state="review") for _ in range(2))
    client.force_login(world.coordinator)
    url = reverse("fund:batch", args=[call.pk])
    assert "Medlen används för projektet" in client.get(url).text
    data = {}
    for app, conditions in ((first, "Rapportera till styrgruppen."), (second, "")):
        p = f"a{app.pk}"
        data.update({f"{p}-include": "on", f"{p}-decision": "grant", f"{p}-amount": 100_000,
                     f"{p}-motivation": "Bra.", f"{p}-conditions": conditions})  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert GrantAcceptance.objects.get(project__application=first).conditions == (
        "Rapportera till styrgruppen."
    )
    assert "Medlen används" in GrantAcceptance.objects.get(project__application=second).conditions


# --- Late reports ----------------------------------------------------------------------------


def _row(page, needle):
    return next(r for r in page.split("<tr>") if needle in r).split("</tr>")[0]


def test_post_award_a_report_past_its_due_date_and_not_in_says_it_is_late(world, project, client):
    """A final report long overdue is marked late wherever reports are listed, to the
    applicant and to the coordinator, in Swedish and English: not the mid-term report already
    submitted, nor a report whose due date has not come."""
    from datetime import timedelta

    from django.utils import timezone

    from slussen.fund.models import FollowUpReport

    today = timezone.localdate()
    services.accept_grant(project, world.testbed_owner)
    midterm = project.reports.get(kind="midterm")
    final = project.reports.get(kind="final")
    FollowUpReport.objects.filter(pk=midterm.pk).update(due=today - timedelta(days=200))
    FollowUpReport.objects.filter(pk=final.pk).update(due=today - timedelta(days=60))
    services.save_report(
        midterm, world.testbed_owner, fields=_texts(), spending=_spending(project), submit=True
    )
    project_url = reverse("fund:project", args=[project.pk])
    final_url = reverse("fund:report", args=[project.pk, final.pk])
    midterm_url = reverse("fund:report", args=[project.pk, midterm.pk])
    for who, language, word in (
        (world.testbed_owner, "sv", "Försenad"),
        (world.coordinator, "en", "Late"),
    ):
        client.force_login(who)
        client.cookies["django_language"] = language
        page = client.get(project_url).text
        assert word in _row(page, final_url), who
        assert word not in _row(page, midterm_url)
        assert word in client.get(final_url).text
        assert word not in client.get(midterm_url).text
    projects = client.get(reverse("fund:projects")).text  # the coordinator's list, in English
    assert "Late reports" in projects
    assert 'class="late">1</strong>' in _row(projects, project.application.title)
    # Not late: a due date still to come.
    FollowUpReport.objects.filter(pk=final.pk).update(due=today + timedelta(days=1))
    assert "Late" not in _row(client.get(project_url).text, final_url)
    projects = client.get(reverse("fund:projects")).text
    assert 'class="late"' not in _row(projects, project.application.title)
