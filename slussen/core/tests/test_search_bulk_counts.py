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


def test_a_bulk_load_counts_the_stems_it_brought(world):
    for title, text in TEXTS:
        case_services.open_case(kind="idea", title=title, description=text, organisation=world.sos)
    SearchTerm.objects.filter(doc_type="case").update(documents=None)  # as after the saves
    search.index_many(Case.objects.all(), "case")
    truth = Counter(
        SearchEntry.objects.filter(doc_type="case").values_list("term", flat=True)
    )
    counted = dict(SearchTerm.objects.filter(doc_type="case").values_list("term", "documents"))
    assert {term: counted[term] for term in truth} == dict(truth)


def test_one_objects_save_counts_nothing_it_need_not(world):
    """The count is a bulk load's: a case's own save leaves its new stems to be counted when
    asked."""
    case = case_services.open_case(
        kind="idea", title=TEXTS[0][0], description=TEXTS[0][1], organisation=world.sos
    )
    SearchTerm.objects.filter(doc_type="case").update(documents=None)
    search.index_many([case], "case")
    assert not SearchTerm.objects.filter(doc_type="case", documents__isnull=False).exists()
