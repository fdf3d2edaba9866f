"""The fund's statistics over the years: trends, the gender of granted projects, and "since
the start" counted only up to the year shown."""

import re
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from slussen.fund import selectors, services, views
from slussen.fund.models import Application

from .factories import make_application, make_call


def _in_year(app, year):
    tz = timezone.get_current_timezone()
    Application.objects.filter(pk=app.pk).update(submitted_at=datetime(year, 3, 1, tzinfo=tz))


def test_fund_statistics_since_the_start_knows_nothing_of_later_years(world):
    """A year before the first application: nothing since the start, no first year taken
    from a later year; granted and amounts up to the year shown only."""
    call = make_call(world)
    early = make_application(world, call, state="granted")
    late = make_application(world, call, state="granted")
    _in_year(early, 2024)
    _in_year(late, 2026)
    before = selectors.statistics(2023)["since_start"]
    assert before == {"applications": 0, "granted": 0, "amount": 0, "first_year": None}
    assert selectors.statistics(2024)["since_start"] == {
        "applications": 1,
        "granted": 1,
        "amount": 200_000,
        "first_year": 2024,
    }
    assert selectors.statistics(2026)["since_start"]["amount"] == 400_000


def test_fund_statistics_trends_over_the_years_with_the_gender_of_granted_projects(world, client):
    call = make_call(world)
    granted = make_application(world, call, state="granted")  # a woman, SEK 200 000
    rejected = make_application(world, call, state="review")
    services.decide(rejected, world.coordinator, grant=False, motivation="Inte nu.")
    later = make_application(world, call, state="granted")
    Application.objects.filter(pk=later.pk).update(applicant_gender="man")
    _in_year(granted, 2024)
    _in_year(rejected, 2024)
    _in_year(later, 2025)
    rows = {row["year"]: row for row in selectors.trends(2025)}
    assert list(rows) == [2024, 2025]
    assert (rows[2024]["applications"], rows[2024]["granted"], rows[2024]["amount"]) == (
        2,
        1,
        200_000,
    )
    assert (rows[2024]["granted_women"], rows[2024]["granted_men"]) == (1, 0)
    assert (rows[2025]["granted_women"], rows[2025]["granted_men"]) == (0, 1)
    assert [row["year"] for row in selectors.trends(2024)] == [2024]  # up to the year shown

    client.force_login(world.coordinator)
    page = client.get(reverse("fund:statistics"), {"year": 2025})
    assert page.status_code == 200
    text = page.text
    assert text.count("<svg") >= 1 and 'aria-hidden="true"' in text
    assert "Beviljade projekt per år efter huvudsökandens kön" in text
    assert '<th scope="row">2024</th>' in text
    assert "style=" not in text and "<script>" not in text
    csv = client.get(reverse("fund:export", args=["csv"]), {"year": 2025})
    assert "2024;2;1;200000;1;0" in csv.content.decode("utf-8-sig")


def test_fund_statistics_page_is_kept_until_an_application_changes(
    world, client, django_assert_max_num_queries
):
    call = make_call(world)
    app = make_application(world, call, state="review")
    year = Application.objects.get().submitted_at.year
    client.force_login(world.coordinator)
    url = reverse("fund:statistics")
    client.get(url, {"year": year})
    with django_assert_max_num_queries(8) as kept:
        client.get(url, {"year": year})
    sql = " ".join(q["sql"] for q in kept.captured_queries)
    assert "fund_application" not in sql  # nothing read over every application
    services.decide(app, world.coordinator, grant=True, amount=120_000, motivation="Bra.")
    assert client.get(url, {"year": year}).context["stats"]["granted"] == 1


def test_fund_statistics_show_a_decision_recorded_by_a_clock_behind(world, client):
    from datetime import timedelta
    from unittest import mock

    call = make_call(world)
    other = make_call(world, title="Innovationsfonden våren 2027")
    app = make_application(world, call, state="review")
    make_application(world, other, state="signoff")  # the latest stamp, by a clock ahead
    year = app.submitted_at.year
    client.force_login(world.coordinator)
    url = reverse("fund:statistics")
    assert client.get(url, {"year": year}).context["stats"]["granted"] == 0
    behind = timezone.now() - timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=behind):
        services.decide(app, world.coordinator, grant=True, amount=120_000, motivation="Bra.")
    assert client.get(url, {"year": year}).context["stats"]["granted"] == 1


