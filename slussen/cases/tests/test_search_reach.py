"""A search in a person's scope: her organisations' cases, the ones she handles, submitted or is
named on. On PostgreSQL the scope is intersected with the words inside the search's index (each
case's document carries the marks of its scope); on both databases the same cases are found."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from slussen.cases import rules, services
from slussen.cases.models import Case
from slussen.cases.selectors import text_q
from slussen.core import search
from slussen.core.models import SearchDocument
from slussen.process.tests.conftest import start_service_case


def _open(world, title, organisation, *, handler=None, submitter=None):
    return services.open_case(
        kind="idea",
        title=title,
        description="En kylväska som håller läkemedlen svala under hembesök.",
        organisation=organisation,
        actor=submitter or world.advisor,
        submitter=submitter,
        handler=handler,
    )


def _as_at_a_million(monkeypatch, words):
    """``common``: as at a million cases, where these words are common: her scope is read in the
    index. ``rare``: words in few cases (as every word is in a test's small register): her reach
    is tested on the matches' own marks after the index."""
    if words == "common":
        monkeypatch.setattr(search, "COMMON_FROM", 0)
        monkeypatch.setattr(search, "REACH_FROM", 0)


WORDS = pytest.mark.parametrize("words", ["common", "rare"])


def _marks(case):
    return SearchDocument.objects.get(doc_type="case", doc_id=case.pk).marks


def test_a_cases_document_carries_the_marks_of_its_scope_and_follows_a_handover(world):
    case = world.case
    assert _marks(case) == f"@org:{world.sos.pk} @submitter:{world.employee.pk}"
    services.reassign(
        case,
        world.coordinator,
        organisation=world.karolinska,
        handler=world.advisor_other,
        reason="Karolinska driver liknande arbete.",
    )
    assert _marks(case) == (
        f"@org:{world.karolinska.pk} @handler:{world.advisor_other.pk}"
        f" @submitter:{world.employee.pk}"
    )
    # A save of the handler alone writes the marks, not the words, again.
    saved = Case.objects.get(pk=case.pk)
    saved.handler = world.innovation_head
    saved.save(update_fields=["handler"])
    assert f"@handler:{world.innovation_head.pk}" in _marks(case)
    # Written again from the cases themselves (a bulk load, the migration): the same marks.
    before = dict(SearchDocument.objects.values_list("doc_id", "marks"))
    SearchDocument.objects.update(marks="")
    search.mark_documents(["case"])
    assert dict(SearchDocument.objects.values_list("doc_id", "marks")) == before


def test_a_search_in_an_advisors_scope_finds_her_cases_and_only_hers(world, client, monkeypatch):
    # As at a million cases, where "kylväska" would be common: her scope read in the index.
    monkeypatch.setattr(search, "COMMON_FROM", 0)
    monkeypatch.setattr(search, "REACH_FROM", 0)
    mine = _open(world, "Kylväska för hembesök", world.sos)
    handled = _open(world, "Kylväskor i hemsjukvården", world.karolinska, handler=world.advisor)
    others = _open(world, "Kylväska på Karolinska", world.karolinska)
    submitted = _open(
        world,
        "Min kylväska",
        world.karolinska,
        submitter=world.advisor,
        handler=world.advisor_other,
    )
    search.count_documents(["case"])  # the words' counts, as the nightly count leaves them
    reach = rules.visible_reach(world.advisor)
    assert reach is not None and f"@org:{world.sos.pk}" in reach.marks
    scope = Case.objects.filter(rules.visible_q(world.advisor))
    (found,) = search.matching("case", "kylväskan", scope, reach=reach)
    matched = set(scope.filter(search.within("pk", found)).values_list("pk", flat=True))
    assert matched == {mine.pk, handled.pk, submitted.pk}
    if isinstance(found, search.Candidates):  # PostgreSQL: the index read her matches only
        assert found.size == 3
    client.force_login(world.advisor)
    page = client.get(reverse("cases:register"), {"q": "kylväskor"}).text
    for case in (mine, handled, submitted):
        assert case.registry_number in page
    assert others.registry_number not in page


@WORDS
def test_a_search_finds_the_cases_a_person_is_named_on_by_their_ids(
    world, client, monkeypatch, words
):
    """The manager is named line owner of an innovation case of SöS: no mark of hers is on it,
    her reach lists its id, and her search finds it – and nothing else of SöS."""
    _as_at_a_million(monkeypatch, words)
    start_service_case(world)
    _open(world, "IVA-dagbok för anhöriga", world.sos)
    search.count_documents(["case"])
    reach = rules.visible_reach(world.manager)
    assert reach.ids == (world.case.pk,)
    client.force_login(world.manager)
    page = client.get(reverse("cases:register"), {"q": "dagboken"}).text
    assert world.case.registry_number in page
    assert "anhöriga" not in page


def test_the_reach_of_every_person_holds_every_case_she_may_see(world):
    """``visible_reach`` is ``visible_q`` as the index tests it: no case of a person's scope may
    be outside it (it would never be found by her searches)."""
    start_service_case(world)
    _open(world, "Kylväska", world.karolinska, handler=world.advisor)
    _open(world, "Kylväska", world.karolinska, submitter=world.employee)
    marks = dict(SearchDocument.objects.filter(doc_type="case").values_list("doc_id", "marks"))
    assert len(marks) == Case.objects.count()
    for user in world.users.values():
        reach = rules.visible_reach(user)
        q = rules.visible_q(user)
        cases = Case.objects.all() if q is None else Case.objects.filter(q)
        visible = set(cases.values_list("pk", flat=True))
        if reach is None:  # the index cannot narrow: she sees every case
            assert visible == set(marks), user
            continue
        reached = {
            pk
            for pk, doc_marks in marks.items()
            if set(doc_marks.split()) & set(reach.marks) or pk in reach.ids
        }
        assert visible <= reached, user


def _place(case):
    return SearchDocument.objects.get(doc_type="case", doc_id=case.pk).position


def test_a_cases_document_carries_its_place_in_the_register(world):
    """The place is the register's order as one number (year, then number): written when the
    case is opened, and the same when written again from the cases (a bulk load, the
    migration)."""
    first = _open(world, "Kylväska för hembesök", world.sos)
    second = _open(world, "Kylväskor i hemsjukvården", world.sos)
    assert _place(first) == first.registry_year * 10**9 + first.registry_seq
    assert _place(second) > _place(first)
    before = dict(SearchDocument.objects.values_list("doc_id", "position"))
    SearchDocument.objects.update(position=0)
    search.mark_documents(["case"])
    assert dict(SearchDocument.objects.values_list("doc_id", "position")) == before


def _older(world, title, year):
    """A case registered in an earlier year, opened after the others (an import): its id is
    higher, its place in the register lower."""
    case = _open(world, title, world.sos)
    Case.objects.filter(pk=case.pk).update(registry_year=year)
    case.refresh_from_db()
    case.save()  # the document is written again from the case
    return case


@WORDS
def test_a_search_lists_its_matches_in_the_registers_order_from_their_places(
    world, client, monkeypatch, words
):
    """The matches of a search come in the register's order (newest year first, then number),
    whatever order they were opened in, for the coordinator (every case) and for an advisor
    (her reach); on PostgreSQL the order is the documents' places: no case is read again to
    sort the matches, only the page's rows."""
    _as_at_a_million(monkeypatch, words)
    new = _open(world, "Kylväska för hembesök", world.sos)
    old = _older(world, "Kylväska från förr", 2019)
    older = _older(world, "Kylväska från förrförr", 2018)
    newer = _open(world, "Kylväskor i hemsjukvården", world.sos)
    search.count_documents(["case"])
    expected = [newer, new, old, older]
    for user in (world.coordinator, world.advisor):
        client.force_login(user)
        page = client.get(reverse("cases:register"), {"q": "kylväska"}).text
        found = [page.index(case.registry_number) for case in expected]
        assert found == sorted(found), user
        with CaptureQueriesContext(connection) as queries:
            listed = client.get(reverse("cases:register"), {"q": "kylväska"}).context["page"]
        assert [c.pk for c in listed.object_list] == [c.pk for c in expected], user
        assert listed.paginator.count == 4
        if connection.vendor == "postgresql":  # the matches' order came with them
            narrow = 'SELECT "cases_case"."id" AS "pk", "cases_case"."registry_year"'
            assert not [q for q in queries if q["sql"].startswith(narrow)], user


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_common_words_matches_are_walked_in_the_registers_order_by_their_places(
    world, client, monkeypatch
):
    """A word too common to read all its matches (at a million cases) is met walking its
    documents by their places, a page's worth: the page lists them in the register's order,
    read by their ids, without walking the cases and looking up each one's document."""
    from slussen.core import paginator

    monkeypatch.setattr(search, "COMMON_FROM", 0)
    monkeypatch.setattr(search, "CANDIDATES", 0)  # every word common
    # As PostgreSQL expects at a million cases: more matches than are worth counting.
    monkeypatch.setattr(paginator, "estimated_rows", lambda rows: 10**6)
    new = _open(world, "Kylväska för hembesök", world.sos)
    old = _older(world, "Kylväska från förr", 2019)
    older = _older(world, "Kylväska från förrförr", 2018)
    newer = _open(world, "Kylväskor i hemsjukvården", world.karolinska)
    search.count_documents(["case"])
    client.force_login(world.coordinator)
    with CaptureQueriesContext(connection) as queries:
        listed = client.get(reverse("cases:register"), {"q": "kylväska"}).context["page"]
    assert [c.pk for c in listed.object_list] == [newer.pk, new.pk, old.pk, older.pk]
    # Read through the inverted index, in the register's order, a page's worth: no document's
    # row of words is read and tested one by one.
    walked = [q["sql"] for q in queries if "ORDER BY position DESC, doc_id DESC LIMIT" in q["sql"]]
    assert len(walked) == 1 and "LIMIT 25" in walked[0]
    assert not [q for q in queries if '"core_searchdocument"."position" DESC' in q["sql"]]
    # Another filter, or a person who sees part of the register: the cases are walked as before.
    listed = client.get(reverse("cases:register"), {"q": "kylväska", "year": 2019}).context["page"]
    assert [c.pk for c in listed.object_list] == [old.pk]
    client.force_login(world.advisor)
    listed = client.get(reverse("cases:register"), {"q": "kylväska"}).context["page"]
    assert newer.pk not in [c.pk for c in listed.object_list]


@WORDS
def test_a_case_whose_mark_is_not_yet_rewritten_is_never_shown_outside_her_scope(
    world, client, monkeypatch, words
):
    """A case moved to another organisation without its document written again (a write no
    signal and no ``IndexedQuerySet`` sees) still carries its old organisation's mark: the
    advisor's search finds it in her reach, but the page's rows are tested against her scope,
    and it is not shown."""
    _as_at_a_million(monkeypatch, words)
    kept = _open(world, "Kylväska för hembesök", world.sos)
    moved = _open(world, "Kylväska som flyttas", world.sos)
    Case.objects.filter(pk=moved.pk).update(organisation=world.karolinska)
    SearchDocument.objects.filter(doc_type="case", doc_id=moved.pk).update(
        marks=f"@org:{world.sos.pk}"
    )  # as such a write leaves it
    search.count_documents(["case"])
    client.force_login(world.advisor)
    page = client.get(reverse("cases:register"), {"q": "kylväska"}).text
    assert kept.registry_number in page
    assert moved.registry_number not in page


def test_a_migration_writes_every_document_again_with_its_marks_and_place(world):
    """``search.reindex_in_migration``: after the rules of a text's terms changed, every
    document is written again from the migration's models, words, marks and place alike."""
    from django.apps import apps

    case = _open(world, "Sensor i sängen", world.sos, handler=world.advisor)
    before = SearchDocument.objects.get(doc_type="case", doc_id=case.pk)
    SearchDocument.objects.filter(doc_type="case").delete()
    search._entries().filter(doc_type="case").delete()
    assert not Case.objects.filter(text_q("sensorer")).exists()
    done = search.reindex_in_migration(apps, ["case"])
    assert done == {"case": Case.objects.count()}
    after = SearchDocument.objects.get(doc_type="case", doc_id=case.pk)
    assert (after.terms, after.marks, after.position) == (
        before.terms,
        before.marks,
        before.position,
    )
    assert list(Case.objects.filter(text_q("sensorer"))) == [case]
    assert list(Case.objects.filter(text_q("sensor"))) == [case]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's inverted index")
def test_a_common_words_page_is_read_from_windows_of_the_newest_documents_widened_until_full(
    world, monkeypatch
):
    """A common word's page is read through the index from the newest documents, a window at a
    time: a window that holds too few of its matches (words rarer together than their shares
    say) is widened, so every page, the last one too, lists the same matches in the same order
    as reading them all would."""
    monkeypatch.setattr(search, "COMMON_FROM", 0)
    monkeypatch.setattr(search, "CANDIDATES", 0)
    monkeypatch.setattr(search, "WINDOW_MIN", 1)
    # As if every document held the word: the first window is the page's size, twice over.
    monkeypatch.setattr(search, "_share", lambda wanted, counts: 1.0)

    def other(year=None):  # a document without the word
        case = services.open_case(
            kind="idea",
            title="Rullator med broms",
            description="En rullator som bromsar själv i backar.",
            organisation=world.sos,
            actor=world.advisor,
        )
        if year:
            Case.objects.filter(pk=case.pk).update(registry_year=year)
            case.refresh_from_db()
            case.save()

    made = []
    for year in (2015, 2016, 2017, 2018, 2019):
        made.append(_older(world, "Kylväska för hembesök", year))
        other(year)
    for _n in range(3):
        other()
    search.count_documents(["case"])
    walk = search.placed(search.matching("case", "kylväska")[0])
    assert walk is not None
    expected = [c.pk for c in sorted(made, key=lambda c: (c.registry_year, c.registry_seq))][::-1]
    with CaptureQueriesContext(connection) as queries:
        assert list(walk[0:2]) == expected[0:2]
    # The first window (the newest few documents) held none: it was widened, not walked.
    windows = [q["sql"] for q in queries if "position DESC, doc_id DESC LIMIT" in q["sql"]]
    assert len(windows) >= 2 and "position >= " in windows[0]
    assert list(walk[2:4]) == expected[2:4]
    assert list(walk[4:25]) == expected[4:]
    assert list(walk[5:25]) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's inverted index")
def test_a_common_words_page_in_an_advisors_reach_is_read_from_windows_of_her_matches(
    world, client, monkeypatch
):
    """An advisor's search of a word common in her organisation too is read from windows of
    the newest documents intersected with her reach inside the index: her page lists her
    matches in the register's order, never another organisation's, the last page too."""
    monkeypatch.setattr(search, "COMMON_FROM", 0)
    monkeypatch.setattr(search, "CANDIDATES", 0)
    monkeypatch.setattr(search, "REACH_FROM", 0)
    monkeypatch.setattr(search, "WINDOW_MIN", 1)
    monkeypatch.setattr(search, "_share", lambda wanted, counts: 1.0)
    from slussen.core import paginator

    monkeypatch.setattr(paginator, "estimated_rows", lambda rows: 10**6)
    hers = [_older(world, "Kylväska för hembesök", year) for year in (2016, 2018)]
    hers.append(_open(world, "Kylväska i bilen", world.sos))
    others = [_open(world, "Kylväska på Karolinska", world.karolinska) for _n in range(3)]
    search.count_documents(["case"])
    walk = search.placed(
        search.matching("case", "kylväska", reach=rules.visible_reach(world.advisor))[0]
    )
    assert walk is not None and walk.reached
    visible = set(Case.objects.filter(rules.visible_q(world.advisor)).values_list("pk", flat=True))
    found = list(walk[0:25])
    assert set(found) <= visible and not set(found) & {c.pk for c in others}
    assert found == [hers[2].pk, hers[1].pk, hers[0].pk]
    client.force_login(world.advisor)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("cases:register"), {"q": "kylväska"}).context["page"]
    assert [c.pk for c in page] == found
    # Her matches are read from windows in her reach (counted as far as the count goes, so
    # that the count is of hers, not PostgreSQL's guess from the whole register).
    windows = [q["sql"] for q in queries if "position DESC, doc_id DESC LIMIT" in q["sql"]]
    assert windows and f"case:@org:{world.sos.pk}" in windows[0]
    assert page.paginator.count == 3 and not page.paginator.capped


