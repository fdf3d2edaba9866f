from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from slussen.bokslut import selectors, services
from slussen.bokslut.models import Response
from slussen.bokslut.tasks import send_survey_reminders
from slussen.bokslut.testing import make_round
from slussen.core.models import AuditEvent

from .conftest import FULL, answer, history


def test_sending_a_round_reaches_every_reporting_organisations_head(live_rworld, mailbox):
    w = live_rworld
    survey = make_round(year=2025, actor=w.coordinator)
    created = services.send_round(survey, w.coordinator)
    assert {r.organisation for r in created} == {w.karolinska, w.sos}
    assert all(r.state.code == "draft" for r in created)
    (mail,) = mailbox.wait_for("innovation_head@example.org")
    assert "2025" in mail["Subject"]
    assert f"/bokslut/responses/{created[0].pk}/" in mailbox.body(mail) or (
        f"/bokslut/responses/{created[1].pk}/" in mailbox.body(mail)
    )
    mailbox.wait_for("head_sos@example.org")
    assert services.send_round(survey, w.coordinator) == []  # nobody gets it twice
    assert survey.responses.count() == 2


def test_a_draft_may_be_incomplete_but_a_submission_may_not(rworld):
    w = rworld
    survey = make_round(actor=w.coordinator)
    services.send_round(survey, w.coordinator)
    response = survey.responses.get(organisation=w.sos)
    services.save_response(response, w.head_sos, {"integrated": "Halvfärdig text"}, {})
    response.refresh_from_db()
    assert response.integrated == "Halvfärdig text" and response.state.code == "draft"
    assert response.saved_by == w.head_sos

    submitted = services.save_response(response, w.head_sos, FULL, {}, submit=True)
    assert submitted.state.code == "submitted"
    assert submitted.submitted_by == w.head_sos and submitted.overall == Decimal("3.2")
    actions = list(
        AuditEvent.objects.filter(object_id=str(response.pk)).values_list("action", flat=True)
    )
    assert {"bokslut.save", "workflow.submit"} <= set(actions)
    with pytest.raises(ValidationError):
        services.save_response(response, w.head_sos, FULL, {})


def test_only_the_organisations_own_head_may_submit(rworld):
    w = rworld
    survey = make_round(actor=w.coordinator)
    services.send_round(survey, w.coordinator)
    response = survey.responses.get(organisation=w.sos)
    with pytest.raises(PermissionDenied):
        services.save_response(response, w.innovation_head, FULL, {}, submit=True)
    assert Response.objects.get(pk=response.pk).state.code == "draft"  # rolled back


def test_the_coordinator_reopens_with_a_reason_that_reaches_the_head(live_rworld, mailbox):
    w = live_rworld
    survey = history(w, 2024, {"sos": "3.0"})
    response = survey.responses.get(organisation=w.sos)
    with pytest.raises(ValidationError):
        services.reopen(response, w.coordinator, "  ")
    mailbox.clear()
    services.reopen(response, w.coordinator, "Skattningen saknar kommentar om samverkan.")
    response.refresh_from_db()
    assert response.state.code == "draft"
    (mail,) = mailbox.wait_for("head_sos@example.org")
    assert "Skattningen saknar kommentar om samverkan." in mailbox.body(mail)
    services.save_response(
        response, w.head_sos, {**FULL, "overall": Decimal("3.4")}, {}, submit=True
    )
    assert selectors.compilation().year(2024).mean == Decimal("3.40")


def test_reminders_go_to_heads_whose_answer_is_not_in_once_a_week(live_rworld, mailbox):
    w = live_rworld
    survey = make_round(year=2025, due=timezone.localdate() + timedelta(days=5))
    services.send_round(survey, w.coordinator)
    answer(w, survey, "karolinska", "innovation_head", "3.5")  # Karolinska is done
    mailbox.clear()

    result = send_survey_reminders.enqueue()  # what the scheduler calls
    assert result.return_value == 1
    (mail,) = mailbox.wait_for("head_sos@example.org")
    assert "påminnelse" in mail["Subject"].lower() or "reminder" in mail["Subject"].lower()
    assert mailbox.to("innovation_head@example.org") == []

    assert send_survey_reminders.enqueue().return_value == 0  # not again the same week
    later = timezone.now() + timedelta(days=8)
    assert services.send_reminders(now=later) == 1
    sos = survey.responses.get(organisation=w.sos)
    assert sos.reminders == 2
    overdue = mailbox.wait_for("head_sos@example.org", count=2)[-1]
    assert "2025" in overdue["Subject"]


def test_no_reminder_long_before_the_due_date(rworld):
    w = rworld
    survey = make_round(year=2025, due=timezone.localdate() + timedelta(days=30))
    services.send_round(survey, w.coordinator)
    assert services.send_reminders() == 0


def test_compilation_mean_distribution_trends_and_changes(rworld):
    w = rworld
    history(w, 2023, {"karolinska": "4.0", "sos": "2.5"})
    history(w, 2024, {"karolinska": "3.9", "sos": "3.0"})
    comp = selectors.compilation()
    assert comp.years == [2023, 2024]
    y2024 = comp.year(2024)
    assert (y2024.n, y2024.mean) == (2, Decimal("3.45"))
    assert y2024.distribution == {1: 0, 2: 0, 3: 2, 4: 0, 5: 0}
    assert comp.year(2023).distribution[4] == 1
    trends = {t.organisation.code: t for t in comp.trends()}
    assert trends["sos"].scores == {2023: Decimal("2.5"), 2024: Decimal("3.0")}
    assert trends["sos"].change(2024) == Decimal("0.5")
    assert trends["karolinska"].change(2024) == Decimal("-0.1")
    changes = comp.changes(2024)
    assert [r["response"].organisation.code for r in changes["rose"]] == ["sos"]
    assert [r["response"].organisation.code for r in changes["fell"]] == ["karolinska"]


def test_drafts_do_not_count_in_the_compilation(rworld):
    w = rworld
    survey = history(w, 2024, {"karolinska": "4.0"})
    answer(w, survey, "sos", "head_sos", "1.0", submit=False)
    assert selectors.compilation().year(2024).n == 1


def test_a_round_per_year_only(rworld):
    services.create_round(rworld.coordinator, year=2024, due=date(2025, 2, 15))
    with pytest.raises(ValidationError):
        services.create_round(rworld.coordinator, year=2024, due=date(2025, 2, 15))


def test_an_unchanged_autosave_writes_nothing(rworld):
    w = rworld
    survey = make_round(actor=w.coordinator)
    services.send_round(survey, w.coordinator)
    response = survey.responses.get(organisation=w.sos)
    services.save_response(response, w.head_sos, {"integrated": "Text"}, {})
    saves = AuditEvent.objects.filter(action="bokslut.save", object_id=str(response.pk))
    assert saves.count() == 1
    services.save_response(response, w.head_sos, {"integrated": "Text"}, {})
    assert saves.count() == 1
    services.save_response(response, w.head_sos, {"integrated": "Text", "comment": "Ny"}, {})
    assert saves.count() == 2 and saves.first().data == {"fields": ["comment"]}
