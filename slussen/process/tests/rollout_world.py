"""A case whose pilot ran at one ward of Södersjukhuset, and four more units with a manager
each, for the roll-out tests (service and browser)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from slussen.accounts.models import Membership, Organisation, User
from slussen.process import services
from slussen.process.models import GenericPhase, InnovationCase
from slussen.testing.world import password_hash

from .conftest import start_service_case

UNITS = [  # (code, name, parent key or code, type, manager's name)
    ("sos-med", "Medicinkliniken", "sos", "clinic", None),
    ("sos-avd51", "Avdelning 51", "sos-med", "ward", "Petra Ward"),
    ("sos-avd52", "Avdelning 52", "sos-med", "ward", "Olle Ek"),
    ("sos-iva", "IVA Södersjukhuset", "sos", "ward", "Mona Berg"),
    ("ks-iva", "IVA Solna", "karolinska", "ward", "Karl Strand"),
    ("ks-hjarta", "Hjärtsviktsavdelningen", "karolinska", "ward", "Hanna Sjö"),
]


@dataclass
class Rollout:
    ic: InnovationCase
    units: dict = field(default_factory=dict)
    managers: dict = field(default_factory=dict)


def build(world) -> Rollout:
    """The case, past its pilot (in the implementation phase), its pilot unit in the plan."""
    ic = start_service_case(world)
    phase = ic.template.phases.filter(generic=GenericPhase.IMPLEMENTATION).order_by("order")[0]
    InnovationCase.objects.filter(pk=ic.pk).update(phase=phase)
    ic.refresh_from_db()
    r = Rollout(ic=ic)
    for code, name, parent, kind, manager in UNITS:
        above = world.orgs.get(parent) or r.units[parent]
        r.units[code] = Organisation.objects.create(
            code=code, name=name, kind="unit", unit_type=kind, parent=above
        )
        if manager:
            user = User.objects.create(
                email=f"{code}@example.org", full_name=manager, password=password_hash()
            )
            Membership.objects.create(user=user, organisation=r.units[code], role="manager")
            r.managers[code] = user
    return r


def pilot_in_use(world, r, days_ago=60):
    """The pilot ward, planned and confirmed in use by its manager."""
    pilot = services.plan_unit(r.ic, world.advisor, r.units["sos-avd51"], pilot=True)
    on = date.today() - timedelta(days=days_ago)
    pilot.steps.update(on=on - timedelta(days=10))
    return services.adoption_step(pilot, r.managers["sos-avd51"], "confirm", on=on)