@WORDS
def test_a_count_never_counts_a_case_whose_stale_mark_puts_it_in_her_reach(
    world, client, monkeypatch, words
):
    """The count shown ("1 ärende") is of what she may see: a case whose old mark is still in
    her reach (moved by a bulk update) is neither listed nor counted, on a rare word (tested on
    its marks after the index) and a common one (her reach read inside the index)."""
    _as_at_a_million(monkeypatch, words)
    kept = _open(world, "Kylväska för hembesök", world.sos)
    moved = _open(world, "Kylväska som flyttas", world.sos)
    Case.objects.filter(pk=moved.pk).update(organisation=world.karolinska)
    SearchDocument.objects.filter(doc_type="case", doc_id=moved.pk).update(
        marks=f"@org:{world.sos.pk}"
    )  # as a bulk path that wrote no marks leaves it
    search.count_documents(["case"])
    client.force_login(world.advisor)
    for htmx in ({}, {"HTTP_HX_REQUEST": "true"}):
        response = client.get(reverse("cases:register"), {"q": "kylväska"}, **htmx)
        page = response.context["page"]
        assert [c.pk for c in page.object_list] == [kept.pk]
        assert page.paginator.count == 1
        assert "1 ärende" in response.text and "2 ärenden" not in response.text


@WORDS
def test_a_case_she_handles_in_another_organisation_is_in_her_reach_by_its_id(
    world, client, monkeypatch, words
):
    """Her organisations' cases are found through their own lists of each word (their mark,
    the cases' scope in the index); a case she handles in another organisation is listed by
    its id, not found by a handler's mark intersected with the region's lists of each word,
    and her search finds it, and not the other organisation's case beside it."""
    _as_at_a_million(monkeypatch, words)
    elsewhere = _open(world, "Kylväska på Karolinska", world.karolinska, handler=world.advisor)
    other = _open(world, "Kylväska på Karolinska igen", world.karolinska)
    search.count_documents(["case"])
    reach = rules.visible_reach(world.advisor)
    assert reach.marks == (f"@org:{world.sos.pk}",)
    assert reach.ids == (elsewhere.pk,)
    client.force_login(world.advisor)
    page = client.get(reverse("cases:register"), {"q": "kylväska karolinska"}).text
    assert elsewhere.registry_number in page
    assert other.registry_number not in page


