from datetime import date
from decimal import Decimal

import pytest

from slussen.accounts.models import Membership, User
from slussen.bokslut import services
from slussen.bokslut.demo import dimension_scores
from slussen.bokslut.testing import make_round
from slussen.bokslut.workflows import ensure_defined
from slussen.testing.world import password_hash

FULL = {
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
    "overall": Decimal("3.2"),
    "comment": "Processen används nu i de flesta verksamheterna.",
}


def add_head(world, key, org):
    user = User.objects.create(
        email=f"{key}@example.org", full_name="Cecilia Norén", password=password_hash()
    )
    Membership.objects.create(user=user, organisation=org, role="innovation_head")
    return user


def reporting(world):
    """Karolinska and Södersjukhuset report; SöS gets a head of innovation of its own."""
    ensure_defined()
    for org in (world.karolinska, world.sos):
        org.reports_to_bokslut = True
        org.save()
    world.users["head_sos"] = add_head(world, "head_sos", world.sos)
    return world


@pytest.fixture
def rworld(world):
    return reporting(world)


@pytest.fixture
def live_rworld(live_world):
    return reporting(live_world)


def answer(world, survey, org_key, head_key, overall, submit=True):
    """Answer ``survey`` for an organisation through the services, as its head; the six
    dimensions' levels lie close to ``overall`` (the rubric's rule)."""
    response = survey.responses.get(organisation=world.orgs[org_key])
    data = {**FULL, **dimension_scores(Decimal(overall), 0), "overall": Decimal(overall)}
    return services.save_response(response, world.users[head_key], data, {}, submit=submit)


def history(world, year, scores):
    """A past round with submitted answers: ``scores`` maps organisation key to overall."""
    survey = make_round(year=year, due=date(year + 1, 2, 15), actor=world.coordinator)
    services.send_round(survey, world.coordinator)
    heads = {"karolinska": "innovation_head", "sos": "head_sos"}
    for org_key, overall in scores.items():
        answer(world, survey, org_key, heads[org_key], overall)
    return survey
