"""A bulk load leaves the vocabulary's counts right: the stems it brought are counted at once,
not when the daily job runs, so the misspelling correction ranks its candidates by how many
documents use them from the first question (it fell back to alphabetical order before)."""

from collections import Counter

from slussen.cases import services as case_services
from slussen.cases.models import Case
from slussen.core import search
from slussen.core.models import SearchEntry, SearchTerm

TEXTS = [
    ("Laddplatser för elrullstolar", "Elrullstolar laddas i väntrummet."),
    ("Fler laddplatser på akuten", "Elrullstolar och rollatorer behöver laddplatser."),
    ("Laddplatser i entrén", "Elrullstolar laddas vid entrén."),
    ("Elrullstolar på natten", "Laddning av elrullstolar."),
]


def test_a_bulk_load_counts_the_stems_it_brought_and_one_save_leaves_them(world):
    cases = [
        case_services.open_case(kind="idea", title=title, description=text, organisation=world.sos)
        for title, text in TEXTS
    ]
    SearchTerm.objects.filter(doc_type="case").update(documents=None)  # as after the saves
    search.index_many(cases[:1], "case")  # one object's save: counted when asked, not here
    assert not SearchTerm.objects.filter(doc_type="case", documents__isnull=False).exists()
    search.index_many(Case.objects.all(), "case")  # a bulk load
    truth = Counter(SearchEntry.objects.filter(doc_type="case").values_list("term", flat=True))
    counted = dict(SearchTerm.objects.filter(doc_type="case").values_list("term", "documents"))
    assert {term: counted[term] for term in truth} == dict(truth)
