"""Open data without log-in: the public register, test environments, the navigator and
decided strategic projects, as API pages and as streamed CSV and JSON files."""

import csv
import io
import json
import tracemalloc

import pytest
from django.urls import reverse
from django.utils import timezone

from slussen.cases.models import Case
from slussen.core import workflow

from .conftest import bearer


def body(response):
    return b"".join(response.streaming_content).decode()


def test_public_register_withholds_secret_titles_and_searches_only_public_ones(world, client):
    url = reverse("api:register")
    rows = {r["registry_number"]: r for r in client.get(url).json()["results"]}
    public, secret = rows[world.case.registry_number], rows[world.other_case.registry_number]
    assert public["title"] == "IVA-dagboken" and public["organisation"] == "Södersjukhuset"
    assert public["status"] == "new" and public["status_label"] == "Ny"
    assert secret["title"] is None and secret["secrecy"] == "secret"
    assert secret["secrecy_reference"] == "OSL 31 kap. 16 §"
    assert "Distansmonitorering" not in client.get(url).text
    # A word of the secret title finds nothing; its registry number finds the row.
    assert client.get(url, {"q": "Distansmonitorering"}).json()["results"] == []
    found = client.get(url, {"q": world.other_case.registry_number}).json()["results"]
    assert [r["registry_number"] for r in found] == [world.other_case.registry_number]
    assert client.get(url, {"kind": "idea"}).json()["results"][0]["title"] == "IVA-dagboken"


def test_datasets_download_as_csv_and_json_with_the_licence(world, client, catalogue):
    page = client.get(reverse("api:open_data"))
    assert page.status_code == 200 and "CC0 1.0" in page.text
    for slug in ("register", "testbeds", "navigator", "strategic-projects"):
        assert reverse("api:download", kwargs={"slug": slug, "fmt": "csv"}) in page.text
    response = client.get(reverse("api:download", kwargs={"slug": "register", "fmt": "csv"}))
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    assert "creativecommons.org/publicdomain/zero/1.0" in response["Link"]
    rows = list(csv.DictReader(io.StringIO(body(response).lstrip("\ufeff"))))
    assert {r["registry_number"] for r in rows} >= {world.case.registry_number}
    assert "Distansmonitorering" not in str(rows)
    data = json.loads(body(client.get(reverse("api:download", args=["testbeds", "json"]))))
    assert data["licence"]["name"] == "CC0 1.0"
    assert [t["slug"] for t in data["rows"]] == [catalogue["testbed"].slug]
    actors = json.loads(body(client.get(reverse("api:download", args=["navigator", "json"]))))
    assert actors["rows"][0]["needs"] == ["regulation"]
    projects = body(client.get(reverse("api:download", args=["strategic-projects", "csv"])))
    assert "5GMHI" in projects and "Drönare i förstudie" not in projects
    assert "EU (Horizon Europe): 6400000 EUR, 2024–2026" in projects
    assert client.get("/api/open-data/nothing.csv").status_code == 404


def test_strategic_projects_decided_for_everyone_proposals_for_staff(world, client, catalogue):
    url = reverse("api:strategic_projects")
    titles = [p["title"] for p in client.get(url).json()["results"]]
    assert titles == ["5GMHI – 5G i vården"]
    draft = reverse("api:strategic_project", args=[catalogue["draft"].pk])
    assert client.get(draft).status_code == 404
    client.force_login(world.employee)
    assert len(client.get(url).json()["results"]) == 2
    project = client.get(reverse("api:strategic_project", args=[catalogue["decided"].pk])).json()
    assert project["funding"][0]["amount"] == 6_400_000


def test_catalogue_and_navigator_are_open(world, client, catalogue):
    testbeds = client.get(reverse("api:testbeds")).json()["results"]
    assert [t["name"] for t in testbeds] == ["Simuleringscentrum"]
    slug = catalogue["testbed"].slug
    assert client.get(reverse("api:testbed", args=[slug])).json()["slug"] == slug
    actors = client.get(reverse("api:actors"), {"need": "regulation"}).json()["results"]
    assert [a["slug"] for a in actors] == [catalogue["actor"]]
    assert client.get(reverse("api:actors"), {"need": "ip"}).json()["results"] == []
    assert client.get(reverse("api:actor", args=["nobody"])).status_code == 404


