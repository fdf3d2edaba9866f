"""What counts as evidence that a text is about a case (``search.no_evidence``): a suggestion
needs two words of the text that meet the case, each with evidence of its own. A stem or part
two words of the text have letter for letter is one word's evidence ("natten" and "nattetid");
a related word two words stand for is evidence for each ("rullstolar", "rollatorer"); an
ending of a word that is no word ("tandställ|ning") meets other words with the same ending
("akutmottag|ning"), not the same subject."""

from slussen.cases import services as case_services
from slussen.core import search
from slussen.intake import search as similar

CASES = [
    ("Tysta larm på natten", "Larmen hörs bara av den som ska svara, inte av alla patienter."),
    ("Cirkulära hjälpmedel", "Hjälpmedel lagas och lånas ut igen i stället för att slängas."),
    ("Drönare för blodprover", "Drönare flyger blodprover mellan sjukhusen."),
    ("Sårvård i hemmet", "Sjuksköterskor lägger om sår hemma hos patienten."),
    ("Skyltning till akutmottagningen", "Besökare hittar inte ingången till akuten."),
    ("Väntetid i realtid på akutmottagningen", "Patienter ser hur länge de får vänta."),
]


def _cases(world):
    made = {
        title: case_services.open_case(
            kind="idea", title=title, description=text, organisation=world.sos
        )
        for title, text in CASES
    }
    search.count_documents(["case"])
    return made


def _word(text, stem_):
    return list(dict.fromkeys(search.stems(text))).index(stem_)


def test_a_stem_two_words_share_letter_for_letter_is_one_words_evidence():
    text = "Jag satt uppe på natten med barnet; en jour nattetid hade hjälpt."
    wanted = search.query_terms(text)
    natt = search.stem("natten")
    assert natt in search.parts(search.stem("nattetid"))
    none = search.no_evidence(text, wanted)
    # "natt" stays the evidence of "natten" (itself, with a word's weight), not of "nattetid"
    # too (a part of it).
    assert (natt, _word(text, natt)) not in none
    assert (natt, _word(text, search.stem("nattetid"))) in none
    # A part several words begin with is one word's evidence: "blod" of three.
    text = "Blodgivare, blodcentralen och min blodgrupp"
    wanted = search.query_terms(text)
    none = search.no_evidence(text, wanted)
    assert len([w for t, w in none if t == "blod"]) == 2


def test_a_related_word_two_words_stand_for_is_evidence_for_each():
    text = "Rullstolar och rollatorer slängs fast de kunde lagas"
    wanted = search.query_terms(text)
    aid = search.stem("hjälpmedel")
    assert len(wanted[aid]) >= 2  # both words stand for "hjälpmedel"
    assert not {(t, w) for t, w in search.no_evidence(text, wanted) if t == aid}


def test_one_word_said_twice_suggests_no_case_and_two_words_of_the_same_meaning_do(world):
    made = _cases(world)
    night = (
        "Som nybliven mamma satt jag uppe på natten med ett barn som inte ville äta."
        " En jour nattetid hade varit guld värt."
    )
    assert similar.similar(night) == []
    aids = "Rullstolar och rollatorer slängs fast de kunde lagas"
    assert made["Cirkulära hjälpmedel"] in similar.similar(aids)


def test_an_ending_that_is_no_word_is_no_evidence_and_a_compounds_last_word_is():
    assert search._suffix("ning", search.stem("tandställning"))
    assert search._suffix("dning", search.stem("utredning"))
    assert not search._suffix("ställning", search.stem("tandställning"))  # a word
    assert not search._suffix(search.stem("smärta"), search.stem("nacksmärta"))
    assert not search._suffix("tand", search.stem("tandställning"))  # a beginning
    text = "Min dotter har väntat över ett år på tandställning"
    none = search.no_evidence(text, search.query_terms(text))
    assert ("ning", _word(text, search.stem("tandställning"))) in none


def test_a_text_that_shares_one_word_and_an_ending_gets_no_suggestion(world):
    _cases(world)
    braces = (
        "Min dotter har väntat över ett år på tandställning. Finns det inget sätt att korta kön?"
    )
    assert similar.similar(braces) == []
    # The case is found when the text is about it.
    waiting = "Kan man se på nätet hur länge man får vänta på akuten just nu?"
    assert [c.title for c in similar.similar(waiting)][:1] == [
        "Väntetid i realtid på akutmottagningen"
    ]
