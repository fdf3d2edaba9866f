from datetime import date, timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from slussen.accounts.models import User
from slussen.cases.models import Case
from slussen.cases.services import open_case
from slussen.core.permissions import can
from slussen.process import selectors, services
from slussen.process.models import Adoption, InnovationCase

from .conftest import start_service_case


def forget():
    """Empty the caches the portfolio's figures are kept in: this process's and the shared."""
    for kept in (caches["default"], caches["shared"]):
        kept.clear()


def make_cases(world, n, org=None):
    made = []
    for i in range(n):
        case = open_case(
            kind="idea", title=f"Idé {i}", description="En idé.", organisation=org or world.sos
        )
        ic = start_service_case(world, case=case, directions=["integrated", "procurement"])
        services.decide(
            ic, world.advisor, decision="go", basis="ok", zone="green", decided_on=date.today()
        )
        made.append(ic)
    return made


def test_portfolio_query_count_is_constant_in_the_number_of_cases(
    world, client, django_assert_max_num_queries, monkeypatch
):
    client.force_login(world.coordinator)
    made = make_cases(world, 2)
    InnovationCase.objects.filter(pk=made[0].pk).update(line_owner=None)  # a list to read
    url = reverse("process:portfolio")
    client.get(url)  # warm caches (content types, sessions)
    forget()  # the portfolio's figures are cached: count the queries that compute them
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    make_cases(world, 25)
    InnovationCase.objects.filter(
        pk__in=list(InnovationCase.objects.values_list("pk", flat=True)[:5])
    ).update(line_owner=None, last_activity=timezone.now() - timedelta(days=120))
    forget()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    # computing the figures, alert counts and the first cases of each list (kept), funding by
    # source and year, the outcomes, the units to filter by; the figures kept for every
    # server: the shared cache's look-up and write (the database's cache table here, seven
    # statements; one round trip each with Redis); the listed cases' rows in one read
    assert len(few.captured_queries) <= 35
    # Kept: the page reads the listed rows, not the lists' walks of every case in scope
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    assert len(warm.captured_queries) <= 12, len(warm.captured_queries)
    assert "Ingen aktivitet på 90 dagar (5)" in response.text
    print(f"portfolio queries: {len(few.captured_queries)}")
    # The heading counts every case; the list shows the first few.
    monkeypatch.setattr(selectors, "ALERT_ROWS", 2)
    forget()
    response = client.get(url)
    assert "Ingen aktivitet på 90 dagar (5)" in response.text
    assert len(response.context["data"]["stale"]) == 2


