"""The one search: inflections and compound words find the same cases, on SQLite and PostgreSQL
alike (run this file on both: ``scripts/pg-throwaway``), with the scope applied inside."""

import pytest
from django.urls import reverse

from slussen.cases import services as case_services
from slussen.cases.models import Case, Secrecy
from slussen.core import search
from slussen.core.models import SearchDocument, SearchEntry
from slussen.intake import search as similar

TEXTS = [
    ("Fjärrbedömning av svårläkta sår", "Sjuksköterskan fotograferar såret i hemmet."),
    ("Digital läkemedelsgenomgång för äldre", "Äldre med många läkemedel får en genomgång."),
    ("Drönarleveranser av blodprover", "Blodprover flygs mellan akutsjukhusen."),
    ("Tydligare skyltning till akutmottagningen", "Bättre skyltar på natten."),
]


@pytest.fixture
def cases(world):
    return [
        case_services.open_case(kind="idea", title=t, description=d, organisation=world.sos)
        for t, d in TEXTS
    ]


def found(client, q):
    page = client.get(reverse("cases:register"), {"q": q}).text
    return {c.registry_number for c in Case.objects.all() if c.registry_number in page}


@pytest.mark.parametrize(
    "forms", [("sår", "såren", "såret"), ("läkemedel", "läkemedlen", "läkemedlet")]
)
def test_inflections_find_the_same_cases_in_the_register(world, client, cases, forms):
    client.force_login(world.coordinator)
    answers = [found(client, q) for q in forms]
    assert answers[0], forms
    assert all(answer == answers[0] for answer in answers), dict(zip(forms, answers, strict=True))


def test_the_definite_form_of_a_word_in_a_finds_the_word(world, client):
    """Snowball keeps "kylväskan" whole but makes "kylväska" "kylväsk": the searched word
    without its definite "-n" is stemmed too."""
    case = case_services.open_case(
        kind="idea", title="Kylväska för hembesök", description="", organisation=world.sos
    )
    client.force_login(world.coordinator)
    for q in ("kylväska", "kylväskan", "kylväskor", "väskan"):
        assert case.registry_number in found(client, q), q


def test_a_word_finds_the_compounds_it_begins_and_ends(world, client, cases):
    client.force_login(world.coordinator)
    drones, wounds = cases[2].registry_number, cases[0].registry_number
    assert drones in found(client, "drönare")  # "drönarleveranser"
    assert drones in found(client, "leveranser")  # the compound's last part
    assert wounds in found(client, "bedömning")  # "fjärrbedömning"
    assert drones not in found(client, "drönare skyltar")  # every word must match


@pytest.mark.parametrize(
    "forms",
    [
        ("drönarleverans", "drönarleveranser", "drönarleveransen"),  # Snowball: "-ans"/"-anser"
        ("datorer", "dator", "datorerna"),  # "-or"/"-orer"
    ],
)
def test_inflections_snowball_leaves_apart_meet(forms):
    assert len({search.stem(form) for form in forms}) == 1, [search.stem(f) for f in forms]


def test_the_definite_form_after_a_vowel_finds_the_word_in_the_register(world, client):
    environments = case_services.open_case(
        kind="idea", title="Lugnare vårdmiljöer", description="Mindre buller på natten.",
        organisation=world.sos,
    )  # fmt: skip
    client.force_login(world.coordinator)
    for q in ("vårdmiljön", "miljön", "vårdmiljö"):
        assert environments.registry_number in found(client, q), q


def test_a_base_form_finds_the_compounds_it_begins(world, client, cases):
    client.force_login(world.coordinator)
    medicines, drones = cases[1].registry_number, cases[2].registry_number
    assert medicines in found(client, "läkemedel")  # "läkemedelsgenomgång", by its heading
    assert medicines in found(client, "läkemedel digital")  # "Digital läkemedelsgenomgång"
    assert drones in found(client, "drönarleverans")  # "drönarleveranser"


def test_similar_cases_meet_across_inflections_and_compounds(world, cases):
    drones = cases[2]
    for text in (
        "Drönare som flyger prover",
        "Drönarleverans av prover",
        "Drönarleveranserna av proverna",
    ):
        assert similar.similar(text, limit=3)[:1] == [drones], text
    wounds = cases[0]
    assert similar.similar("Bedömning av såren på distans", limit=1) == [wounds]
    medicines = cases[1]
    assert similar.similar("Genomgång av läkemedlen för de äldre", limit=1) == [medicines]


