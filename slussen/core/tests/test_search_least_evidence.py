"""However short or long a text, a case is suggested only when the words they share say more
than one word that one case uses says (``search.least_evidence``): two everyday words a case
happens to use ("väntar", "få") meet some case of a register by chance, whatever the text is
about; a nurse shown three unrelated cases learns to ignore the box."""

import pytest

from slussen.cases import services as case_services
from slussen.core import search
from slussen.intake import search as similar

REGISTER = 200  # cases, as many as the demo region's

CHEST_PAIN = (
    "Digital anamnes vid bröstsmärta",
    "Patienter med bröstsmärta väntar länge på att få berätta sin sjukdomshistoria.",
)
# Needs of the register in everyday words: patients "får vänta" on many things.
WAITING = [
    "röntgen", "operation", "hörapparat", "rullstol", "tolk", "taxi", "provsvar", "remiss",
    "recept", "sängplats", "glasögon", "fysioterapi", "tandvård", "vaccin",
]  # fmt: skip


@pytest.fixture
def register(world, monkeypatch):
    """The chest pain case and fourteen cases in which patients "får vänta", counted as in a
    register of ``REGISTER`` cases (the everyday words used by one case in fourteen, as in the
    demo region's)."""
    case = case_services.open_case(
        kind="idea", title=CHEST_PAIN[0], description=CHEST_PAIN[1], organisation=world.sos
    )
    for thing in WAITING:
        case_services.open_case(
            kind="idea",
            title=f"Snabbare {thing}",
            description=f"Patienter får vänta länge på {thing}.",
            organisation=world.sos,
        )
    counted = search._frequency

    def frequency(name, wanted, cap):
        return counted(name, wanted, cap)[0], REGISTER

    monkeypatch.setattr(search, "_frequency", frequency)
    return case


def test_two_everyday_words_a_case_uses_suggest_nothing(register):
    text = "Min dotter har väntat ett halvår på att få träffa någon på BUP för sin ångest."
    assert similar.similar(text, limit=3) == []


def test_a_text_about_the_case_in_its_own_words_still_finds_it(register):
    text = "Låt patienter med ont i bröstet berätta sin sjukdomshistoria digitalt medan de väntar"
    assert similar.similar(text, limit=1) == [register]


def test_the_least_evidence_is_more_than_one_rare_word_and_grows_with_the_register():
    rare = search.stem("kapnografi")
    for n in (REGISTER, 10_000, 10**6):
        one_word = search.rarity(rare, 1, n, evidence=True)
        assert one_word < search.least_evidence(n) < 2 * one_word
    assert search.least_evidence(REGISTER) < search.least_evidence(10**6)