def test_list_query_count_is_constant(world, client, django_assert_max_num_queries):
    client.force_login(world.advisor)
    make_cases(world, 2)
    url = reverse("process:index")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    make_cases(world, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_list_pages_keep_the_filters(world, client, monkeypatch):
    from slussen.process import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    make_cases(world, 3)
    client.force_login(world.advisor)
    page = client.get(reverse("process:index"), {"innovation_type": "service", "q": "Idé"}).text
    assert "Sida 1 av 2" in page and 'aria-current="page"' in page
    assert 'href="?innovation_type=service&amp;q=Id%C3%A9&amp;page=2" rel="next"' in page
    page = client.get(reverse("process:index"), {"innovation_type": "service", "page": 2}).text
    assert "Sida 2 av 2" in page and 'rel="prev"' in page and "Idé 0" in page


def test_portfolio_numbers_and_lists(world):
    a, b, c = make_cases(world, 3)  # all in "ideas" after one go
    for ic in (a, b):
        ic.refresh_from_db()
        services.update(
            ic, world.advisor, "plans", spread_plan="Plan", receiving_owner=world.manager
        )
    a.refresh_from_db()
    # a: move to the roll-out phase without adoption -> "pilot finished, not rolled out"
    spread = a.template.phases.get(code="spread")
    a.answers.all().delete()
    for code in ("gdpr", "patient_safety"):
        item = a.template.phases.get(checklist__code=code).checklist.get(code=code)
        services.save_checklist(a, world.advisor, {item.pk: ("done", "")})
    services.decide(
        a,
        world.advisor,
        decision="go",
        basis="ok",
        zone="green",
        decided_on=date.today(),
        to_phase=a.template.phases.get(code="concept"),
    )
    a.refresh_from_db()
    services.decide(  # past the pilot into roll-out: the coordinator has the mandate
        a,
        world.coordinator,
        decision="go",
        basis="ok",
        zone="red",
        decided_on=date.today(),
        to_phase=spread,
    )
    InnovationCase.objects.filter(pk=c.pk).update(line_owner=None)
    data = selectors.portfolio(world.coordinator)
    assert data["total"] == 3
    assert {r["code"]: r["value"] for r in data["by_generic"]} == {
        "need_idea": 2,
        "development": 0,
        "implementation": 1,
    }
    assert {r["code"]: r["value"] for r in data["funnel"]}["development"] == 1
    assert {r["code"]: r["value"] for r in data["by_direction"]}["procurement"] == 3
    assert [ic.pk for ic in data["not_rolled_out"]] == [a.pk]
    assert [ic.pk for ic in data["ownerless"]] == [c.pk]
    Adoption.objects.create(
        innovation=a, unit=world.karolinska, adopted_on=date.today(), status="in_use"
    )
    assert selectors.portfolio(world.coordinator)["not_rolled_out"] == []
    # The head of innovation at Karolinska sees none of SöS' cases.
    assert selectors.portfolio(world.innovation_head)["total"] == 0


def test_visible_queryset_agrees_with_the_view_rule(world):
    make_cases(world, 1)
    services.start(
        world.other_case,
        world.advisor_other,
        innovation_type="system",
        novelty="world",
        degree="radical",
        line_owner=world.testbed_owner,  # named, not a handler (a Karolinska employee)
    )
    for user in User.objects.all():
        listed = set(selectors.visible(user).values_list("pk", flat=True))
        allowed = {ic.pk for ic in InnovationCase.objects.all() if can(user, "process.view", ic)}
        assert listed == allowed, user


def test_hand_over_when_a_person_leaves(world, client):
    ic, other = make_cases(world, 2)
    User.objects.filter(pk=world.manager.pk).update(is_active=False)
    client.force_login(world.coordinator)
    page = client.get(reverse("process:hand_over"))
    assert world.manager.full_name in page.text and ic.case.title in page.text
    detail = client.get(reverse("process:detail", args=[ic.pk])).text
    assert "har slutat" in detail or "has left" in detail
    response = client.post(
        reverse("process:hand_over"), {"person": world.manager.pk, "successor": world.employee.pk}
    )
    assert response.status_code == 302
    assert InnovationCase.objects.filter(line_owner=world.employee).count() == 2
    assert client.get(reverse("process:hand_over")).text.count(ic.case.title) == 0


@pytest.mark.parametrize("role", ["advisor", "employee", "external"])
def test_portfolio_is_for_heads_and_coordinators(world, client, role):
    client.force_login(getattr(world, role))
    assert client.get(reverse("process:portfolio")).status_code == 403


def _support(case, *people):
    from slussen.intake.models import Supporter

    for person in people:
        Supporter.objects.create(
            case=case, user=person, via="case", token_salt="s", token_hash=f"{case.pk}-{person.pk}"
        )


def test_portfolio_lists_read_the_rows_shown_not_every_case_in_scope_grouped(world, client):
    """The most supported and the roll-outs count the supporters and the units of the cases
    they list, by a subquery per row: no grouping of every innovation case in scope with its
    supporters or units (3.6 s over 47 000 innovation cases of a million register cases)."""
    few, most, none = make_cases(world, 3)
    _support(most.case, world.employee, world.manager, world.expert)
    _support(few.case, world.employee)
    Adoption.objects.create(innovation=few, unit=world.karolinska, adopted_on=date.today())
    Adoption.objects.create(
        innovation=few, unit=world.sos, adopted_on=date.today(), status="in_use"
    )
    client.force_login(world.coordinator)
    url = reverse("process:portfolio")
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:  # the figures are kept: the lists only
        response = client.get(url)
    data = response.context["data"]
    assert [(ic.pk, ic.support_count) for ic in data["supported"]] == [(most.pk, 3), (few.pk, 1)]
    assert [(ic.pk, ic.target_units, ic.units_in_use) for ic in data["rollouts"]] == [
        (few.pk, 2, 1)
    ]
    assert "3 stödjare" in response.text
    sql = " ".join(q["sql"] for q in warm.captured_queries)
    assert 'GROUP BY "process_innovationcase"' not in sql


def test_a_units_portfolio_asks_the_register_for_its_scope_once(world, client):
    """A head of unit's portfolio reads the ids of her unit's innovation cases once; each list
    then reads its rows by id, instead of walking the region's innovation cases and asking the
    register at every one whether it is hers (15 ms a list at a million cases)."""
    mine = make_cases(world, 3)
    make_cases(world, 2)  # SöS: not hers
    Case.objects.filter(pk__in=[ic.case_id for ic in mine]).update(organisation=world.karolinska)
    InnovationCase.objects.filter(pk=mine[0].pk).update(
        line_owner=None, last_activity=timezone.now() - timedelta(days=120)
    )
    _support(mine[1].case, world.employee)
    client.force_login(world.innovation_head)
    url = reverse("process:portfolio")
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url)
    data = response.context["data"]
    assert data["total"] == 3
    assert [ic.pk for ic in data["stale"]] == [mine[0].pk]
    assert [ic.pk for ic in data["ownerless"]] == [mine[0].pk]
    assert [ic.pk for ic in data["supported"]] == [mine[1].pk]
    asked = [q for q in warm.captured_queries if '"cases_case" U0' in q["sql"]]
    assert len(asked) == 1, [q["sql"][:300] for q in asked]
    if connection.vendor == "postgresql":
        # The ids go as one array, not a parameter each: a unit's 700 ids made every list's
        # statement 700 parameters long (34 ms of the page only to pass them to psycopg).
        by_id = [q for q in warm.captured_queries if "unnest(" in q["sql"]]
        assert len(by_id) >= 2  # the figures' change stamp, the listed rows


