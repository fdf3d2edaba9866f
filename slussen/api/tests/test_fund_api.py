"""The innovation fund in the API: calls and granted projects for anyone (what the call pages
and their decision pages show), statistics for the fund's coordinators, granted projects as
open data."""

import csv
import io
import json

from django.urls import reverse

from slussen.fund import services as fund
from slussen.fund.models import Application
from slussen.fund.tests.factories import make_application, make_call

from .conftest import bearer
from .test_open_data import body


def test_calls_are_public_with_budget_kinds_and_criteria(world, client):
    call = make_call(world, accepted_kinds=["new"])
    calls = client.get(reverse("api:fund_calls")).json()["results"]
    assert [c["title"] for c in calls] == ["Innovationsfonden hösten 2026"]
    one = client.get(reverse("api:fund_call", args=[call.pk])).json()
    assert one == calls[0]
    assert one["budget"] == 7_500_000 and one["accepted_kinds"] == ["new"] and one["is_open"]
    assert one["grant_year"] == call.grant_year and len(one["criteria"]) == call.criteria.count()
    assert one["criteria"][0] == call.criteria.first().name_sv
    assert client.get(reverse("api:fund_calls"), {"status": "closed"}).json()["results"] == []
    assert client.get(reverse("api:fund_calls"), {"status": "soon"}).status_code == 400
    assert client.get(reverse("api:fund_call", args=[call.pk + 1])).status_code == 404


def test_granted_projects_show_what_the_decision_page_shows(world, client):
    call = make_call(world)
    granted = make_application(world, call, state="granted")
    rejected = make_application(world, call, state="review")
    fund.decide(rejected, world.coordinator, grant=False, motivation="Inte nytt nog.")
    make_application(world, call, state="review")  # not decided yet
    rows = client.get(reverse("api:fund_granted")).json()["results"]
    assert rows == [
        {
            "registry_number": granted.case.registry_number,
            "title": "Omvårdnadsträning med VR",
            "organisation": "Karolinska Universitetssjukhuset",
            "kind": "new",
            "kind_label": "Nytt projekt",
            "amount": 200_000,
            "call": call.title,
            "call_id": call.pk,
            "year": call.grant_year,
        }
    ]
    # Every field of the API is on the public decision page.
    page = client.get(reverse("fund:results", args=[call.pk])).text
    for value in (granted.case.registry_number, "Omvårdnadsträning med VR", "200"):
        assert value in page
    url = reverse("api:fund_granted")
    assert client.get(url, {"year": call.grant_year + 1}).json()["results"] == []
    assert len(client.get(url, {"call": call.pk, "kind": "new"}).json()["results"]) == 1
    assert client.get(url, {"organisation": world.sos.pk}).json()["results"] == []


def test_granted_projects_as_open_data(world, client):
    granted = make_application(world, state="granted")
    page = client.get(reverse("api:open_data")).text
    assert reverse("api:download", args=["fund-projects", "csv"]) in page
    response = client.get(reverse("api:download", args=["fund-projects", "csv"]))
    assert response.streaming
    rows = list(csv.DictReader(io.StringIO(body(response).lstrip("\ufeff"))))
    assert [(r["registry_number"], r["amount"]) for r in rows] == [
        (granted.case.registry_number, "200000")
    ]
    data = json.loads(body(client.get(reverse("api:download", args=["fund-projects", "json"]))))
    assert data["licence"]["name"] == "CC0 1.0" and data["rows"][0]["title"] == granted.title
    assert "summary" not in data["rows"][0] and "Interaktiv" not in str(data)


def test_statistics_for_the_coordinators_only(world, client, make_key):
    make_application(world, state="granted")
    year = Application.objects.get().submitted_at.year
    url = reverse("api:fund_statistics", args=[year])
    figures = client.get(url, **bearer(make_key(world.coordinator))).json()
    assert (figures["applications"], figures["granted"], figures["amount"]) == (1, 1, 200_000)
    assert (figures["women"], figures["men"]) == (1, 0)
    assert figures["by_kind"][0] == {
        "applications": 1, "granted": 1, "amount": 200_000, "kind": "new",
        "kind_label": "Nytt projekt",
    }  # fmt: skip
    assert figures["by_organisation"][0]["organisation"] == "Karolinska Universitetssjukhuset"
    assert figures["since_start"]["first_year"] == year
    assert client.get(url, **bearer(make_key(world.advisor))).status_code == 403
    assert client.get(url).status_code == 401
    too_late = reverse("api:fund_statistics", args=[99999])
    assert client.get(too_late, **bearer(make_key(world.coordinator))).status_code == 404