@WORDS
def test_cases_elsewhere_too_many_to_list_are_reached_by_her_marks(
    world, client, monkeypatch, words
):
    """A person who handles more cases outside her organisations than the search lists by id
    is reached by her handler's and submitter's marks instead: her search still finds them."""
    _as_at_a_million(monkeypatch, words)
    monkeypatch.setattr(rules, "REACH_IDS", 1)
    monkeypatch.setattr(rules, "OUTSIDE_READ", 4)
    monkeypatch.setattr(rules, "_named", {})
    elsewhere = [
        _open(world, "Kylväska på Karolinska", world.karolinska, handler=world.advisor)
        for _n in range(2)
    ]
    other = _open(world, "Kylväska på Karolinska igen", world.karolinska)
    search.count_documents(["case"])
    reach = rules.visible_reach(world.advisor)
    assert f"@handler:{world.advisor.pk}" in reach.marks and reach.ids == ()
    client.force_login(world.advisor)
    page = client.get(reverse("cases:register"), {"q": "kylväska karolinska"}).text
    assert all(case.registry_number in page for case in elsewhere)
    assert other.registry_number not in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's inverted index")
def test_an_advisors_search_of_common_words_reads_her_organisations_lists_of_them(
    world, monkeypatch
):
    """Words common in the region, searched in an advisor's scope, are read from her
    organisation's own lists of them (the index of words under their case's organisation),
    not from the region's lists intersected with her organisation's mark."""
    monkeypatch.setattr(search, "COMMON_FROM", 0)
    monkeypatch.setattr(search, "REACH_FROM", 0)
    for _n in range(3):
        _open(world, "Kylväska för hembesök", world.sos)
        _open(world, "Kylväska för hembesök", world.karolinska)
    search.count_documents(["case"])
    reach = rules.visible_reach(world.advisor)
    wanted = [search._forms(search.stem("kylväska")), search._forms(search.stem("hembesök"))]
    sql, params = search.document_query("case", wanted, reach=reach)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(sql, params)
        found = {row[0] for row in cursor.fetchall()}
    assert "search_document_scoped" in plan
    assert "search_document_terms" not in plan
    hers = Case.objects.filter(organisation=world.sos, title__startswith="Kylväska")
    assert found == set(hers.values_list("pk", flat=True))


