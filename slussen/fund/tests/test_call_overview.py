"""The call overview is kept per call and answers from what is kept while nothing in the call
changes: no read over all of the call's applications or reviews per request. Every write that
changes what it shows stamps the call, so the next request ranks anew."""

from datetime import timedelta
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from slussen.fund import services
from slussen.fund.models import Application

from .factories import make_application, make_call


def _score(app, expert, value):
    services.declare(app, expert, has_conflict=False)
    services.score(app, expert, {c.pk: (value, "") for c in app.call.criteria.all()})


def test_call_overview_warm_request_reads_no_row_of_the_calls_applications_in_bulk(world, client):
    """After the first request, a request with nothing changed reads the call, the page's
    applications and what every page reads; no aggregate over the call's applications or
    reviews (today's 265 ms for 20 000 applications)."""
    call = make_call(world)
    for value in (2, 4):
        _score(make_application(world, call, state="review"), world.expert, value)
    client.force_login(world.coordinator)
    url = reverse("fund:overview", args=[call.pk])
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    sql = " ".join(q["sql"] for q in warm.captured_queries).upper()
    assert "FUND_REVIEW" not in sql and "FUND_SCORE" not in sql
    assert "MAX(" not in sql and "COUNT(" not in sql


def test_call_overview_shows_a_decision_at_once_even_from_a_clock_behind(world, client):
    """A stale cache never shows an old state after a decision: not even when the server that
    records it has a clock behind the one that wrote last (several servers in production)."""
    call = make_call(world)
    app = make_application(world, call, state="review")
    make_application(world, call, state="signoff")  # written last, by a clock ahead
    client.force_login(world.coordinator)
    url = reverse("fund:overview", args=[call.pk])
    assert "status-review" in client.get(url).text
    behind = timezone.now() - timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=behind):
        services.decide(app, world.coordinator, grant=True, amount=100_000, motivation="Bra.")
    response = client.get(url)
    assert "status-granted" in response.text and "status-review" not in response.text
    assert response.context["totals"]["granted"] == 100_000
    assert response.context["totals"]["granted_count"] == 1


def test_call_overview_changes_with_every_kind_of_write(world, client):
    """Each write that changes the overview shows at the next request: a submission, a
    sign-off, a pre-screening, a declaration, a score, a decision, a withdrawal, a criterion's
    weight and a change made in bulk."""
    call = make_call(world)
    client.force_login(world.coordinator)
    url = reverse("fund:overview", args=[call.pk])

    def shown():
        return client.get(url).context["totals"]

    app = make_application(world, call, state="signoff")
    assert shown()["applications"] == 1
    services.signoff(app, world.innovation_head, approve=True, comment="")
    app.refresh_from_db()
    assert shown()["by_state"] == {app.state.label: 1}
    services.prescreen(app, world.prescreener, met=True, reasons="Uppfyller kraven.")
    app.refresh_from_db()
    assert shown()["by_state"] == {app.state.label: 1}
    before = client.get(url).text
    _score(app, world.expert, 3)
    assert client.get(url).text != before and "3,0–3,0" in client.get(url).text
    criteria = list(call.criteria.all())
    services.set_criteria(
        call,
        world.coordinator,
        [{"id": c.pk, "name_sv": c.name_sv, "name_en": c.name_en, "weight": 3} for c in criteria],
    )
    other = make_application(world, call, state="review")
    assert shown()["applications"] == 2
    services.decide(other, world.coordinator, grant=True, amount=100_000, motivation="Bra.")
    assert shown()["granted"] == 100_000
    services.withdraw(app, world.testbed_owner, "Vi drar tillbaka.")
    assert "status-review" not in client.get(url).text
    Application.objects.filter(pk=other.pk).update(granted_amount=90_000)
    assert shown()["granted"] == 90_000


def test_call_overview_says_the_currency_of_both_amounts_of_the_budget_left(world, client):
    """“7 500 000 kr av 7 500 000 kr”, “SEK 7,500,000 of SEK 7,500,000”: the budget the amount
    left is compared with is money too."""
    import re

    call = make_call(world)
    client.force_login(world.coordinator)
    url = reverse("fund:overview", args=[call.pk])
    for language, expected in (
        ("sv", "7\xa0500\xa0000 kr av 7\xa0500\xa0000 kr"),
        ("en", "SEK 7,500,000 of SEK 7,500,000"),
    ):
        client.cookies["django_language"] = language
        page = client.get(url).text
        label = "Kvar av budgeten" if language == "sv" else "Budget left"
        dd = re.search(rf"<dt>{label}</dt><dd>([^<]*)</dd>", page).group(1)
        assert " ".join(dd.replace("&nbsp;", " ").split()) == expected.replace("\xa0", " ")


def test_call_overview_caption_stays_in_view_when_the_table_scrolls_at_390_px(
    live_server, live_world, page
):
    """On a phone the table scrolls sideways in its region; its caption stays where it can be
    read instead of scrolling away with the columns (every table caption, by the stylesheet)."""
    from slussen.testing.browser import login

    w = live_world
    call = make_call(w)
    make_application(w, call, state="review")
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server, w.coordinator)
    page.goto(f"{live_server.url}{reverse('fund:overview', args=[call.pk])}")
    region = page.locator(".table-scroll", has=page.locator("caption"))
    caption = region.locator("caption")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth + 100")  # it does scroll
    region.evaluate("r => { r.scrollLeft = r.scrollWidth; }")
    box, shown = caption.bounding_box(), region.bounding_box()
    assert shown["x"] - 1 <= box["x"] and box["x"] + box["width"] <= shown["x"] + shown["width"] + 1
