import io
import time

from django.urls import reverse

from slussen.fund import demo, selectors
from slussen.fund.models import Application, Call

from .factories import make_application, make_call


def test_demo_reproduces_the_2024_figures_computed_from_rows(demo_region):
    started = time.perf_counter()
    summary = demo.seed(demo_region)
    seconds = time.perf_counter() - started
    assert "151 new 2024 applications" in summary
    assert seconds < 10

    stats = selectors.statistics(2024)
    assert stats["applications"] == 151
    assert stats["granted"] == 71
    assert stats["amount"] == 15_000_000
    assert (stats["women"], stats["men"]) == (97, 54)
    assert stats["outside_health_care_share"] == 11
    assert {row["call__title"] for row in stats["by_call"]} == {
        "Innovationsfonden våren 2024",
        "Innovationsfonden hösten 2024",
    }
    assert sum(row["applications"] for row in stats["by_organisation"]) == 151
    assert sum(row["applications"] for row in stats["by_kind"]) == 151
    # The report's named projects are there, linked to the cases they came from.
    muncancer = Application.objects.get(
        title="AI-baserat beslutsstöd för tidig upptäckt av muncancer"
    )
    assert muncancer.granted_amount and muncancer.origin_case is not None
    assert muncancer.case.registry_number.startswith("SLU 2024-")
    # After the grant: accepted by the applicant, paid in instalments within the grant.
    project = muncancer.project
    assert project.acceptance.accepted_by == muncancer.applicant
    assert sum(i.amount for i in project.instalments.all()) == project.budget
    # Every report that is in gives the money used per budget line: the budget against
    # actual of a running project and of a completed one reads them, adding up to the total.
    from slussen.fund.models import Project

    running = Project.objects.filter(status="running").first()
    for shown in (project, running):
        latest = shown.reports.filter(submitted_at__isnull=False).order_by("-due").first()
        rows = selectors.budget_against_actual(shown)
        assert rows and all(row.used is not None for row in rows)
        assert sum(row.used for row in rows) == latest.spent

    assert demo.seed(demo_region).endswith("0 new 2024 applications.")  # idempotent
    assert selectors.statistics(2024)["applications"] == 151


def test_statistics_page_and_exports(world, client):
    call = make_call(world)
    make_application(world, call, state="granted")
    year = Application.objects.get().submitted_at.year
    client.force_login(world.coordinator)
    page = client.get(reverse("fund:statistics"), {"year": year})
    assert page.status_code == 200
    assert "1 kvinnor, 0 män" in page.text
    # The page's figures are kept in the cache until an application changes: a new decision
    # shows at once.
    from slussen.fund import services

    other = make_application(world, call, state="review")
    services.decide(other, world.coordinator, grant=True, amount=50_000, motivation="Bra.")
    page = client.get(reverse("fund:statistics"), {"year": year})
    assert "2 kvinnor, 0 män" in page.text and "250" in page.text
    csv = client.get(reverse("fund:export", args=["csv"]), {"year": year})
    assert csv["Content-Type"].startswith("text/csv")
    assert "Ansökningar;2" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("fund:export", args=["xlsx"]), {"year": year})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Beviljat belopp (kr)", 250_000] in [r[:2] for r in rows]
    assert client.get(reverse("fund:export", args=["pdf"])).status_code == 404
    client.force_login(world.employee)
    assert client.get(reverse("fund:statistics")).status_code == 403


def _reviewed(world, call, n):
    from slussen.fund import services

    for _ in range(n):
        app = make_application(world, call, state="review")
        services.declare(app, world.expert, has_conflict=False)
        services.score(app, world.expert, {c.pk: (4, "Bra") for c in call.criteria.all()})


