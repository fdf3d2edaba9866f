import pytest

from slussen.process import services
from slussen.process.templates_data import SCREENING, ensure_seeded


def screen(ic, user, state="not_applicable", note="Inget medicinskt syfte."):
    """Answer the compulsory screening: ``not_applicable`` is no medical purpose, ``done`` yes."""
    item = ic.template.phases.get(checklist__code=SCREENING).checklist.get(code=SCREENING)
    services.save_checklist(ic, user, {item.pk: (state, note)})
    return ic


def start_service_case(world, case=None, screened=True, **extra):
    """World's SöS idea as a service innovation, started by the SöS advisor, who answers the
    screening "no medical purpose" unless ``screened=False``."""
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
    ic = services.start(case or world.case, world.advisor, **fields)
    return screen(ic, world.advisor) if screened else ic


@pytest.fixture
def innovation(world):
    return start_service_case(world)