def test_fund_statistics_are_kept_through_reviews_not_through_decisions(world):
    """Reviews change the call overview, never the statistics: saving one keeps the
    statistics' stamp (the bench's writes include reviews); a decision changes it."""
    call = make_call(world)
    app = make_application(world, call, state="review")
    before = selectors.stamp()
    services.declare(app, world.expert, has_conflict=False)
    services.score(app, world.expert, {c.pk: (4, "") for c in call.criteria.all()})
    assert selectors.stamp() == before
    services.decide(app, world.coordinator, grant=True, amount=120_000, motivation="Bra.")
    assert selectors.stamp() != before


def test_fund_statistics_trend_key_is_painted_as_its_bars(world, client):
    """The key names the colours of the bars: each swatch sits in an ``svg.bars`` as the bars do
    (the rule ``.bars .bar`` paints them), so 'Applications' is not a black square beside
    blue bars."""
    make_application(world, make_call(world), state="granted")
    client.force_login(world.coordinator)
    text = client.get(reverse("fund:statistics")).text
    trends = text[text.index('id="trends"') :]
    key = re.search(r'<p class="meta">(.*?)</p>', trends, re.S).group(1)
    swatches = re.findall(r"<svg\b[^>]*>", key)
    assert len(swatches) == 2
    assert all('class="bars"' in svg for svg in swatches), swatches


def test_fund_statistics_trends_show_a_year_without_applications_as_zero(world, client):
    """A year between the first and the last without applications is a bar of zero in the
    chart and a row of zeros in the table, not left out."""
    call = make_call(world)
    first = make_application(world, call, state="granted")
    last = make_application(world, call, state="review")
    _in_year(first, 2022)
    _in_year(last, 2024)
    rows = selectors.trends(2024)
    assert [row["year"] for row in rows] == [2022, 2023, 2024]
    empty = rows[1]
    assert (empty["applications"], empty["granted"], empty["amount"]) == (0, 0, 0)
    assert (empty["share"], empty["granted_share"], empty["granted_women"]) == (0, 0, 0)

    client.force_login(world.coordinator)
    text = client.get(reverse("fund:statistics"), {"year": 2024}).text
    chart = text.split('id="ch-trends-cap"')[1].split("</svg>\n  <div")[0]
    assert re.findall(r'class="bar-label">(\d{4})<', chart) == ["2022", "2023", "2024"]
    assert text.count('<tr><th scope="row">2023</th><td class="num">0</td>') == 2  # both tables


def test_fund_statistics_kept_page_reads_neither_figures_nor_more_than_its_layout(
    world, client, monkeypatch, django_assert_num_queries
):
    """A kept page costs what any page costs: the session read with the person and her roles
    (one query), and the stamp that says nothing changed; the kept figures are not even
    unpacked from the cache."""
    call = make_call(world)
    make_application(world, call, state="review")
    year = Application.objects.get().submitted_at.year
    client.force_login(world.coordinator)
    url = reverse("fund:statistics")
    first = client.get(url, {"year": year}).text.split("<main")[1]
    unpacked, forms = [], []
    real = selectors.cached_statistics
    monkeypatch.setattr(selectors, "cached_statistics", lambda *a: unpacked.append(a) or real(*a))

    class Counted(views.YearForm):
        def __init__(self, *args, **kwargs):
            forms.append(args)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(views, "YearForm", Counted)
    with django_assert_num_queries(2):
        kept = client.get(url, {"year": year})
    assert kept.text.split("<main")[1] == first and unpacked == []
    assert forms == []  # the year is checked against the years offered, no form made
    assert kept.templates == []  # the whole page is kept, layout and all


def test_fund_statistics_page_of_a_year_not_offered_is_kept_as_well(world, client, monkeypatch):
    """A year no application was submitted in (a call's grant year ahead, say) answers the
    form's error above the latest year's figures; that page is kept like any other, so asking
    for it again renders nothing. A value that is no year is answered, never kept."""
    call = make_call(world)
    make_application(world, call, state="review")
    year = Application.objects.get().submitted_at.year
    client.force_login(world.coordinator)
    url = reverse("fund:statistics")
    first = client.get(url, {"year": year + 1})
    assert first.status_code == 200 and str(year + 1) in first.text
    rendered = []
    real = selectors.cached_statistics
    monkeypatch.setattr(selectors, "cached_statistics", lambda *a: rendered.append(a) or real(*a))
    again = client.get(url, {"year": year + 1})
    assert again.text.split("<main")[1] == first.text.split("<main")[1]
    assert rendered == []
    for odd in ("x" * 5000, "20277", "-1"):
        for _twice in range(2):
            assert client.get(url, {"year": odd}).status_code == 200
    assert len(rendered) == 6  # each rendered anew, every time: nothing kept under them