def test_call_overview_queries_do_not_grow(world, client, django_assert_max_num_queries):
    call = make_call(world)
    _reviewed(world, call, 2)
    client.force_login(world.coordinator)
    url = reverse("fund:overview", args=[call.pk])
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    _reviewed(world, call, 6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.text.count("4,0–4,0") == 8


def test_call_overview_figures_are_formatted_once_per_change_and_language(world, client):
    """The figures of a row (scores, amounts) are formatted once per change of the call and
    language, kept with the call's ranking: a new review shows at once, in either language."""
    from django.conf import settings

    from slussen.fund import services

    call = make_call(world)
    _reviewed(world, call, 2)
    client.force_login(world.coordinator)
    url = reverse("fund:overview", args=[call.pk])
    assert client.get(url).text.count("4,0–4,0") == 2
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(url).text.count("4.0–4.0") == 2
    app = make_application(world, call, state="review")
    services.declare(app, world.expert, has_conflict=False)
    services.score(app, world.expert, {c.pk: (2, "Svag") for c in call.criteria.all()})
    page = client.get(url).text
    assert page.count("4.0–4.0") == 2 and page.count("2.0–2.0") == 1
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    page = client.get(url).text
    assert page.count("4,0–4,0") == 2 and page.count("2,0–2,0") == 1
    kept = selectors._ranked(call).shown  # formatted once: kept with the ranking
    assert {language for _pk, language in kept} == {"sv", "en"} and len(kept) == 3 * 2
    table = page[page.index("<table") : page.index("</table>")]
    again = client.get(url).text
    assert again[again.index("<table") : again.index("</table>")] == table
    assert selectors._ranked(call).shown == kept


def test_call_overview_reads_only_what_its_rows_show(world, client):
    """The page's applications are read with the columns the table shows: not their long
    texts, their applicants or the call (already read); the call's ranking is grouped by the
    columns it reads, not by every column of every application (seconds for a large call)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call = make_call(world)
    _reviewed(world, call, 2)
    client.force_login(world.coordinator)
    url = reverse("fund:overview", args=[call.pk])
    with CaptureQueriesContext(connection) as read:
        page = client.get(url).text
    rows = [q["sql"] for q in read.captured_queries if 'FROM "fund_application"' in q["sql"]]
    assert rows
    for sql in rows:
        assert '"fund_application"."goal"' not in sql and '"accounts_user"' not in sql
        assert '"cases_case"."description"' not in sql and "fund_call" not in sql
    assert page.count("4,0–4,0") == 2


def test_start_page_queries_do_not_grow(world, client, django_assert_max_num_queries):
    call = make_call(world)
    make_application(world, call, applicant=world.employee, manager=world.manager,
                     organisation=world.sos, state="granted")  # fmt: skip
    client.force_login(world.employee)
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("fund:index"))
    for state in ("draft", "signoff", "review", "granted", "granted"):
        make_application(world, call, applicant=world.employee, manager=world.manager,
                         organisation=world.sos, state=state)  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("fund:index"))
    assert Call.objects.count() == 1


def test_call_overview_ranks_by_score_and_pages_a_large_call(world, client, monkeypatch):
    """Applications under way first, best mean score first; one page at a time, the totals
    over every application of the call."""
    from slussen.fund import selectors, services

    monkeypatch.setattr(selectors, "OVERVIEW_PAGE", 2)
    call = make_call(world)
    scored = []
    for value in (2, 5, 3):
        app = make_application(world, call, state="review")
        services.declare(app, world.expert, has_conflict=False)
        services.score(app, world.expert, {c.pk: (value, "") for c in call.criteria.all()})
        scored.append(app)
    granted = make_application(world, call, state="granted")
    client.force_login(world.coordinator)
    url = reverse("fund:overview", args=[call.pk])
    first = client.get(url).text
    second = client.get(url, {"page": 2}).text
    order = [scored[1], scored[2], scored[0], granted]
    assert first.index(order[0].registry_number) < first.index(order[1].registry_number)
    assert order[2].registry_number not in first and order[3].registry_number in second
    assert second.index(order[2].registry_number) < second.index(order[3].registry_number)
    for page in (first, second):
        assert "Sida 1 av 2" in page or "Sida 2 av 2" in page
        assert "<dd>4</dd>" in page  # the totals count all four applications


def test_call_overview_shows_a_new_score_at_once(world, client):
    """The overview's ranking is kept in the cache; a score given or changed shows at once."""
    from slussen.fund import services

    call = make_call(world)
    app = make_application(world, call, state="review")
    services.declare(app, world.expert, has_conflict=False)
    services.score(app, world.expert, {c.pk: (2, "") for c in call.criteria.all()})
    client.force_login(world.coordinator)
    url = reverse("fund:overview", args=[call.pk])
    assert "2,0–2,0" in client.get(url).text
    assert "2,0–2,0" in client.get(url).text  # the same answer from the cache
    services.score(app, world.expert, {c.pk: (5, "") for c in call.criteria.all()})
    assert "5,0–5,0" in client.get(url).text
