from datetime import timedelta

import pytest
from django.utils import timezone

from slussen.accounts.models import Membership, User
from slussen.challenges import services
from slussen.challenges.workflows import ensure_defined
from slussen.core import workflow
from slussen.testing.world import password_hash

CRITERIA = [
    {"name_sv": "Nytta för patienten", "name_en": "Benefit to the patient", "weight": 3},
    {"name_sv": "Genomförbarhet", "name_en": "Feasibility", "weight": 1},
]


@pytest.fixture(autouse=True)
def defined(db):
    ensure_defined()


def make_challenge(world, *, audience="employees", opened=True, panel=None, **extra):
    today = timezone.localdate()
    fields = dict(
        title="Färre fall på våra avdelningar",
        description="Idéer som minskar fallen bland äldre patienter på våra vårdavdelningar.",
        audience=audience,
        organisation=world.sos,
        opens_on=today,
        closes_on=today + timedelta(days=30),
    )
    fields.update(extra)
    challenge = services.create(
        world.advisor,
        owner=world.advisor,
        panel=panel if panel is not None else [world.manager, world.expert],
        criteria=CRITERIA,
        **fields,
    )
    if opened:
        workflow.apply(challenge, "open", world.advisor)
    return challenge


def colleague(world, key, name):
    user = User.objects.create(email=f"{key}@example.org", full_name=name, password=password_hash())
    Membership.objects.create(user=user, organisation=world.sos, role="employee")
    return user


def idea(title, problem="Patienter faller på natten."):
    return {"kind": "idea", "title": title, "problem": problem, "for_whom": "Äldre patienter"}


@pytest.fixture
def challenge(world):
    return make_challenge(world)
