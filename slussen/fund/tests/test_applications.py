from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from slussen.fund import services
from slussen.fund.models import Application

from .factories import draft_data, make_application


def form_data(application, **changes):
    """The application form as the browser posts it, from a saved draft."""
    data = {
        "kind": application.kind,
        "previous": application.previous_id or "",
        "title": application.title,
        "summary": application.summary,
        "goal": application.goal,
        "benefit": application.benefit,
        "organisation": application.organisation_id,
        "sector": application.sector,
        "manager_email": application.manager.email if application.manager else "",
        "applicant_gender": application.applicant_gender,
        "eligible": "on",
        "results_owned_by_region": "on",
    }
    for prefix, rows in (
        ("participants", application.participants.values("name", "role", "organisation", "email")),
        ("milestones", application.milestones.values("activity", "start", "end")),
        ("budget", application.budget_lines.values("item", "amount")),
    ):
        rows = list(rows)
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for i, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{i}-{key}"] = value
    for answer in application.answers.all():
        data[f"q_{answer.question_id}"] = answer.text
    data.update(changes)
    return data


def test_draft_is_saved_with_the_question_text_it_was_given(application):
    assert application.state.code == "draft"
    assert application.answers.count() == 10
    first = application.answers.first()
    assert first.question_sv == "Vilket behov eller problem ska projektet lösa?"
    assert application.total_budget == 240_000


