import pytest

from slussen.intake.models import Area

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(live_world):
    """Intake's tests commit for real: mail is queued after commit and goes out over SMTP."""
    return live_world


@pytest.fixture
def area(world):
    return Area.objects.create(
        code="akutsjukvard",
        name_sv="Akutsjukvård",
        name_en="Emergency care",
        organisation=world.sos,
    )


@pytest.fixture
def proposal_data():
    return {
        "title": "Tydligare skyltar till akuten",
        "description": "Det var svårt att hitta akutmottagningen på natten.",
        "submitter_role": "relative",
        "name": "Pia Andersson",
        "email": "pia@example.net",
        "privacy": "on",
        "website": "",
    }


def link_in(body: str) -> str:
    """The first link into Slussen in an e-mail body, as a path."""
    import re

    return re.search(r"https?://[^/\s]+(/\S+)", body).group(1)