def test_her_organisations_are_read_in_one_question(world, django_assert_num_queries):
    """The organisations whose cases she handles, with their subtrees, in one query."""
    from slussen.accounts.models import User

    regional = User.objects.get(pk=world.advisor.pk)
    regional.memberships.update(organisation=world.orgs["rlk"])
    regional = User.objects.get(pk=world.advisor.pk)
    regional.role_set  # noqa: B018 (read with her session on a page)
    with django_assert_num_queries(1):
        found = regional.handled_org_ids
    assert found == {world.orgs["rlk"].pk, world.orgs["foi"].pk}


@WORDS
def test_an_advisors_register_search_asks_a_fixed_number_of_questions(
    world, client, monkeypatch, words
):
    """An advisor's search of the register asks the same few questions however many cases
    match: her session, her organisations (one), the words' counts, her cases outside them
    (one, by id), the matches in her reach, her scope tested on them, the page."""
    _as_at_a_million(monkeypatch, words)
    for n in range(30):
        _open(world, f"Kylväska nummer {n}", world.sos if n % 2 else world.karolinska)
    search.count_documents(["case"])
    client.force_login(world.advisor)
    client.get(reverse("cases:register"), {"q": "kylväska"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cases:register"), {"q": "kylväska hembesök"})
    assert response.status_code == 200
    # SQLite reads her scope with the term rows: no reach, no count of the words.
    expected = {"common": 7, "rare": 6}[words] if connection.vendor == "postgresql" else 5
    assert len(queries) <= expected, [q["sql"][:120] for q in queries]
    if connection.vendor == "postgresql":
        # Her matches, all of her organisation, are tested against it from its index alone:
        # her whole scope (an OR of her organisations, her cases, the ones she is named on) is
        # asked of none of them, only of the page's rows.
        tested = [
            q["sql"]
            for q in queries
            if q["sql"].startswith('SELECT "cases_case"."id" AS "pk"') and "= ANY(" in q["sql"]
        ]
        assert len(tested) == 1 and '"submitter_id"' not in tested[0], tested


def test_the_update_that_ships_the_word_forms_writes_the_register_again(world, monkeypatch):
    """Migration ``core 0021``: a case written before ``forms_sv.txt`` ("såret läker", stemmed as
    "läkare" was) meets a search for "läkning" once the update has run, as a fresh one does."""
    from importlib import import_module

    from django.apps import apps

    forms = search._pairs("forms_sv.txt")
    old = {k: v for k, v in search.IRREGULAR.items() if k not in forms}
    monkeypatch.setattr(search, "IRREGULAR", old)
    search.stem.cache_clear()
    case = _open(world, "Såret läker inte", world.sos, handler=world.advisor)
    monkeypatch.undo()
    search.stem.cache_clear()
    assert not Case.objects.filter(text_q("läkning")).exists()
    import_module("slussen.core.migrations.0021_reindex_after_word_forms").reindex(apps, None)
    assert list(Case.objects.filter(text_q("läkning"))) == [case]


def test_the_update_that_keeps_cut_words_whole_writes_the_register_again(world, monkeypatch):
    """Migration ``core 0022``: a case written while "opera" was stemmed as "operera"'s "oper"
    meets a search for "opera" once the update has run, as a fresh one does."""
    from importlib import import_module

    from django.apps import apps

    monkeypatch.setattr(
        search, "UNSTEMMED", {k: v for k, v in search.UNSTEMMED.items() if v != "opera"}
    )
    search.stem.cache_clear()
    case = _open(world, "Opera på vårdavdelningen", world.sos, handler=world.advisor)
    monkeypatch.undo()
    search.stem.cache_clear()
    assert not Case.objects.filter(text_q("opera")).exists()
    import_module("slussen.core.migrations.0022_reindex_after_unstemmed_words").reindex(apps, None)
    assert list(Case.objects.filter(text_q("opera"))) == [case]
