"""Similar cases hear a stranger's words: an everyday word that names a case's clinical subject
counts as that word, a misspelled word meets the word of the cases it misspells, and an English
phrase of the list is one word."""

import pytest

from slussen.cases import services as case_services
from slussen.core import search
from slussen.intake import search as similar


def _case(world, title, description):
    return case_services.open_case(
        kind="idea", title=title, description=description, organisation=world.sos
    )


def test_a_word_no_case_uses_counts_as_the_clinical_word_it_stands_for(world, monkeypatch):
    """ "sockersjuka" is in no case: its clinical word "diabetes" is what the text says, and it
    is not outranked by a more common word the text shares with another case ("kvällen")."""
    from slussen.core.models import SearchDocument

    # The documents' number as a register's ids say it (the highest id): on PostgreSQL the
    # earlier tests' cases leave gaps in the ids that a region's register has not.
    counted = search._frequency

    def frequency(name, wanted, cap):
        return counted(name, wanted, cap)[0], SearchDocument.objects.filter(doc_type=name).count()

    monkeypatch.setattr(search, "_frequency", frequency)
    diabetes = _case(world, "Gruppträffar", "Skola om diabetes för föräldrar.")
    evening = _case(world, "Fika", "Föräldrar fikar på kvällen.")
    _case(world, "Städning", "Städning på kvällen.")
    found = similar.similar("Sockersjuka: föräldrar på kvällen", limit=3)
    assert found == [diabetes, evening]


def test_a_word_a_case_uses_keeps_its_related_words_at_their_weight():
    """Only a word no document uses stands for its translation: beside a word of the documents,
    a related word is a second reading and counts for less."""
    text = "sockersjuka hos barn"
    sugar = search.stem("sockersjuka")
    plain = search.query_terms(text)
    absent = search.query_terms(text, absent={sugar})
    diabetes = search.stem("diabetes")
    assert plain[diabetes][0] == search.QUERY_WEIGHT["related"]
    assert absent[diabetes][0] == search.QUERY_WEIGHT["absent"] > search.QUERY_WEIGHT["related"]


def test_an_english_phrase_of_the_list_is_one_word():
    """ "chest pain" is "bröstsmärta": its words are not also "bröst" and "smärta" each."""
    found = search.english(search.words("chest pain"))
    assert [i for i, _meant in found] == [0]
    assert search.stem("bröstsmärta") in found[0][1]


def test_a_misspelled_word_meets_the_word_of_the_cases_it_misspells(world):
    """A word no case uses, one edit from a word the cases use, stands for it, though the shipped
    lists do not know the word and no beginning or ending of it meets the case's."""
    windows = _case(world, "Smutsiga fönster", "Fönstren tvättas sällan.")
    _case(world, "Cykelställ vid entrén", "Personal cyklar till jobbet.")
    assert similar.similar("Smtusiga fösnter", limit=3) == [windows]


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("ladstolpar", "laddstolpar"),
        ("sjukhusspersonal", "sjukhuspersonal"),
        ("akutmotagning", "akutmottagning"),
    ],
)
def test_a_misspelling_is_one_edit_from_its_word(typed, meant):
    assert search.stem(meant) in search.edits(search.stem(typed))


def test_a_misspelling_meets_the_word_most_documents_use(world):
    """Of two words of the cases one edit away, the one more cases use."""
    for n in range(3):
        _case(world, f"Sänglarm nummer {n}", "Larm när patienten lämnar sängen.")
    _case(world, "Sanglärare", "Körsång.")
    search.count_documents(["case"])
    typed = search.stem("sänglam")
    assert search.respelled("case", {typed}) == {typed: search.stem("sänglarm")}