# Queries per page, whatever the number of rows: the key (1), the rate-limit counter (5: get,
# count, savepoint, set, release), the caller's roles where a rule needs them (1), then the page
# itself with its prefetches.
LIST_QUERIES = {  # the key, the one atomic rate-limit count, the page (and its prefetches)
    "api:register": 3,
    "api:fund_calls": 4,
    "api:fund_granted": 3,
    "api:testbeds": 4,
    "api:actors": 4,
    "api:strategic_projects": 7,
    "api:cases": 4,
}


def _add_rows(name, world, start, n):
    from slussen.cases import services as cases
    from slussen.fund.tests.factories import make_application, make_call
    from slussen.navigator import services as navigator
    from slussen.testbeds.access import make_testbed

    from .conftest import decided_project

    make = {
        "api:testbeds": lambda i: make_testbed(world.sos, slug=f"miljo-{i}", name=f"Miljö {i}"),
        "api:actors": lambda i: navigator.save_actor(
            None, name=f"Aktör {i}", slug=f"aktor-{i}", kind="park", summary_sv="Hjälper.",
            needs=["ip"], phases=["development"], types=["service"],
        ),
        "api:fund_calls": lambda i: make_call(world, title=f"Utlysning {i}"),
        "api:fund_granted": lambda i: make_application(world, fund_call, state="granted"),
        "api:strategic_projects": lambda i: decided_project(world, title=f"Projekt {i}"),
        "api:cases": lambda i: cases.open_case(
            kind="idea", title=f"Idé {i}", description="Text", organisation=world.sos,
            actor=world.advisor,
        ),
    }  # fmt: skip
    make["api:register"] = make["api:cases"]
    if name == "api:fund_granted":
        fund_call = make_call(world, title=f"Utlysning {start}")
    for i in range(start, start + n):
        make[name](i)


@pytest.mark.parametrize("name", sorted(LIST_QUERIES))
def test_list_query_counts_do_not_grow_with_rows(
    name, world, client, make_key, django_assert_num_queries
):
    key = make_key(world.coordinator)
    _add_rows(name, world, 0, 2)
    client.get(reverse(name), **bearer(key))  # the key's "last used" is written once
    with django_assert_num_queries(LIST_QUERIES[name]):
        assert client.get(reverse(name), **bearer(key)).status_code == 200
    _add_rows(name, world, 2, 20)
    # Adding rows can take longer than the key's "last used" interval on a loaded machine.
    client.get(reverse(name), **bearer(key))
    with django_assert_num_queries(LIST_QUERIES[name]):
        response = client.get(reverse(name), **bearer(key))
    assert len(response.json()["results"]) >= 20


def _bulk_cases(n, start):
    state = workflow.initial_state("case")
    from slussen.accounts.models import Organisation

    org = Organisation.objects.get(code="sos")
    year = timezone.localdate().year
    Case.objects.bulk_create(
        [
            Case(
                registry_number=f"MEM {year}-{i:07d}",
                registry_year=year,
                registry_seq=i,
                kind="proposal",
                title=f"Förbättringsförslag nummer {i} om väntetider",
                description="",
                state=state,
                organisation=org,
                secrecy="secret" if i % 10 == 0 else "public",
            )  # fmt: skip
            for i in range(start, start + n)
        ],
        batch_size=2000,
    )


def _peak_while_streaming(client, fmt):
    response = client.get(reverse("api:download", args=["register", fmt]))
    tracemalloc.start()
    rows = 0
    for chunk in response.streaming_content:
        rows += chunk.count(b"\n")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return rows, peak


def test_streamed_exports_keep_memory_flat(world, client):
    """Peak memory while streaming 20 000 rows is what 2 000 rows need: it does not grow with
    the number of rows (rows built in a list first would take ten times as much)."""
    _bulk_cases(2_000, 1)
    small = {fmt: _peak_while_streaming(client, fmt) for fmt in ("csv", "json")}
    _bulk_cases(18_000, 2_001)
    large = {fmt: _peak_while_streaming(client, fmt) for fmt in ("csv", "json")}
    for fmt in ("csv", "json"):
        (rows_small, peak_small), (rows_large, peak_large) = small[fmt], large[fmt]
        assert rows_large - rows_small == 18_000
        print(f"{fmt}: peak {peak_small / 1024:.0f} KiB for {rows_small} rows, "
              f"{peak_large / 1024:.0f} KiB for {rows_large} rows")  # fmt: skip
        assert peak_large < peak_small * 1.25
        assert peak_large < 4 * 1024 * 1024