def test_a_wide_scope_stays_a_query(world, monkeypatch):
    """Past ``SCOPE_IDS`` innovation cases the scope is not read as ids: the figures and lists
    are the same either way."""
    mine = make_cases(world, 3)
    Case.objects.filter(pk__in=[ic.case_id for ic in mine]).update(organisation=world.karolinska)
    narrow = selectors.portfolio(world.innovation_head)
    forget()
    monkeypatch.setattr(selectors, "SCOPE_IDS", 2)
    wide = selectors.portfolio(world.innovation_head)
    assert wide["total"] == narrow["total"] == 3
    assert [ic.pk for ic in wide["not_rolled_out"]] == [ic.pk for ic in narrow["not_rolled_out"]]


def test_the_median_days_per_phase_are_the_middle_periods(world):
    """The median days per phase are those of ``statistics.median`` (the middle period, or the
    mean of the middle two, rounded), on PostgreSQL by one sorting aggregate per group instead
    of numbering every period of the region in windows (0.25 s of the first portfolio of the
    day at 137 000 periods)."""
    import statistics

    from slussen.process.models import PhaseRun

    cases = make_cases(world, 3)
    today = date.today()
    phase = cases[0].phase
    PhaseRun.objects.all().delete()
    lengths = {cases[0]: [3, 10], cases[1]: [4, 30], cases[2]: [7]}
    for ic, days in lengths.items():
        for n in days:
            PhaseRun.objects.create(
                innovation=ic, phase=phase, started=today - timedelta(days=n), ended=today
            )
    PhaseRun.objects.create(innovation=cases[2], phase=phase, started=today - timedelta(days=8))
    every = [n for days in lengths.values() for n in days] + [8]
    runs = PhaseRun.objects.filter(innovation__in=selectors.visible(world.coordinator)).order_by()
    with CaptureQueriesContext(connection) as read:
        found = selectors._medians(runs, ["phase__generic"], today)
    assert found == {(phase.generic,): round(statistics.median(every))}
    assert found[(phase.generic,)] == 8  # 3 4 7 8 10 30: the mean of 7 and 8, rounded
    if connection.vendor == "postgresql":
        sql = read.captured_queries[0]["sql"]
        assert "PERCENTILE_CONT" in sql and "ROW_NUMBER" not in sql