def test_related_words_and_parts_carry_a_paraphrase(world, cases):
    neck = case_services.open_case(
        kind="proposal", title="Nacksmärta hos personal", description="Många får nacksmärta "
        "av att sitta vid datorn.", organisation=world.sos,
    )  # fmt: skip
    pocket = case_services.open_case(
        kind="idea", title="Ultraljud i fickformat", description="Ett ultraljud i fickformat "
        "för hembesök.", organisation=world.sos,
    )  # fmt: skip
    assert similar.similar("Ont i nacken efter jobb vid datorn", limit=1) == [neck]
    assert similar.similar("Ultraljudsapparat i fickstorlek", limit=1) == [pocket]


def test_scope_is_applied_inside_the_search(world, client, cases):
    secret = case_services.open_case(
        kind="idea", title="Drönare för läkemedel", description="Hemligt drönarprojekt.",
        organisation=world.orgs["karolinska"], secrecy=Secrecy.SECRET,
    )  # fmt: skip
    client.force_login(world.advisor)  # SöS: does not see Karolinska's secret case
    assert secret.registry_number not in found(client, "drönare")
    assert cases[2].registry_number in found(client, "drönare")
    scope = Case.objects.filter(organisation=world.sos)
    assert secret.pk not in [pk for pk, _ in search.ranked("case", "drönare läkemedel", scope)]
    client.force_login(world.coordinator)
    assert secret.registry_number in found(client, "drönare")


def test_every_save_and_delete_keeps_the_index_current_and_reindex_rebuilds_it(world, cases):
    case = cases[3]
    case_services.update_case(
        case, world.coordinator, expected_version=case.version, title="Skyltar på engelska"
    )
    assert SearchEntry.objects.filter(doc_type="case", doc_id=case.pk, term="engelsk").exists()
    SearchEntry.objects.all().delete()
    assert search.reindex(["case"])["case"] == Case.objects.count()
    assert SearchEntry.objects.filter(doc_type="case", doc_id=case.pk, term="engelsk").exists()
    pk = case.pk
    case.delete()
    assert not SearchEntry.objects.filter(doc_type="case", doc_id=pk).exists()
    assert not SearchDocument.objects.filter(doc_type="case", doc_id=pk).exists()


def test_a_documents_row_of_words_holds_its_stems_and_their_parts(world, cases):
    """The inverted index's row (``SearchDocument``) of a case: every stem and its beginnings
    and endings, the heading's apart; kept on every save, rebuilt from the entries alike."""
    drones = SearchDocument.objects.get(doc_type="case", doc_id=cases[2].pk)
    words = set(drones.terms.split())
    compound = search.stem("drönarleveranser")
    assert {compound, "drön", search.stem("leveranser"), search.stem("blodprover")} <= words
    assert search.stem("akutsjukhusen") in words and compound in drones.heading.split()
    assert search.stem("akutsjukhusen") not in drones.heading.split()
    case = cases[3]
    case_services.update_case(
        case, world.coordinator, expected_version=case.version, title="Skyltar på engelska"
    )
    assert "engelsk" in SearchDocument.objects.get(doc_type="case", doc_id=case.pk).heading
    before = dict(SearchDocument.objects.values_list("doc_id", "terms"))
    SearchDocument.objects.all().delete()
    assert search.build_documents(["case"]) == len(before)
    assert dict(SearchDocument.objects.values_list("doc_id", "terms")) == before


def test_many_matches_are_met_in_the_lists_order_with_the_same_answers(
    world, client, cases, monkeypatch
):
    """More matches than are read at once by their ids (``search.CANDIDATES``) are met as the
    register is walked in order; the answers are the same either way, in every scope."""
    more = [
        case_services.open_case(
            kind="idea", title=f"Drönare nummer {i}", description="Drönarleverans av prover.",
            organisation=world.sos if i % 2 else world.orgs["karolinska"],
            secrecy=Secrecy.SECRET if i % 3 == 0 else Secrecy.PUBLIC,
        )
        for i in range(6)
    ]  # fmt: skip
    answers = {}
    for candidates in (1000, 2):
        monkeypatch.setattr(search, "CANDIDATES", candidates)
        for who in (world.coordinator, world.advisor):
            client.force_login(who)
            answers[candidates, who.pk] = found(client, "drönare leveranser")
    assert answers[2, world.coordinator.pk] == answers[1000, world.coordinator.pk]
    assert answers[2, world.advisor.pk] == answers[1000, world.advisor.pk]
    everyone = {c.registry_number for c in [cases[2], *more]}
    assert answers[2, world.coordinator.pk] == everyone
    assert answers[2, world.advisor.pk] == {
        c.registry_number for c in [cases[2], *more] if c.organisation_id == world.sos.pk
    }


