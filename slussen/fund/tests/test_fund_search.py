"""Search, filters, bulk actions and export over all applications: the coordinators see every
one, everybody else what the view rule lets them (its list form, ``rules.visible_q``)."""

import io

import pytest
from django.urls import reverse

from slussen.core.models import AuditEvent
from slussen.core.permissions import can
from slussen.fund import rules, services
from slussen.fund.models import Application
from slussen.testing.world import PEOPLE

from .factories import draft_data, make_application, make_call


@pytest.fixture
def spread(world):
    """Applications in every state, of two calls and two organisations; one scored."""
    call = make_call(world)
    other_call = make_call(world, title="Innovationsfonden våren 2027")
    apps = {
        state: make_application(world, call, state=state)
        for state in ("draft", "signoff", "prescreening", "review", "granted")
    }
    apps["sos"] = make_application(
        world,
        other_call,
        applicant=world.employee,
        manager=world.manager,
        organisation=world.sos,
        state="review",
    )
    services.declare(apps["review"], world.expert, has_conflict=False)
    services.score(apps["review"], world.expert, {c.pk: (4, "") for c in call.criteria.all()})
    return apps


def _listed(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("fund:applications"), params)
    assert response.status_code == 200, response.status_code
    return {a.pk for a in response.context["rows"]}


def test_fund_search_list_is_the_view_rule_for_every_role(world, client, spread):
    """The list form never drifts from the check on one application, for any role."""
    every = list(Application.objects.select_related("state", "call"))
    for key in PEOPLE:
        user = getattr(world, key)
        allowed = {a.pk for a in every if can(user, "fund.view", a)}
        scope = rules.visible_q(user)
        listed = {a.pk for a in (Application.objects.all() if scope is None else
                                 Application.objects.filter(scope))}  # fmt: skip
        assert listed == allowed, key
        if user.has_role("external"):
            continue
        assert _listed(client, user, state="") | _listed(client, user, state="draft") == allowed


def test_fund_search_expert_sees_only_assigned_applications(world, client, spread):
    assigned = {spread[k].pk for k in ("review", "granted", "sos")}
    assert _listed(client, world.expert) == assigned
    spread["sos"].assignments.all().delete()
    assert _listed(client, world.expert) == assigned - {spread["sos"].pk}
    # Not through a filter or a search either.
    assert _listed(client, world.expert, organisation=world.sos.pk) == set()
    assert _listed(client, world.expert, q=spread["sos"].registry_number) == set()


def test_fund_search_advisor_sees_only_what_its_rules_allow(world, client, spread):
    """An advisor applies like anyone: her own applications, none of another's."""
    assert _listed(client, world.advisor) == set()
    mine = make_application(
        world, spread["review"].call, applicant=world.advisor, organisation=world.sos,
        manager=world.manager, state="signoff",
    )  # fmt: skip
    assert _listed(client, world.advisor) == {mine.pk}


def test_fund_search_filters_for_the_coordinator(world, client, spread):
    c = world.coordinator
    submitted = {a.pk for k, a in spread.items() if k != "draft"}
    assert _listed(client, c) == submitted  # another's draft only when asked for
    assert _listed(client, c, state="draft") == {spread["draft"].pk}
    assert _listed(client, c, call=spread["sos"].call_id) == {spread["sos"].pk}
    assert _listed(client, c, organisation=world.sos.pk) == {spread["sos"].pk}
    assert _listed(client, c, state="granted") == {spread["granted"].pk}
    assert _listed(client, c, kind="continuation") == set()
    year = spread["review"].submitted_at.year
    assert _listed(client, c, year=year) == submitted
    assert _listed(client, c, score_min="3.5", score_max="5") == {spread["review"].pk}
    assert _listed(client, c, score_min="4.5") == set()
    assert _listed(client, c, q="omvårdnaden", state="review") == {
        spread["review"].pk,
        spread["sos"].pk,
    }


def test_fund_search_refuses_bad_and_huge_input(world, client, spread):
    """As every list (``core.forms.list_filters``): a search too long shows nothing, keeps the
    text and says why (400); another invalid filter is left out, its error shown."""
    client.force_login(world.coordinator)
    url = reverse("fund:applications")
    response = client.get(url, {"q": "x" * 10_000})
    assert response.status_code == 400
    assert response.context["rows"] == []
    assert "x" * 10_000 in response.text  # kept in the box
    assert "Inget visas förrän sökningen ovan är rättad." in response.text
    everything = _listed(client, world.coordinator)
    for params in (
        {"score_min": "abc"},
        {"score_min": "4", "score_max": "2"},
        {"call": "999999"},
        {"state": "<script>"},
    ):
        response = client.get(url, params)
        assert response.status_code == 200, params
        assert response.context["form"].errors, params
        assert {a.pk for a in response.context["rows"]} <= everything | {spread["draft"].pk}
    assert client.get(url, {"page": "99999"}).status_code == 200
    assert client.post(url, {"action": "nothing"}).status_code == 400


