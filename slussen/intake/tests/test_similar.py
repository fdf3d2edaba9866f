"""Similar cases across the region: Swedish stems meet across inflections and wording."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from slussen.cases import services as case_services
from slussen.cases.selectors import similarity_scope
from slussen.core import reference
from slussen.core import search as core_search
from slussen.core.models import SearchTerm
from slussen.intake import search

OTHERS = [
    ("Digital incheckning på akutmottagningen", "Patienter ska kunna anmäla sig själva."),
    ("Bakteriefria vattenlås", "Vattenlås som motverkar tillväxt av multiresistenta bakterier."),
    ("Omvårdnadsträning med VR", "Träna omvårdnad i virtuell verklighet för att minska fall."),
    ("Drönare för provtransporter", "Leverera prover mellan sjukhus med drönare."),
    ("Tryggare kollektivtrafik för kvinnor", "Bättre belysning vid busshållplatser på kvällen."),
    ("Ledningsstöd för minskad klimatpåverkan", "Visualisera vårdens utsläpp av växthusgaser."),
]


def test_stems_join_inflections():
    assert core_search.stems("väntetiderna") == core_search.stems("väntetid")
    assert core_search.stems("parkeringsplatserna") == core_search.stems("parkeringsplats")
    assert len(core_search.stems("parkeringsplatserna")) == 1
    assert core_search.stems("läkemedel") == core_search.stems("läkemedlen")


def test_a_differently_worded_proposal_finds_the_existing_case(world, client):
    for title, text in OTHERS:
        case_services.open_case(kind="idea", title=title, description=text, organisation=world.sos)
    existing = case_services.open_case(
        kind="proposal",
        title="Längre parkeringstid vid Södersjukhuset",
        description="Besökare får böter när besöken på avdelningen drar ut på tiden. "
        "Parkeringen borde tillåta längre besök för anhöriga.",
        organisation=world.sos,
    )
    typed = {
        "title": "Parkeringsböter för anhöriga",
        "description": "Min mamma låg inne och jag fick parkeringsbot två gånger. "
        "Anhörigas besök tar tid – parkeringstiderna är för korta.",
    }
    top3 = search.similar(f"{typed['title']} {typed['description']}", limit=3)
    assert existing in top3
    # The same answer reaches a person writing the public form (htmx, while typing).
    page = client.get(reverse("intake:similar"), typed).text
    assert existing.registry_number in page


def test_secret_cases_are_not_shown_to_the_public(world, client):
    page = client.get(
        reverse("intake:similar"),
        {"title": "Distansmonitorering vid hjärtsvikt", "description": "Samarbete om distans."},
    ).text
    assert world.other_case.registry_number not in page  # secret (Karolinska)
    client.force_login(world.coordinator)
    page = client.get(
        reverse("intake:similar"),
        {"title": "Distansmonitorering vid hjärtsvikt", "description": "Samarbete om distans."},
    ).text
    assert world.other_case.registry_number in page


def test_edited_case_is_reindexed(world):
    case = world.case
    case_services.update_case(
        case, world.advisor, expected_version=case.version, title="Drönarleveranser"
    )
    assert case in search.similar("drönarleveranserna drönarleverans dagboken")


def test_a_new_word_is_found_at_once_and_counted_words_are_not_counted_again(world):
    """A stem new since the vocabulary last counted its documents is counted when asked, so a
    case about something new is found by the very next person; once counted (daily), the
    rarity of every word is read from the vocabulary without reading the index."""
    typed = "Drönare levererar blodprover mellan sjukhusen"
    assert search.similar(typed) == []  # nothing about drones yet
    drones = case_services.open_case(
        kind="idea", title="Drönare för blodprover", description="Leverera blodprover med "
        "drönare mellan sjukhusen.", organisation=world.sos,
    )  # fmt: skip
    assert search.similar(typed) == [drones]
    core_search.count_documents(["case"])
    assert search.similar(typed) == [drones]
    # A counted word's number is the vocabulary's, whatever the index holds.
    drone = core_search.stem("drönare")
    # (Written here without ``count_documents``, the counts' only writer, which makes the
    # process forget the counted numbers it keeps: forgotten by hand.)
    SearchTerm.objects.filter(doc_type="case", term=drone).update(documents=7)
    core_search._counted.clear()
    assert core_search.document_frequency("case", [drone], 1000)[drone][0] == 7
    SearchTerm.objects.filter(doc_type="case", term=drone).update(documents=None)
    core_search._counted.clear()
    assert core_search.document_frequency("case", [drone], 1000)[drone][0] == 1


def test_a_word_not_counted_yet_costs_no_round_trip_of_its_own(world):
    """A stem new since the vocabulary last counted its documents was counted in a query of its
    own before the ranking: now in the one that reads the text's words."""
    made = _drone_cases(world, 2)  # "drönare" is new: not counted yet
    typed = "Drönare levererar blodprover mellan sjukhus."
    with CaptureQueriesContext(connection) as ctx:
        assert set(search.similar(typed)) == set(made)
    sql = [q["sql"] for q in ctx.captured_queries]
    ranking = next(i for i, one in enumerate(sql) if one.startswith("WITH m "))
    assert len(sql[:ranking]) == 2, sql[:ranking]  # the words, the compounds' stems
    assert len(sql) == 4, sql  # then the ranking, and the cases
    drone = core_search.stem("drönare")
    assert core_search.document_frequency("case", [drone], 1000)[drone][0] == 2


