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


def test_two_everyday_words_a_case_uses_suggest_nothing_and_its_subject_does(register):
    text = "Min dotter har väntat ett halvår på att få träffa någon på BUP för sin ångest."
    assert similar.similar(text, limit=3) == []
    # A text about the case in its own words still finds it.
    text = "Låt patienter med ont i bröstet berätta sin sjukdomshistoria digitalt medan de väntar"
    assert similar.similar(text, limit=1) == [register]


def test_the_least_evidence_is_more_than_one_rare_word_and_bounded_by_the_language():
    """In the region's register a suggestion needs more than one word one case uses; in a
    million cases, two words a thousand cases use each still suggest their case, and two
    everyday words that one case in fourteen uses (as in the demo region) still do not."""
    rare = search.stem("kapnografi")
    assert search.rarity(rare, 1, REGISTER, evidence=True) < search.least_evidence(REGISTER)
    million = 10**6
    assert 2 * search.rarity(rare, 1000, million, evidence=True) > search.least_evidence(million)
    everyday = [search.stem("få"), search.stem("tid")]
    said = sum(search.rarity(w, million // 14, million, evidence=True) for w in everyday)
    assert said < search.least_evidence(million)


def test_a_register_that_grew_since_its_count_is_as_large_as_its_commonest_word_says():
    """The number of documents is read as last counted (daily): a word of the text in more
    documents than that tells of a larger register; a part's count (its compounds' added up,
    a document counted twice) does not."""
    assert search.at_least(1, {"ambulan": (3, 3)}, {"ambulan"}) == 3
    assert search.at_least(1, {"språk": (2, 1)}, set()) == 2
    assert search.at_least(1, {"vård": (500, 40)}, set()) == 1
    assert search.at_least(300, {"språk": (2, 1)}, set()) == 300