def test_portfolio_figures_are_computed_once_for_every_server(world, client):
    """The figures cost seconds at a million cases: once computed, another server (or another
    process of the same one, its own cache empty) reads them from the shared cache instead of
    computing them again; a change of an innovation case is seen on the next page view (its
    figures computed once in the background: here the task backend runs it at once)."""
    make_cases(world, 2)
    client.force_login(world.coordinator)
    url = reverse("process:portfolio")
    forget()
    client.get(url)
    caches["default"].clear()  # another process: nothing of its own kept yet
    with CaptureQueriesContext(connection) as kept:
        client.get(url)
    assert not [q for q in kept.captured_queries if "process_phaserun" in q["sql"]]
    make_cases(world, 1)  # a change: its latest activity is in the key
    caches["default"].clear()
    with CaptureQueriesContext(connection) as changed:
        response = client.get(url)
    assert [q for q in changed.captured_queries if "process_phaserun" in q["sql"]]
    assert response.context["data"]["as_of"] is not None
    caches["default"].clear()
    assert client.get(url).context["data"]["total"] == 3


def test_after_a_change_the_portfolio_shows_the_last_figures_and_one_refresh_brings_them_up_to_date(
    world, client
):
    """With a write every second, recomputing the figures on the request that notices a change
    cost the portfolio's p95 two seconds at a million cases. After a change the page answers at
    once with the figures it has, saying when they were computed, and asks for them once to be
    computed again in the background (here the task backend runs it at once); a second reader
    meanwhile does not ask again. The next page view shows the figures right."""
    make_cases(world, 2)
    client.force_login(world.coordinator)
    url = reverse("process:portfolio")
    forget()
    first = client.get(url)
    assert first.context["data"]["total"] == 2
    assert first.context["data"]["as_of"] is None  # up to date: no time shown
    make_cases(world, 1)  # a change
    caches["default"].clear()  # another process, too: the shared cache has the last figures
    with CaptureQueriesContext(connection) as noticed:
        behind = client.get(url)
    data = behind.context["data"]
    assert data["total"] == 2  # the last figures, not computed on this request ...
    assert data["as_of"] is not None  # ... with the time they were computed
    assert "Siffrorna är från" in behind.text
    # ... and no request computed them: the refresh ran as a task (at once here), not inline
    assert [q for q in noticed.captured_queries if "process_phaserun" in q["sql"]]
    fresh = client.get(url)
    assert fresh.context["data"]["total"] == 3
    assert fresh.context["data"]["as_of"] is None
    assert "Siffrorna är från" not in fresh.text
    # Another change within the minute: shown as behind, and not computed again until the
    # minute has passed (one refresh at a time across every server).
    make_cases(world, 1)
    with CaptureQueriesContext(connection) as again:
        later = client.get(url)
    assert later.context["data"]["total"] == 3 and later.context["data"]["as_of"]
    assert not [q for q in again.captured_queries if "process_phaserun" in q["sql"]]