def test_a_persons_similar_cases_come_from_her_scope_when_the_best_lie_outside_it(world):
    """The scope is applied to the best matches of all cases first; when those lie outside it
    (another organisation's secret cases), the ones inside are still found."""
    hidden = [
        case_services.open_case(
            kind="idea", title="Drönarleveranser av blodprover mellan sjukhus",
            description="Drönare flyger blodprover.", organisation=world.orgs["karolinska"],
            secrecy=Secrecy.SECRET,
        )
        for _ in range(25)
    ]  # fmt: skip
    own = case_services.open_case(
        kind="idea", title="Blodprover med drönare", description="Leveranser i luften.",
        organisation=world.sos, secrecy=Secrecy.SECRET,
    )  # fmt: skip
    text = "Drönarleveranser av blodprover"
    everyone = [pk for pk, _ in search.ranked("case", text, limit=30)]
    assert set(everyone[:20]) <= {c.pk for c in hidden}
    scope = Case.objects.filter(organisation=world.sos)
    assert own.pk in [pk for pk, _ in search.ranked("case", text, scope, limit=3)]
    assert not {pk for pk, _ in search.ranked("case", text, scope)} & {c.pk for c in hidden}


def test_bulk_loads_are_indexed_with_index_many(world):
    made = Case.objects.bulk_create(
        [
            Case(
                registry_number=f"X 2026-{i:05d}", registry_year=2026, registry_seq=90000 + i,
                kind="idea", title=f"Drönare nummer {i}", description="Drönarleverans",
                organisation=world.sos, state=world.case.state,
            )
            for i in range(3)
        ]
    )  # fmt: skip
    assert not SearchEntry.objects.filter(doc_id__in=[c.pk for c in made]).exists()
    search.index_many(made, "case")
    assert SearchEntry.objects.filter(doc_id__in=[c.pk for c in made], term="drön").count() == 3


def test_huge_and_odd_input_is_harmless(world, client, cases):
    client.force_login(world.coordinator)
    # Too long for the field: the error beside the text, nothing listed (``list_filters``).
    assert client.get(reverse("cases:register"), {"q": "ö" * 5000 + " %_'\""}).status_code == 400
    for nothing in ("%_'\"", "12 34", "- ."):  # no word to look for: no case, no error
        assert found(client, nothing) == set(), nothing
    assert similar.similar("x" * 100000 + " drönare " * 5000, limit=3) is not None
    assert similar.similar("", limit=3) == []
    assert similar.similar("och det att", limit=3) == []


def test_a_scope_without_a_filter_reads_no_document_ids():
    """A region-wide reader's scope (every document) adds nothing to the index's query: the
    database would otherwise read every document's id to filter by them."""
    from slussen.core.models import SearchEntry, Workflow

    rows = SearchEntry.objects.filter(doc_type="case", term="sår")
    assert "core_workflow" not in str(search._scoped(rows, Workflow.objects.all()).query)
    scoped = search._scoped(rows, Workflow.objects.filter(code="case"))
    assert "core_workflow" in str(scoped.query)


def test_the_index_keeps_a_documents_stems_and_each_words_parts_once(world, client):
    """The index grows with the documents' words, not with their words' parts: two cases with
    the same compound word store one row per distinct stem each; the compound's beginnings and
    endings are kept once, in the vocabulary, and still find both cases."""
    from slussen.core.models import SearchPart

    text = "Drönarleveranser av blodprover mellan sjukhusen"
    made = [
        case_services.open_case(kind="idea", title=text, description="", organisation=world.sos)
        for _ in range(2)
    ]
    for case in made:
        rows = SearchEntry.objects.filter(doc_type="case", doc_id=case.pk)
        assert sorted(rows.values_list("term", flat=True)) == sorted(set(search.stems(text)))
    compound = search.stem("drönarleveranser")
    assert SearchPart.objects.filter(term=compound).count() == len(search.parts(compound))
    assert SearchPart.objects.filter(part="drön", term=compound).count() == 1
    client.force_login(world.coordinator)
    for q in ("drönare", "leveranser", "drönarleverans"):
        assert {c.registry_number for c in made} <= found(client, q), q


