"""A suggestion box asks the same words' numbers at every keystroke: the counted numbers of a
text's stems and parts are kept by the process (``search._counted``), asked of the database
once, and the suggestions are the same as when every number is asked."""

from django.db import connection

from slussen.cases import services as case_services
from slussen.core import search
from slussen.intake import search as similar

TEXT = "Drönare levererar blodprover mellan sjukhusen på natten"


def _cases(world):
    made = [
        case_services.open_case(
            kind="idea", title=title, description=description, organisation=world.sos
        )
        for title, description in [
            ("Drönarleveranser av blodprover", "Drönare flyger blodprover mellan sjukhus."),
            ("Nattlig transport av prover", "Prover körs mellan sjukhusen på natten."),
            ("Matleveranser till avdelningar", "Maten levereras varm till avdelningarna."),
            ("Sårvård i hemmet", "Sjuksköterskor lägger om sår hemma hos patienten."),
        ]
    ]
    search.count_documents(["case"])
    return made


class Asked:
    """The stems and parts a suggestion asks the counted numbers of (the vocabulary's counts
    query's first arms, before the stems not counted yet), on either database."""

    def __init__(self):
        self.terms = []

    def __call__(self, execute, sql, params, many, context):
        if "'counted'" in sql and "core_searchpartcount" in sql.lower():
            counted = sql.split("SELECT 'new'")[0]
            values = list(params or ())[: counted.count("%s")]
            for value in values:
                if isinstance(value, str) and value.startswith("{"):
                    self.terms += [v.strip('"') for v in value[1:-1].split(",") if v]
                elif isinstance(value, str) and value != "case":
                    self.terms.append(value)
        return execute(sql, params, many, context)


def test_a_texts_counted_numbers_are_asked_once_and_the_suggestions_stay_the_same(world):
    _cases(world)
    first = Asked()
    with connection.execute_wrapper(first):
        before = similar.similar(TEXT, limit=3)
    assert before, "the fixture's text should find its cases"
    drone = search.stem("drönare")
    assert drone in first.terms
    again = Asked()
    with connection.execute_wrapper(again):
        after = similar.similar(TEXT, limit=3)
    # The stems and parts read counted a moment ago are not asked again; only those no
    # document was counted with (none here, or new since the count) are.
    assert drone not in again.terms
    assert len(again.terms) < len(first.terms)
    assert after == before
    terms = sorted(search.query_terms(TEXT))
    kept = search.document_frequency("case", terms, 1000)
    search._counted.clear()
    assert search.document_frequency("case", terms, 1000) == kept


def test_a_count_forgets_the_numbers_kept_and_a_new_stem_is_counted_at_once(world):
    """A count of the documents makes the process ask the counted numbers again; a stem new
    since the count is asked each time (its documents counted in the index)."""
    _cases(world)
    terms = sorted(search.query_terms(TEXT))
    drone = search.stem("drönare")
    before = search.document_frequency("case", terms, 1000)[drone]  # kept now
    case_services.open_case(
        kind="idea", title="Drönare i fjällen", description="Drönare.", organisation=world.sos
    )
    search.count_documents(["case"])
    counted = search.document_frequency("case", terms, 1000)
    assert counted[drone][0] == before[0] + 1
    search._counted.clear()
    assert search.document_frequency("case", terms, 1000) == counted
    new_word = search.stem("blodprovsdrönare")
    case_services.open_case(
        kind="idea", title="Blodprovsdrönare", description="Text.", organisation=world.sos
    )
    assert search.document_frequency("case", [new_word], 1000)[new_word][0] == 1