def test_the_portfolio_s_lists_are_kept_with_its_figures_and_read_in_one_query_by_id(world, client):
    """Each list of the portfolio (pilot finished, stale, no owner, roll-outs, most supported)
    walked the scope's innovation cases on every view (five queries of 10 ms for a unit's 700
    cases at a million). The first cases of each are found with the figures they are counted
    in (kept, refreshed in the background) and the page reads those few rows in one query by
    id, within the reader's scope as it is now: a case moved out of the unit is not shown."""
    mine = make_cases(world, 3)
    Case.objects.filter(pk__in=[ic.case_id for ic in mine]).update(organisation=world.karolinska)
    InnovationCase.objects.filter(pk__in=[mine[0].pk, mine[2].pk]).update(
        line_owner=None, last_activity=timezone.now() - timedelta(days=120)
    )
    _support(mine[1].case, world.employee)
    Adoption.objects.create(innovation=mine[1], unit=world.karolinska, adopted_on=date.today())
    client.force_login(world.innovation_head)
    url = reverse("process:portfolio")
    forget()
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url)
    data = response.context["data"]
    assert (
        {ic.pk for ic in data["stale"]}
        == {ic.pk for ic in data["ownerless"]}
        == {
            mine[0].pk,
            mine[2].pk,
        }
    )
    assert [(ic.pk, ic.support_count) for ic in data["supported"]] == [(mine[1].pk, 1)]
    assert [(ic.pk, ic.target_units, ic.units_in_use) for ic in data["rollouts"]] == [
        (mine[1].pk, 1, 0)
    ]
    rows = [
        q["sql"]
        for q in warm.captured_queries
        if q["sql"].startswith(
            'SELECT "process_innovationcase"."id", "process_innovationcase"."case_id"'
        )
    ]
    assert len(rows) == 1, [sql[:200] for sql in rows]
    # A case moved to another organisation leaves her scope at once, kept lists or not.
    Case.objects.filter(pk=mine[2].case_id).update(organisation=world.sos)
    data = client.get(url).context["data"]
    assert [ic.pk for ic in data["ownerless"]] == [mine[0].pk]
    # An owner named: the case leaves the list at once, before the figures are computed again
    InnovationCase.objects.filter(pk=mine[0].pk).update(line_owner=world.manager)
    with CaptureQueriesContext(connection) as again:
        data = client.get(url).context["data"]
    assert data["ownerless"] == [] and [ic.pk for ic in data["stale"]] == [mine[0].pk]
    assert not [q for q in again.captured_queries if "process_phaserun" in q["sql"]]


@pytest.mark.django_db(transaction=True)
def test_the_portfolio_s_figures_are_computed_again_by_the_worker_not_by_a_request(
    world, client, settings
):
    """With the region's task queue (the database's, a worker beside the web servers): the
    request that notices a change queues one refresh and answers with the figures it has;
    the worker computes them; the next view shows them right, without computing anything."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_cases(world, 2)
    client.force_login(world.coordinator)
    url = reverse("process:portfolio")
    forget()
    assert client.get(url).context["data"]["total"] == 2  # the first reader computes them
    make_cases(world, 1)
    for _ in range(2):  # two readers, one refresh queued
        caches["default"].clear()
        with CaptureQueriesContext(connection) as read:
            data = client.get(url).context["data"]
        assert data["total"] == 2 and data["as_of"] is not None
        assert not [q for q in read.captured_queries if "process_phaserun" in q["sql"]]
    refreshes = DBTaskResult.objects.filter(task_path__endswith=".refresh_portfolio_figures")
    assert refreshes.count() == 1
    call_command("db_worker", "--batch", "--queue-name", "default", verbosity=0)
    assert list(refreshes.values_list("status", flat=True)) == ["SUCCESSFUL"]
    caches["default"].clear()
    with CaptureQueriesContext(connection) as read:
        data = client.get(url).context["data"]
    assert data["total"] == 3 and data["as_of"] is None
    assert not [q for q in read.captured_queries if "process_phaserun" in q["sql"]]
