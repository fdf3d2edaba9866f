"""Similar cases meet the words other people use: an employee writing in English, a patient who
misspells a word, and the little words of everyday Swedish that say nothing about a subject."""

import pytest

from slussen.cases import services as case_services
from slussen.core import search
from slussen.intake import search as similar

TEXTS = [
    ("Drönarleveranser av blodprover", "Blodprover flygs mellan akutsjukhusen."),
    ("Fjärrbedömning av svårläkta sår", "Sjuksköterskan fotograferar såret i hemmet."),
    ("Digital läkemedelsgenomgång för äldre", "Äldre med många läkemedel får en genomgång."),
    ("Halkfria strumpor i stället för egna tofflor", "Många fall sker i strumplästen."),
    ("Digital anamnes vid bröstsmärta", "Patienter väntar länge på akuten."),
    ("Smart schemaläggning för vårdpersonal", "Inom Karolinska."),
]


@pytest.fixture
def cases(world):
    return [
        case_services.open_case(kind="idea", title=t, description=d, organisation=world.sos)
        for t, d in TEXTS
    ]


@pytest.mark.parametrize(
    "text, index",
    [
        ("We could use drones to fly blood samples between the hospitals", 0),
        ("Nurses assess chronic wounds remotely from photos taken at home", 1),
        ("A digital review of the medicines of elderly patients", 2),
        ("Patients with chest pain fill in their medical history before the doctor sees them", 4),
    ],
)
def test_a_text_in_english_finds_the_swedish_case(world, cases, text, index):
    assert similar.similar(text, limit=1) == [cases[index]], text


def test_an_english_word_carries_the_swedish_words_related_to_its_own(world, cases):
    """An English word brings its Swedish words' related ones: "nurses" is "sjuksköterskor",
    and so, with less weight, "vårdpersonal"."""
    assert similar.similar("Software that plans the nurses' shifts", limit=1) == [cases[5]]


def test_a_swedish_word_is_not_read_as_an_english_one_of_another_meaning():
    """Every word is looked up in the English list: "slipper" (is spared) is no slipper,
    "relation" no relative, "fritext" no text message."""
    assert search.english(["patienten", "slipper", "relation", "fritext", "post"]) == []


def test_english_words_that_say_nothing_are_not_compared():
    assert search.words("We could use them instead of those they would have") == []


def test_a_misspelled_word_meets_the_word_it_misspells(world, cases):
    """A word one letter from a listed word stands for it: "medeciner" meets "läkemedel" as
    "mediciner" does."""
    medicines = cases[2]
    assert similar.similar("Mediciner till pensionärer", limit=1) == [medicines]
    assert similar.similar("Medeciner till pensionärer", limit=1) == [medicines]
    # A word of the lists is not taken for another one of them.
    assert search.misspelled(search.stem("konst")) == frozenset()


def test_a_word_the_documents_use_is_not_taken_for_a_misspelling(world, cases):
    """ "smart" is one letter from "smärta", but the cases use it: it is a word of its own."""
    pain = case_services.open_case(
        kind="idea", title="Nacksmärta hos personal", description="Ont i nacken.",
        organisation=world.sos,
    )  # fmt: skip
    assert pain not in similar.similar("Smart lösning för personalen", limit=3)


def test_little_words_of_everyday_swedish_say_nothing_about_a_subject(world, cases):
    assert search.words("i stället för att vänta så länge, samtidigt borde man kunna") == ["vänta"]
    # Sharing "i stället för" and "länge" with two cases does not make a text like them.
    assert similar.similar("Musik i stället för tystnad när man ligger länge", limit=3) == []


@pytest.mark.parametrize(
    "forms",
    [
        ("sensor", "sensorer", "sensorerna"),
        ("rullator", "rullatorer", "rullatorerna"),
        ("respirator", "respiratorer"),
        ("flicka", "flickor", "flickorna"),
        ("dator", "datorer"),
        ("leverans", "leveranser"),
    ],
)
def test_a_singular_in_or_and_its_plural_meet(forms):
    """Snowball takes the "-or" of "sensor" for a plural ending; stemmed once more, "sensor"
    lost its "s" too ("sen") while "sensorer" kept it ("sens")."""
    assert len({search.stem(form) for form in forms}) == 1, [search.stem(f) for f in forms]


def test_the_register_finds_sensorer_by_sensor(world, client):
    from django.urls import reverse

    case = case_services.open_case(
        kind="idea", title="Sensorer för fallprevention", description="Larm när patienten "
        "reser sig.", organisation=world.sos,
    )  # fmt: skip
    client.force_login(world.coordinator)
    for q in ("sensor", "sensorer", "sensorerna"):
        page = client.get(reverse("cases:register"), {"q": q}).text
        assert case.registry_number in page, q
