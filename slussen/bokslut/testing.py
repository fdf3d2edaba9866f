"""Helpers for tests and the authorization matrix: rounds and responses made through the real
services."""

from datetime import date
from decimal import Decimal

from slussen.core import workflow

from .models import Response, SurveyRound
from .workflows import RESPONSE_WORKFLOW, ensure_defined


def make_round(year=2025, due=date(2026, 2, 15), actor=None) -> SurveyRound:
    ensure_defined()
    survey, _ = SurveyRound.objects.get_or_create(
        year=year, defaults={"due": due, "created_by": actor}
    )
    return survey


def response_for(survey, organisation) -> Response:
    ensure_defined()
    response, _ = Response.objects.get_or_create(
        round=survey,
        organisation=organisation,
        defaults={"state": workflow.initial_state(RESPONSE_WORKFLOW)},
    )
    return response


ANSWER = {
    "integrated": "Innovationsstrategin styr våra handlingsplaner.",
    "internal": "Två projekt fick stöd av Innovationsfonden.",
    "testbeds": "",
    "procurement": "",
    "score_strategy": 3,
    "score_organisation": 3,
    "score_process": 4,
    "score_collaboration": 3,
    "score_culture": 3,
    "score_followup": 2,
    "overall": Decimal("3.0"),
    "overall_reason": "",
    "comment": "Processen används nu i de flesta verksamheterna.",
}


def published_edition(w, year=2024):
    """Karolinska's answer for ``year``, submitted by its head, and the year's report published
    by the coordinator, all through the services (the first edition if there is one)."""
    from . import services
    from .models import Edition

    existing = Edition.objects.filter(year=year).order_by("number").first()
    if existing:
        return existing
    w.karolinska.reports_to_bokslut = True
    w.karolinska.save()
    survey = make_round(year=year, due=date(year + 1, 2, 15), actor=w.coordinator)
    services.send_round(survey, w.coordinator)
    response = survey.responses.get(organisation=w.karolinska)
    services.save_response(response, w.innovation_head, dict(ANSWER), {}, submit=True)
    return services.publish(year, w.coordinator)