def test_every_writing_form_asks_for_similar_cases_while_writing(world, client):
    """The employee's idea, the public proposal, the company's inquiry and the fund application:
    each has the suggestions' live region, fed by fields the form really has."""
    import re

    from slussen.fund.tests.factories import make_call

    call = make_call(world)
    pages = {
        "proposal": (None, reverse("intake:proposal")),
        "company": (None, reverse("intake:company")),
        "idea": (world.employee, reverse("intake:idea")),
        "fund": (world.employee, reverse("fund:apply", args=[call.pk])),
    }
    for name, (user, url) in pages.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        page = client.get(url).text
        region = re.search(r'<div id="similar"[^>]*>', page)
        assert region, name
        assert f'hx-get="{reverse("intake:similar")}"' in region.group(0), name
        # The suggestions replace the region itself, whatever target the form around it has
        # (the idea form's draft note).
        assert 'hx-target="this"' in region.group(0), name
        ids = re.search(r'hx-include="([^"]+)"', region.group(0)).group(1)
        for field_id in [i.strip().lstrip("#") for i in ids.split(",")]:
            assert f'id="{field_id}"' in page, (name, field_id)


def test_a_fund_applications_summary_finds_similar_cases(world, client):
    drones = case_services.open_case(
        kind="idea", title="Drönare för provtransporter",
        description="Leverera prover mellan sjukhus med drönare.", organisation=world.sos,
    )  # fmt: skip
    client.force_login(world.employee)
    typed = {"title": "Provtransport", "summary": "Drönarleveranser av blodprover mellan sjukhus."}
    assert drones.registry_number in client.get(reverse("intake:similar"), typed).text


def _drone_cases(world, n):
    return [
        case_services.open_case(
            kind="idea",
            title=f"Drönare för provtransporter {i}",
            description="Leverera blodprover mellan sjukhus med drönare.",
            organisation=world.karolinska,
        )  # fmt: skip
        for i in range(n)
    ]


def test_the_suggestions_cost_the_same_queries_however_many_are_shown(world, client):
    """While writing, each suggestion asked whether the writer may open the case (a link the
    list does not show then) and read the cases her scope allowed, then read them again: a
    suggestion of another organisation's case cost two queries more. Another organisation's
    public cases suggested to an advisor: one or three cost the same."""
    typed = {"title": "Drönare", "description": "Drönare levererar blodprover mellan sjukhus."}
    client.force_login(world.advisor)  # SöS: the cases are Karolinska's
    counts = []
    for n in (1, 3):
        made = _drone_cases(world, n if not counts else n - 1)
        # Each asked as the first of its process: what a process keeps (the merged state's
        # id, the words' counted numbers) is not asked again by the second.
        reference.forget()
        core_search._counted.clear()
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(reverse("intake:similar"), typed).text
        assert all(case.registry_number in page for case in made)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_a_persons_scope_is_tested_in_the_query_that_reads_the_suggested_cases(world):
    """The scope was tested on the best matches in one query and the cases read in another."""
    made = _drone_cases(world, 3)
    typed = "Drönare levererar blodprover mellan sjukhus."
    scope = similarity_scope(world.advisor)
    with CaptureQueriesContext(connection) as ctx:
        assert set(search.similar(typed, scope, limit=3)) == set(made)
    reads = [q["sql"] for q in ctx.captured_queries if '"cases_case"."id" IN (' in q["sql"]]
    assert len(reads) == 1, reads
    assert set(search.similar(typed, similarity_scope(world.employee), limit=3)) == set(made)


def test_a_texts_words_are_looked_up_in_one_round_trip_before_the_ranking(world):
    """The counted words, the words not counted yet and the size of the register were three
    round trips, then the compounds' stems a fourth: now the words and the size are one."""
    made = _drone_cases(world, 2)
    core_search.count_documents(["case"])
    with CaptureQueriesContext(connection) as ctx:
        assert set(search.similar("Drönare levererar blodprover mellan sjukhus.")) == set(made)
    sql = [q["sql"] for q in ctx.captured_queries]
    ranking = next(i for i, one in enumerate(sql) if one.startswith("WITH m "))
    assert len(sql[:ranking]) == 2, sql[:ranking]  # the words, the compounds' stems


