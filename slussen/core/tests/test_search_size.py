"""How many documents a type has, as the ranking weighs a word's rarity by it: the documents
counted with the words (``count_documents``), not the highest id, which deleted and
rolled-back rows leave ahead (on PostgreSQL a sequence never goes back; the tests before the
similar-case eval left it thousands ahead and made 21 of 30 unrelated texts get a suggestion
instead of 19)."""

from slussen.cases import services as case_services
from slussen.cases.models import Case
from slussen.core import search
from slussen.core.models import SearchEntry, SearchPartCount
from slussen.intake import search as similar

TEXTS = [
    ("Sårvård i hemmet", "Sjuksköterskor lägger om sår hemma hos patienten."),
    ("Drönare för blodprover", "Drönare flyger blodprover mellan sjukhusen."),
    ("Tysta larm på natten", "Larmen hörs bara av den som ska svara."),
]


def _indexed():
    return SearchEntry.objects.filter(doc_type="case").values("doc_id").distinct().count()


def test_the_size_is_the_counted_documents_not_the_highest_id(world):
    made = [
        case_services.open_case(kind="idea", title=title, description=text, organisation=world.sos)
        for title, text in TEXTS * 4
    ]
    search.count_documents(["case"])
    assert search.total("case") == _indexed()
    # Rows deleted (or rolled back) leave the highest id far ahead of the documents.
    for case in made[:-3]:
        case.delete()
    for case in made[-3:]:
        case_services.open_case(
            kind="idea", title=case.title, description=case.description, organisation=world.sos
        )
        case.delete()
    assert Case.objects.order_by("-pk").first().pk > _indexed()
    search.count_documents(["case"])
    assert search.total("case") == _indexed()
    drone = search.stem("drönare")
    assert search._frequency("case", [drone], 1000)[1] == _indexed()  # the ranking's size
    # A word one document of three uses is as rare as it is, not as if three of thousands.
    assert similar.similar("Drönare med blodprover till sjukhusen")


def test_before_any_count_the_size_is_the_highest_id(world):
    """A type never counted (a database before its first count) falls back on its highest
    id, in the same statement."""
    case_services.open_case(
        kind="idea", title=TEXTS[0][0], description=TEXTS[0][1], organisation=world.sos
    )
    SearchPartCount.objects.filter(doc_type="case").delete()
    top = Case.objects.order_by("-pk").first().pk
    assert search.total("case") == top
