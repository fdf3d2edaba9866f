"""Helpers for tests and the authorization matrix: rounds and responses made through the real
services."""

from datetime import date

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