def test_fund_search_export_contains_nothing_the_user_may_not_see(world, client, spread):
    client.force_login(world.expert)
    csv = client.get(reverse("fund:applications_export", args=["csv"]))
    text = csv.content.decode("utf-8-sig")
    assert spread["review"].registry_number in text
    for key in ("signoff", "prescreening"):
        assert spread[key].registry_number not in text
    # Chosen in the list: an id the expert may not see is dropped.
    hidden = spread["prescreening"]
    response = client.post(
        reverse("fund:applications"),
        {"action": "export_csv", "chosen": [hidden.pk, spread["review"].pk]},
    )
    text = response.content.decode("utf-8-sig")
    assert spread["review"].registry_number in text and hidden.registry_number not in text
    assert (
        AuditEvent.objects.filter(action="fund.applications.export", actor=world.expert).count()
        == 2
    )


def test_fund_search_export_neutralises_formulas(world, client):
    call = make_call(world)
    data = draft_data(call, world.employee, world.sos, world.manager)
    data["fields"]["title"] = '=HYPERLINK("http://evil.example","x")'
    app = services.save_draft(world.employee, call, **data)
    services.submit(app, world.employee)
    client.force_login(world.coordinator)
    text = client.get(reverse("fund:applications_export", args=["csv"])).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    xlsx = client.get(reverse("fund:applications_export", args=["xlsx"]))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cell = next(c for row in sheet.iter_rows() for c in row if "HYPERLINK" in str(c.value))
    assert cell.data_type == "s" and cell.quotePrefix
    assert client.get(reverse("fund:applications_export", args=["pdf"])).status_code == 404


def test_fund_search_reminds_the_chosen_reviewers_once(world, client, spread, mailbox):
    from slussen.core.models import Notification

    url = reverse("fund:applications")
    chosen = {"action": "remind", "chosen": [spread["review"].pk, spread["sos"].pk]}
    client.force_login(world.expert)  # may see them, may not remind
    assert client.post(url, chosen).status_code == 403
    client.force_login(world.coordinator)
    before = Notification.objects.filter(recipient=world.expert).count()
    client.post(url, chosen)
    client.post(url, chosen)  # a double click reminds no one again
    # The expert has reviewed the first; the second's expert is reminded once.
    assert Notification.objects.filter(recipient=world.expert).count() == before + 1
    reminded = AuditEvent.objects.get(action="fund.review.remind")
    assert reminded.object_id == str(spread["sos"].pk) and reminded.actor == world.coordinator


def test_fund_search_queries_do_not_grow(world, client, spread, django_assert_max_num_queries):
    client.force_login(world.coordinator)
    url = reverse("fund:applications")
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    call = spread["review"].call
    for _ in range(4):
        app = make_application(world, call, state="review")
        services.declare(app, world.expert, has_conflict=False)
        services.score(app, world.expert, {c.pk: (3, "") for c in call.criteria.all()})
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 9  # every submitted one, scored or not


def test_fund_search_list_reads_only_the_columns_it_shows(world, client, spread):
    """The page's rows are read with what the list shows, not the applications' texts, their
    cases' descriptions and their applicants' accounts; every column still shows, and nothing
    left out is read row by row afterwards (the query count above)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.coordinator)
    granted = spread["granted"]
    Application.objects.filter(pk=granted.pk).update(granted_amount=123456)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("fund:applications"), {"state": "granted"})
    page = [
        q["sql"] for q in queries if 'FROM "fund_application"' in q["sql"] and "LIMIT" in q["sql"]
    ]
    assert len(page) == 1, page
    unread = ['"fund_application"."summary"', '"fund_application"."goal"', '"accounts_user"',
              '"cases_case"."description"', '"fund_call"."description"']  # fmt: skip
    assert [column for column in unread if column in page[0]] == []
    text = response.content.decode()
    row = text[text.index(f'id="chosen-{granted.pk}"') :]
    row = row[: row.index("</tr>")]
    granted.refresh_from_db()
    for shown in (granted.title, granted.case.registry_number, granted.call.title,
                  str(granted.get_kind_display()), granted.state.label,
                  granted.organisation.display_name, "123"):  # fmt: skip
        assert str(shown) in row, shown


def test_fund_search_filters_read_their_choices_names_only(world, client, spread):
    """The call and organisation filters list every call and organisation on every page: read
    with what the choice shows, not the calls' texts and the organisations' contact details;
    a choice made still filters."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.coordinator)
    call = spread["sos"].call
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            reverse("fund:applications"), {"call": call.pk, "organisation": world.sos.pk}
        )
    choices = [
        q["sql"]
        for q in queries
        if q["sql"].startswith(('SELECT "fund_call"', 'SELECT "accounts_organisation"'))
    ]
    assert len(choices) >= 2, choices
    read = " ".join(choices)
    for unread in ('"fund_call"."description"', '"accounts_organisation"."contact_email"',
                   '"accounts_organisation"."innovation_unit"'):  # fmt: skip
        assert unread not in read, unread
    assert {a.pk for a in response.context["rows"]} == {spread["sos"].pk}
    text = response.content.decode()
    assert f'<option value="{call.pk}" selected>{call.title}</option>' in text
    assert f'<option value="{world.sos.pk}" selected>{world.sos.name}</option>' in text