def test_submission_gives_a_registry_number_and_mails_the_manager(
    application, world, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(application, world.employee)
    application.refresh_from_db()
    assert application.state.code == "signoff"
    assert application.case.kind == "fund_application"
    assert application.registry_number.startswith("SLU ")
    receipt = mailbox.wait_for(world.employee.email)[0]
    assert application.registry_number in receipt["Subject"]
    link = reverse("fund:signoff", args=[application.pk])
    assert link in mailbox.body(mailbox.wait_for(world.manager.email)[0])


def test_submission_one_second_after_closing_is_refused_and_the_draft_kept(
    application, world, client
):
    call = application.call
    call.closes_at = timezone.now() - timedelta(seconds=1)
    call.save()
    client.force_login(world.employee)
    data = form_data(application, title="Omvårdnadsträning med VR – ny titel", action="submit")
    response = client.post(reverse("fund:edit", args=[application.pk]), data)
    assert response.status_code == 400
    assert "stängde" in response.text and "utkast" in response.text
    assert "Omvårdnadsträning med VR – ny titel" in response.text  # nothing typed is lost
    application.refresh_from_db()
    assert application.state.code == "draft" and application.case is None
    assert application.title == "Omvårdnadsträning med VR – ny titel"  # the draft is kept


def test_the_closing_second_itself_still_counts(application, world):
    closes = application.call.closes_at
    with pytest.raises(ValidationError) as refused:
        services.submit(application, world.employee, now=closes + timedelta(seconds=1))
    assert refused.value.code == "closed"
    services.submit(application, world.employee, now=closes)
    application.refresh_from_db()
    assert application.state.code == "signoff"


def test_incomplete_application_is_refused_with_what_is_missing(world, call, client):
    client.force_login(world.employee)
    questions = list(call.current_questions())
    data = {
        "kind": "continuation",
        "title": "Halvfärdig idé",
        "organisation": world.sos.pk,
        "sector": "health_care",
        "action": "submit",
        **{f"{p}-TOTAL_FORMS": 0 for p in ("participants", "milestones", "budget")},
        **{f"{p}-INITIAL_FORMS": 0 for p in ("participants", "milestones", "budget")},
        f"q_{questions[0].pk}": "Ett svar",
    }
    response = client.post(reverse("fund:apply", args=[call.pk]), data)
    assert response.status_code == 400
    for text in ("tidigare beviljade", "chef", "budget", "9 obesvarade"):
        assert text in response.text
    saved = Application.objects.get(title="Halvfärdig idé")
    assert saved.state.code == "draft"
    assert saved.answers.get(question=questions[0]).text == "Ett svar"


def test_editing_the_call_never_changes_a_submitted_application(application, world):
    services.submit(application, world.employee)
    call = application.call
    services.revise_questions(
        call, world.coordinator, [{"text_sv": "En helt ny fråga?", "text_en": ""}]
    )
    call.refresh_from_db()
    assert call.current_questions().get().text_sv == "En helt ny fråga?"
    answer = application.answers.first()
    assert answer.question_sv == "Vilket behov eller problem ska projektet lösa?"


def test_starting_from_a_case_fills_in_what_is_known(world, call, client):
    client.force_login(world.employee)
    response = client.get(reverse("fund:apply", args=[call.pk]) + f"?case={world.case.pk}")
    assert response.status_code == 200
    assert 'value="IVA-dagboken"' in response.text
    assert "underlättar tillfrisknandet" in response.text
    # Another organisation's secret case is not revealed.
    hidden = client.get(reverse("fund:apply", args=[call.pk]) + f"?case={world.other_case.pk}")
    assert hidden.status_code == 404


def test_starting_from_a_case_links_it(world, call):
    data = draft_data(call, world.employee, world.sos, world.manager)
    app = services.save_draft(world.employee, call, origin_case=world.case, **data)
    assert app.origin_case == world.case


def test_continuation_links_the_earlier_granted_project(world, call):
    earlier = make_application(world, call, state="granted")
    data = draft_data(call, world.testbed_owner, world.karolinska, world.innovation_head)
    data["fields"].update(kind="continuation", previous=None)
    app = services.save_draft(world.testbed_owner, call, **data)
    with pytest.raises(ValidationError):
        services.submit(app, world.testbed_owner)
    data["fields"]["previous"] = earlier
    app = services.save_draft(world.testbed_owner, call, application=app, **data)
    services.submit(app, world.testbed_owner)
    assert Application.objects.get(pk=app.pk).previous == earlier


def test_manager_declines_with_a_comment_and_the_draft_comes_back(
    application, world, mailbox, django_capture_on_commit_callbacks
):
    services.submit(application, world.employee)
    with pytest.raises(ValidationError):
        services.signoff(application, world.manager, approve=False, comment="")
    with django_capture_on_commit_callbacks(execute=True):
        services.signoff(application, world.manager, approve=False, comment="Vänta till hösten.")
    application.refresh_from_db()
    assert application.state.code == "draft"
    mail = mailbox.wait_for(world.employee.email)[-1]
    assert "Vänta till hösten." in mailbox.body(mail)


def test_only_the_named_manager_signs_off(application, world, client):
    services.submit(application, world.employee)
    with pytest.raises(PermissionDenied):
        services.signoff(application, world.advisor, approve=True, comment="")
    client.force_login(world.manager)
    url = reverse("fund:signoff", args=[application.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "approve", "comment": "Bra initiativ."})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state.code == "prescreening"
    assert application.signoff_comment == "Bra initiativ."


def test_signoff_reminder_after_three_days_once(
    application, world, mailbox, django_capture_on_commit_callbacks
):
    from slussen.fund.tasks import send_signoff_reminders

    services.submit(application, world.employee)
    assert send_signoff_reminders.call() == 0
    Application.objects.filter(pk=application.pk).update(
        submitted_at=timezone.now() - timedelta(days=4)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_signoff_reminders.enqueue().return_value == 1
    reminder = mailbox.wait_for(world.manager.email)[-1]
    assert "Påminnelse" in reminder["Subject"]
    assert services.send_signoff_reminders() == 0  # not again the same day


def test_without_approval_no_review(application, world):
    services.submit(application, world.employee)
    with pytest.raises(ValidationError):
        services.prescreen(application, world.prescreener, met=True, reasons="OK")


def test_prescreening_not_met_ends_it_and_tells_the_applicant(
    application, world, mailbox, django_capture_on_commit_callbacks
):
    services.submit(application, world.employee)
    services.signoff(application, world.manager, approve=True, comment="")
    with django_capture_on_commit_callbacks(execute=True):
        services.prescreen(
            application, world.prescreener, met=False, reasons="Resultatet ägs av ett företag."
        )
    application.refresh_from_db()
    assert application.state.code == "rejected"
    mail = mailbox.wait_for(world.employee.email)[-1]
    assert "Resultatet ägs av ett företag." in mailbox.body(mail)


def test_only_assigned_prescreeners(application, world):
    services.submit(application, world.employee)
    services.signoff(application, world.manager, approve=True, comment="")
    with pytest.raises(PermissionDenied):
        services.prescreen(application, world.expert, met=True, reasons="OK")


def _scores(call, value):
    return {c.pk: (value, f"Kommentar {c.order}") for c in call.criteria.all()}


def test_a_conflict_of_interest_blocks_that_review(world, call):
    app = make_application(world, call, state="review")
    services.declare(app, world.expert, has_conflict=True, note="Min svåger är projektledare.")
    with pytest.raises(PermissionDenied):
        services.score(app, world.expert, _scores(call, 4))
    with pytest.raises(ValidationError):  # declared once
        services.declare(app, world.expert, has_conflict=False)


def test_scores_must_cover_every_criterion_from_1_to_5(world, call):
    app = make_application(world, call, state="review")
    services.declare(app, world.expert, has_conflict=False)
    with pytest.raises(ValidationError):
        services.score(app, world.expert, _scores(call, 6))
    with pytest.raises(ValidationError):
        services.score(app, world.expert, dict(list(_scores(call, 3).items())[:2]))
    services.score(app, world.expert, _scores(call, 4))
    assert app.reviews.get().scores.count() == 4


def test_overview_shows_mean_spread_and_comments(world, call, client):
    from slussen.accounts.models import Membership

    second = world.advisor  # made an expert of this call
    Membership.objects.create(user=second, organisation=world.rlk, role="expert")
    call.experts.add(second)
    app = make_application(world, call, state="review")
    for expert, value in ((world.expert, 5), (second, 3)):
        services.declare(app, expert, has_conflict=False)
        services.score(app, expert, _scores(call, value))
    client.force_login(world.coordinator)
    page = client.get(reverse("fund:decide", args=[app.pk])).text
    assert "4,0" in page  # mean
    assert "3,0–5,0" in page  # spread between experts
    assert "Kommentar 0" in page
    overview = client.get(reverse("fund:overview", args=[call.pk])).text
    assert app.title in overview and "3,0–5,0" in overview


def test_decision_letter_project_and_public_list(
    world, call, client, mailbox, django_capture_on_commit_callbacks
):
    app = make_application(world, call, state="review")
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(
            app, world.coordinator, grant=True, amount=230_000, motivation="Tydligt behov."
        )
    letter = mailbox.wait_for(world.testbed_owner.email)[-1]
    assert "230" in mailbox.body(letter) and "Tydligt behov." in mailbox.body(letter)
    project = app.project
    assert project.budget == 230_000 and project.reports.count() == 2
    client.force_login(world.testbed_owner)
    page = client.get(reverse("fund:application", args=[app.pk])).text
    assert "Beslutsbrev" in page and "Tydligt behov." in page
    client.logout()
    public = client.get(reverse("fund:results", args=[call.pk])).text
    assert app.title in public and app.registry_number in public


def test_follow_up_report_shows_what_was_promised(world, call, client, mailbox):
    app = make_application(world, call, state="granted")
    report = app.project.reports.get(kind="midterm")
    client.force_login(world.testbed_owner)
    url = reverse("fund:report", args=[app.project.pk, report.pk])
    page = client.get(url).text
    assert "Färre ringningar och fall." in page  # the goal promised
    assert "VR-utrustning" in page  # the budget promised
    services.accept_grant(app.project, world.testbed_owner)
    submit = {"progress": "Klart", "results": "", "next_steps": "", "action": "submit"}
    response = client.post(url, submit)
    assert response.status_code == 400
    lines = {f"line_{b.pk}": 45000 for b in app.budget_lines.all()}
    response = client.post(
        url,
        {**submit, "progress": "Enligt plan", "results": "Färre fall", "next_steps": "Ja", **lines},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.submitted_at and report.spent == 90000


def test_follow_up_reminders(world, call, mailbox, django_capture_on_commit_callbacks):
    app = make_application(world, call, state="granted")
    report = app.project.reports.get(kind="midterm")
    assert services.send_followup_reminders(today=report.due - timedelta(days=30)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_followup_reminders(today=report.due - timedelta(days=10)) == 1
    assert "Halvtidsrapport" in mailbox.wait_for(world.testbed_owner.email)[-1]["Subject"]
    assert services.send_followup_reminders(today=report.due - timedelta(days=9)) == 0


def test_withdraw(application, world, client):
    client.force_login(world.employee)
    client.post(reverse("fund:withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.state.code == "withdrawn"


def test_coordinator_creates_a_call_with_the_default_form(world, client):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("fund:call_create"),
        {
            "title": "Innovationsfonden våren 2027",
            "opens_at": "2027-01-01T00:00",
            "closes_at": "2026-12-01T00:00",
            "budget": 7_500_000,
            "grant_year": 2027,
            "accepted_kinds": ["new", "continuation"],
        },
    )
    assert response.status_code == 400  # closes before it opens
    assert 'value="Innovationsfonden våren 2027"' in response.text
    response = client.post(
        reverse("fund:call_create"),
        {
            "title": "Innovationsfonden våren 2027",
            "opens_at": "2027-01-01T00:00",
            "closes_at": "2027-02-02T23:59",
            "budget": 7_500_000,
            "grant_year": 2027,
            "accepted_kinds": ["new", "continuation"],
            "prescreeners": [world.prescreener.pk],
            "experts": [world.expert.pk],
        },
    )
    assert response.status_code == 302
    from slussen.fund.models import Call

    call = Call.objects.get(title="Innovationsfonden våren 2027")
    assert call.current_questions().count() == 10 and call.criteria.count() == 4
    assert list(call.experts.all()) == [world.expert]


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_attachment_is_checked_stored_and_shown_to_those_who_may_read(application, world, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.employee)
    url = reverse("fund:edit", args=[application.pk])
    exe = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = client.post(url, {**form_data(application), "attachment": exe, "action": "save"})
    assert response.status_code == 400 and not application.files.exists()
    pdf = SimpleUploadedFile("cv.pdf", PDF)
    response = client.post(url, {**form_data(application), "attachment": pdf, "action": "save"})
    assert response.status_code == 302
    stored = application.files.get()
    download = reverse("fund:download", args=[application.pk, stored.pk])
    services.submit(application, world.employee)
    client.force_login(world.manager)
    assert b"".join(client.get(download).streaming_content) == PDF
    client.force_login(world.advisor)  # another person of the same hospital
    assert client.get(download).status_code == 404


# --- Only a line manager of the applicant's organisation approves ---------------------------


def test_the_manager_must_be_a_line_manager_of_the_applicants_organisation(
    application, world, client
):
    """An external actor, a colleague without the manager role and another organisation's head
    are refused as manager, by address or by id posted directly."""
    client.force_login(world.employee)
    url = reverse("fund:edit", args=[application.pk])
    for key in ("external", "advisor", "coordinator", "innovation_head"):
        for value in (world.users[key].email, world.users[key].pk):
            data = form_data(application, manager_email=value, action="submit")
            response = client.post(url, data)
            assert response.status_code == 400, (key, value)
            assert "kan inte väljas här" in response.text, key
            application.refresh_from_db()
            assert application.manager == world.manager and application.state.code == "draft"


def test_save_draft_refuses_an_external_manager(world, call):
    with pytest.raises(ValidationError):
        services.save_draft(
            world.employee, call, **draft_data(call, world.employee, world.sos, world.external)
        )
    assert not Application.objects.filter(applicant=world.employee).exists()


def test_a_manager_named_before_the_rule_who_is_not_eligible_cannot_sign_off(
    application, world, client
):
    """Named before this rule (or before a move), an external actor as manager neither reads
    the application nor approves it; submitting with them is refused too."""
    Application.objects.filter(pk=application.pk).update(manager=world.external)
    application.refresh_from_db()
    with pytest.raises(ValidationError):
        services.submit(application, world.employee)
    Application.objects.filter(pk=application.pk).update(manager=world.manager)
    services.submit(Application.objects.get(pk=application.pk), world.employee)
    Application.objects.filter(pk=application.pk).update(manager=world.external)
    application.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.signoff(application, world.external, approve=True, comment="")
    client.force_login(world.external)
    url = reverse("fund:signoff", args=[application.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "approve", "comment": ""}).status_code == 404
    assert client.get(reverse("fund:application", args=[application.pk])).status_code == 404
    application.refresh_from_db()
    assert application.state.code == "signoff"
    # A colleague named before the rule is not asked either: the list leaves it out.
    Application.objects.filter(pk=application.pk).update(manager=world.advisor)
    client.force_login(world.advisor)
    assert application.title not in client.get(reverse("fund:index")).text
    Application.objects.filter(pk=application.pk).update(manager=world.manager)
    client.force_login(world.manager)
    assert application.title in client.get(reverse("fund:index")).text


def test_a_call_takes_only_pre_screeners_and_experts(world, call, client):
    client.force_login(world.coordinator)
    url = reverse("fund:call_edit", args=[call.pk])
    page = client.get(url).text
    assert world.external.full_name not in page and world.employee.full_name not in page
    data = {
        "title": call.title,
        "description": call.description,
        "opens_at": call.opens_at.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": call.closes_at.strftime("%Y-%m-%dT%H:%M"),
        "budget": call.budget,
        "grant_year": call.grant_year,
        "accepted_kinds": call.accepted_kinds,
        "prescreeners": [world.external.pk],
        "experts": [world.employee.pk],
    }
    assert client.post(url, data).status_code == 400
    assert list(call.prescreeners.all()) == [world.prescreener]
    with pytest.raises(ValidationError):
        services.set_reviewers(call, world.coordinator, prescreeners=[world.external], experts=[])
    data.update(prescreeners=[world.prescreener.pk], experts=[world.expert.pk])
    assert client.post(url, data).status_code == 302