def test_words_each_common_but_rarely_together_are_read_through_the_index(world, monkeypatch):
    """On PostgreSQL a search expected to match more than ``CANDIDATES`` documents is met in
    the list (walked in order); the expectation takes the words together, so that words each
    common but rarely in one document are read through the index, not walked for."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the inverted index is PostgreSQL's")
    for i in range(12):
        words = ["ambulans"] if i % 2 else ["dialys"]
        if i == 0:
            words = ["ambulans", "dialys"]
        case_services.open_case(
            kind="idea", title=" ".join(words).capitalize(), description="Text.",
            organisation=world.sos,
        )  # fmt: skip
    search.count_documents(["case"])
    monkeypatch.setattr(search, "COMMON_FROM", 0)
    monkeypatch.setattr(search, "CANDIDATES", 4)
    (together,) = search.matching("case", "ambulans dialys")
    assert isinstance(together, search.Candidates)
    assert together.size == 1
    (alone,) = search.matching("case", "ambulans")  # 7 expected: met in the list
    assert not isinstance(alone, search.Candidates)
    assert Case.objects.filter(pk__in=alone).count() == 7


def test_a_small_types_search_does_not_look_up_its_words_counts_each_time(world):
    """On PostgreSQL every search looked up its words' counts to choose between the inverted
    index and a walk of the list, which only a type of ``COMMON_FROM`` documents may need: a
    type found small a moment ago (the test results, 50 000 at a million cases) is read
    through the index at once, one round trip less per search. What is found is the same."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    made = case_services.open_case(
        kind="idea", title="Drönarleveranser", description="Text.", organisation=world.sos
    )
    assert list(search.narrow(Case.objects.all(), "case", "drönare")) == [made]
    with CaptureQueriesContext(connection) as ctx:
        again = search.narrow(Case.objects.all(), "case", "drönare")
        assert list(again) == [made]
    assert not [q for q in ctx.captured_queries if "core_searchpartcount" in q["sql"]]


def test_words_are_stemmed_alike_by_threads_stemming_at_once():
    """gunicorn's threads stem at once: each has its own stemmer (Snowball's keeps the word it
    works on in itself; shared, two threads corrupted each other's words, a 500)."""
    import threading

    from slussen.core import search

    words = [f"{root}{n}ningarna" for n in range(3000) for root in ("vård", "läkemedel")]
    expected = [search._stemmer().stemWord(w) for w in words]
    found, failed = {}, []

    def work(k):
        try:
            found[k] = [search._stemmer().stemWord(w) for w in words]
        except Exception as error:  # noqa: BLE001 – what a thread met is the finding
            failed.append(repr(error))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failed
    assert all(found[k] == expected for k in range(8))


def test_a_search_that_finds_nothing_suggests_the_words_the_lists_know(world, client, cases):
    """A typo or an English word finds nothing; the page offers the word the search's lists
    know ("Did you mean …?"), with the list's other filters kept, and that search finds."""
    import html
    import re

    client.force_login(world.coordinator)
    medicines, wounds = cases[1].registry_number, cases[0].registry_number
    for typed, meant, case in [("läkemdel", "läkemedel", medicines), ("wound", "sår", wounds)]:
        page = client.get(reverse("cases:register"), {"q": typed, "kind": "idea", "page": "1"})
        text = page.text
        assert found(client, typed) == set(), typed
        link = re.search(r'Menade du <a href="\?([^"]+)">([^<]+)</a>\?', text)
        assert link and link.group(2) == meant, typed
        query = html.unescape(link.group(1))
        assert f"q={meant}" in query.replace("%C3%A4", "ä").replace("%C3%A5", "å")
        assert "kind=idea" in query and "page=" not in query
        assert case in client.get(f"{reverse('cases:register')}?{query}").text
    page = client.get(reverse("cases:register"), {"q": "zebrafink"}).text
    assert "Menade du" not in page and "Inga träffar för ”zebrafink”" in page
