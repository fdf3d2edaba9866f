import pytest

from slussen.process import services
from slussen.process.templates_data import ensure_seeded


def start_service_case(world, case=None, **extra):
    """World's SöS idea as a service innovation, started by the SöS advisor."""
    ensure_seeded()
    fields = {
        "innovation_type": "service",
        "novelty": "organisation",
        "degree": "incremental",
        "directions": ["internal_development"],
        "perspectives": ["quality"],
        "line_owner": world.manager,
        "advisor": world.advisor,
    }
    fields.update(extra)
    return services.start(case or world.case, world.advisor, **fields)


@pytest.fixture
def innovation(world):
    return start_service_case(world)
