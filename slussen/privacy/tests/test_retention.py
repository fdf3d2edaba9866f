"""Retention: contact details of closed cases go after the configured time; the case stays."""

from datetime import timedelta

from django.utils import timezone

from slussen.cases import services
from slussen.cases.models import Case, CaseEvent
from slussen.core import workflow
from slussen.core.models import AuditEvent
from slussen.privacy.tasks import apply_retention


def proposal(world, title, *, closed_days_ago=None, kind="proposal"):
    case = services.open_case(
        kind=kind,
        title=title,
        description="Innehållet ska finnas kvar.",
        organisation=world.sos,
        submitter_name="Per Persson",
        submitter_email="per@example.org",
    )
    if closed_days_ago is not None:
        workflow.apply(case, "close", world.advisor, reason="Tack för förslaget.")
        CaseEvent.objects.filter(case=case, type="transition").update(
            created=timezone.now() - timedelta(days=closed_days_ago)
        )
    return case


def test_the_task_removes_contact_details_after_the_configured_time(world, settings):
    settings.PRIVACY_RETENTION_DAYS = {"proposal": 90}
    due = proposal(world, "Gammalt", closed_days_ago=91)
    recent = proposal(world, "Nyligen stängt", closed_days_ago=89)
    still_open = proposal(world, "Öppet")
    other_kind = proposal(world, "En idé", closed_days_ago=400, kind="idea")

    result = apply_retention.enqueue()
    assert result.return_value == 1

    due.refresh_from_db()
    assert (due.submitter_name, due.submitter_email) == ("", "")
    assert due.description == "Innehållet ska finnas kvar." and due.title == "Gammalt"
    event = due.events.last()
    assert event.type == "edited" and event.data["retention_days"] == 90
    assert AuditEvent.objects.filter(action="privacy.retention", object_id=str(due.pk)).exists()
    for case in (recent, still_open, other_kind):
        assert Case.objects.get(pk=case.pk).submitter_email == "per@example.org"

    assert apply_retention.enqueue().return_value == 0  # nothing left to do


def test_the_time_is_configurable_per_kind(world, settings):
    settings.PRIVACY_RETENTION_DAYS = {"proposal": 30, "idea": 365}
    short = proposal(world, "Förslag", closed_days_ago=31)
    idea = proposal(world, "Idé", closed_days_ago=100, kind="idea")
    apply_retention.enqueue()
    assert Case.objects.get(pk=short.pk).submitter_email == ""
    assert Case.objects.get(pk=idea.pk).submitter_email == "per@example.org"