def test_a_writer_offered_no_case_to_join_is_not_told_to_choose_one(world, client):
    """The suggestions' help says to choose "This is my need too" only when one of them offers
    it: a company's own earlier inquiry (or an ended case) is shown, but cannot be joined."""
    typed = {"title": "Drönare", "description": "Leverera prover mellan sjukhus med drönare."}
    own = case_services.open_case(
        kind="idea", title="Drönare för provtransporter", organisation=world.sos,
        description="Leverera prover mellan sjukhus med drönare.", submitter=world.external,
    )  # fmt: skip
    join = reverse("intake:join", args=[own.pk])
    choose = "Det här är mitt behov också"
    client.force_login(world.external)
    page = client.get(reverse("intake:similar"), typed).text
    assert own.registry_number in page
    assert join not in page and choose not in page
    assert "Ditt är ändå välkommet" in page
    client.force_login(world.employee)  # another person may join it, and is told how
    page = client.get(reverse("intake:similar"), typed).text
    assert join in page and choose in page


def test_mine_is_different_leads_back_to_the_form_being_written(world, client):
    """The join page's way back leads to the form the suggestion was met on (a company's
    inquiry is not a patient's proposal); reached otherwise, to the person's own form."""
    drones = case_services.open_case(
        kind="idea", title="Drönare för provtransporter", organisation=world.sos,
        description="Leverera prover mellan sjukhus med drönare.",
    )  # fmt: skip
    typed = {"title": "Drönare", "description": "Leverera prover mellan sjukhus med drönare."}
    join = reverse("intake:join", args=[drones.pk])
    for user, form, own in [
        (None, reverse("intake:company"), reverse("intake:proposal")),
        (world.external, reverse("intake:company"), reverse("intake:company")),
        (world.employee, reverse("intake:idea"), reverse("intake:idea")),
    ]:
        client.logout()
        if user is not None:
            client.force_login(user)
        writing = {"HX-Request": "true", "HX-Current-URL": f"http://testserver{form}"}
        page = client.get(reverse("intake:similar"), typed, headers=writing).text
        link = f'href="{join}?back={form}"'
        assert link in page, user
        page = client.get(join, {"back": form}).text
        assert f'<a href="{form}" data-history-back>' in page, user
        page = client.get(join, {"back": "https://elsewhere.example/"}).text
        assert f'<a href="{own}" data-history-back>' in page, user


def test_the_ranking_joins_each_indexed_word_to_its_best_weighting_only(world):
    """A compound of the text met as itself and again through its parts ("provtransport" by
    "prov", "transport") was joined to every document row once for each way: the database
    combined a row for each, of which only the highest value at the highest scale can count.
    The ranking now sends no (term, word) row that another of the same term and word
    outweighs in value, evidence and scale alike, and the cases found and their scores are
    those of every row."""
    made = _drone_cases(world, 3)
    typed = "Provtransporter med drönare mellan sjukhus"
    sent = []

    def keep(execute, sql, params, many, context):
        if sql.startswith("WITH m "):
            sent.append((sql, list(params)))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        found = core_search.ranked("case", typed, limit=5)
    assert {pk for pk, _score in found} == {case.pk for case in made}
    ((sql, params),) = sent
    if connection.vendor == "postgresql":  # five arrays: terms, words, values, evidence, scales
        columns = [p.strip("{}").replace('"', "").split(",") for p in params[:5]]
        rows = list(zip(*columns, strict=True))
    else:
        marks = "(%s, %s, %s, %s, %s)"
        rows = [tuple(params[i : i + 5]) for i in range(0, 5 * sql.count(marks), 5)]
    rows = [(t, int(w), float(v), float(e), float(s)) for t, w, v, e, s in rows]
    for row in rows:
        outweighed = [
            r for r in rows if r[:2] == row[:2] and r != row
            and r[2] >= row[2] and r[3] >= row[3] and r[4] >= row[4]
        ]  # fmt: skip
        assert not outweighed, (row, outweighed)
    assert (core_search.stem("provtransporter"), 0, 1.0) in {(r[0], r[1], r[4]) for r in rows}


def test_a_report_of_an_accessibility_problem_is_never_offered_as_similar(world, client):
    """A report that one of Slussen's own pages is hard to use was offered to a patient writing
    about her own need, as a case to join, because it quoted her words."""
    from slussen.pages import services as page_services

    report = page_services.report_accessibility_problem(
        page="/cases/new/",
        description="Knappen för att skicka en idé om drönare som levererar blodprover syns inte.",
    )
    made = _drone_cases(world, 1)
    typed = {"title": "Drönare", "description": "Drönare levererar blodprover mellan sjukhus."}
    for user in (None, world.employee, world.coordinator):
        client.logout()
        if user:
            client.force_login(user)
        page = client.get(reverse("intake:similar"), typed).text
        assert made[0].registry_number in page
        assert report.registry_number not in page, user
    # Still found in the register by those who handle it.
    client.force_login(world.coordinator)
    assert report.registry_number in client.get(reverse("cases:register"), {"q": "drönare"}).text
