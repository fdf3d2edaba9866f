"""Similar cases hear a person's everyday word through Viggo Kann's Swedish thesaurus
(``search_data/thesaurus_sv.txt``): a synonym it gives counts when it is a word of the shipped
lists, and the thesaurus's noise (general language, many senses to a word) stays out."""

from slussen.cases import services as case_services
from slussen.core import search
from slussen.intake import search as similar


def _case(world, title, description):
    return case_services.open_case(
        kind="idea", title=title, description=description, organisation=world.sos
    )


def test_a_patients_everyday_word_finds_the_case_that_uses_its_synonym(world):
    """ "pratar" is in no case and no list; the thesaurus gives "språk" for it, which the case
    about language support uses, and which finds it before a case that shares only the
    patient's going home."""
    language = _case(
        world, "Språkstöd vid utskrivning", "Utskrivningsinformation på patientens eget språk."
    )
    _case(world, "Checklista vid utskrivning", "En checklista när patienten skrivs ut till hemmet.")
    found = similar.similar("Min mamma pratar bara arabiska när hon skrivs ut", limit=3)
    assert found[:1] == [language]


def test_a_companys_word_finds_the_alarm_it_means(world):
    """ "varnar" (warns) is the thesaurus's synonym of "larm": mats that warn when someone gets
    out of bed share two words with the case about a bed alarm, not only the bed."""
    alarm = _case(world, "Sensor i sängen", "Larm när patienten lämnar sängen.")
    _case(world, "Rena lakan", "Lakan byts varje dag.")
    found = similar.similar("Mattor som varnar när någon kliver ur sängen", limit=3)
    assert found == [alarm]


def test_the_thesaurus_gives_only_words_of_the_lists_for_words_they_do_not_map():
    synonyms = lambda word: search.synonyms(search.stem(word))  # noqa: E731
    assert search.stem("språk") in synonyms("pratar")
    assert search.stem("andning") in synonyms("respiration")
    # An everyday word's everyday synonyms are no words of the lists: "mat" is no "käk".
    assert not synonyms("mat")
    # A word the lists map keeps their words alone ("läkemedel": "medicin", not the thesaurus's).
    assert not synonyms("läkemedel")
    # "varmt" is "hjärtligt" (warm-hearted), which Snowball stems as "hjärta" (heart).
    assert search.stem("hjärta") not in synonyms("varmt")


def test_a_noisy_sense_does_not_pull_an_unrelated_case_above_the_right_one(world):
    """ "varmt" is also "hjärtligt", whose stem is the heart's: a text about a warm medicine
    fridge finds the fridge's case, not the heart patients' one that shares its morning."""
    fridge = _case(world, "Kylskåpslogg", "Kylskåpet loggas för hand.")
    heart = _case(world, "Hjärtat på morgonen", "Hjärtat kollas varje morgon hemma.")
    found = similar.similar("Varmt i kylskåpet varje morgon, loggas för hand", limit=3)
    assert found[0] == fridge
    assert heart not in found[:1]
