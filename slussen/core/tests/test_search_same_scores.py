"""Documents with the same words score the same, on SQLite and PostgreSQL: the database adds a
document's words' values in an order of its own, and the same texts (an application sent to
several calls, a need sent twice) came a few 1e-15 apart, in an order of their own, which
differed between the databases. Their scores are compared rounded (``search.rounded_score``):
equal, the newest first."""

from slussen.cases import services
from slussen.cases.models import Secrecy
from slussen.core import search

TITLE = "3D-printade hjälpmedel inom rehabilitering"
TEXT = (
    "Arbetsterapeuter skriver ut individuellt anpassade handortoser och greppförstärkningar i "
    "3D-skrivare i stället för att beställa dem. Patienten får sitt hjälpmedel på dagar i "
    "stället för veckor."
)


def test_the_same_texts_score_the_same_and_come_newest_first(world):
    same = [
        services.open_case(
            kind="idea", title=TITLE, description=TEXT, organisation=org, actor=world.advisor,
            secrecy=Secrecy.PUBLIC, secrecy_reference="",
        ).pk
        for _ in range(3)
        for org in (world.sos, world.karolinska, world.sos)
    ]  # fmt: skip
    found = search.ranked("case", f"{TITLE} {TEXT}", limit=len(same))
    assert [pk for pk, _score in found] == sorted(same, reverse=True)
    assert len({score for _pk, score in found}) == 1
