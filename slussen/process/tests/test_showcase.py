"""The showcase (Infört i regionen): public pages of innovations in maintenance or in use, a
"we want to use this" form, and the open data with its published JSON Schema."""

import csv
import io
import json
from datetime import date

import jsonschema
import pytest
from django.urls import reverse

from slussen.cases import services as case_services
from slussen.cases.models import Case
from slussen.core.models import AuditEvent, Notification
from slussen.core.spreadsheet import FORMULA_STARTS
from slussen.process import services
from slussen.process.models import Adoption, Indicator, InnovationCase, Measurement, Showcase

from .conftest import start_service_case

SECRET = "Hemlig-lösning-7731"


def new_case(world, title, **extra):
    return case_services.open_case(
        kind="idea", title=title, description="Intern.", organisation=world.sos,
        actor=world.advisor, **extra,
    )  # fmt: skip


def in_use(world, ic, unit=None, status="in_use"):
    return Adoption.objects.create(
        innovation=ic, unit=unit or world.sos, adopted_on=date(2026, 3, 1), status=status
    )


@pytest.fixture
def shown(world, innovation):
    """World's public SöS idea, in use at SöS, measured, with its showcase written."""
    in_use(world, innovation)
    indicator = Indicator.objects.create(
        innovation=innovation, name="Vårddygn", unit="dygn", baseline=7, target=5
    )
    Measurement.objects.create(indicator=indicator, measured_on=date(2026, 6, 1), value=5.5)
    services.save_showcase(
        innovation,
        world.advisor,
        problem_sv="Patienter minns inte tiden på IVA.",
        problem_en="Patients do not remember their time in intensive care.",
        solution_sv="En dagbok som personalen skriver.",
        solution_en="A diary written by the staff.",
    )
    return innovation


def secret_innovation(world):
    """Karolinska's secret case, in use and with a showcase naming the secret."""
    ic = services.start(
        world.other_case, world.advisor_other, innovation_type="service", novelty="sweden",
        degree="incremental", directions=["test_environments"], perspectives=["quality"],
    )  # fmt: skip
    in_use(world, ic, world.karolinska)
    Showcase.objects.create(innovation=ic, problem_sv=SECRET, solution_sv=SECRET)
    return ic


def validator(client):
    schema = json.loads(client.get(reverse("process:showcase_schema")).content)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_showcase_open_data_validates_against_its_published_schema(world, client, shown):
    implemented = start_service_case(world, new_case(world, "=Läkemedelsrobot"))
    InnovationCase.objects.filter(pk=implemented.pk).update(status="implemented")
    Showcase.objects.create(innovation=implemented, problem_sv="Fel dos.", solution_sv="Robot.")

    response = client.get(reverse("process:showcase_json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    check = validator(client)
    check.validate(data)
    assert data["format"] == "slussen-showcase" and data["version"] == "1.0"
    assert data["schema"].endswith(reverse("process:showcase_schema"))
    by_id = {r["id"]: r for r in data["innovations"]}
    diary = by_id[world.case.registry_number]
    assert diary["status"] == "in_use"
    assert diary["units"] == [{"name": "Södersjukhuset", "status": "in_use", "since": "2026-03-01"}]
    assert diary["outcomes"][0]["latest"] == {"value": 5.5, "measured_on": "2026-06-01"}
    assert diary["contact"] == {"unit": "SöS Innovation", "email": "innovation.sos@example.org"}
    assert by_id[implemented.case.registry_number]["status"] == "implemented"
    assert by_id[implemented.case.registry_number]["outcomes"] == []

    # The schema is a real check: a record without its problem, or an unknown status, fails.
    broken = json.loads(response.content)
    del broken["innovations"][0]["problem"]
    with pytest.raises(jsonschema.ValidationError):
        check.validate(broken)
    broken = json.loads(response.content)
    broken["innovations"][0]["status"] = "stopped"
    with pytest.raises(jsonschema.ValidationError):
        check.validate(broken)


def test_showcase_csv_has_one_line_per_innovation_and_no_formulas(world, client, shown):
    Showcase.objects.filter(innovation=shown).update(solution_sv='=HYPERLINK("http://x","y")')
    response = client.get(reverse("process:showcase_csv"))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["id"] == world.case.registry_number
    assert rows[0]["solution_sv"] == '\'=HYPERLINK("http://x","y")'
    assert rows[0]["units"] == "Södersjukhuset"
    assert rows[0]["outcomes"] == "Vårddygn: 7 → 5 dygn (5.5 2026-06-01)"


def test_showcase_never_shows_a_secret_or_partly_secret_case(world, client, shown):
    secret = secret_innovation(world)
    partly = start_service_case(
        world,
        new_case(world, f"Delvis {SECRET}", secrecy="partial", secrecy_reference="OSL 31:16"),
    )
    in_use(world, partly)
    Showcase.objects.create(innovation=partly, problem_sv=SECRET, solution_sv=SECRET)

    pages = [
        client.get(reverse("process:showcase")),
        client.get(reverse("process:showcase_json")),
        client.get(reverse("process:showcase_csv")),
    ]
    for response in pages:
        assert response.status_code == 200
        assert SECRET not in response.content.decode()
        assert "Distansmonitorering" not in response.content.decode()
    assert "IVA-dagboken" in pages[0].text
    for ic in (secret, partly):
        assert client.get(reverse("process:showcase_detail", args=[ic.pk])).status_code == 404
        response = client.post(
            reverse("process:showcase_detail", args=[ic.pk]),
            {"name": "Per", "organisation": "Region Skåne", "email": "per@example.org",
             "message": "Hej"},
        )  # fmt: skip
        assert response.status_code == 404
    assert not Notification.objects.filter(kind="process.reuse").exists()


def test_showcase_shows_only_what_is_in_maintenance_or_in_use(world, client, innovation):
    Showcase.objects.create(innovation=innovation, problem_sv="P.", solution_sv="L.")
    detail = reverse("process:showcase_detail", args=[innovation.pk])
    assert client.get(detail).status_code == 404  # active, no unit uses it
    planned = in_use(world, innovation, status="planned")
    assert client.get(detail).status_code == 404
    Adoption.objects.filter(pk=planned.pk).update(status="in_use")
    assert client.get(detail).status_code == 200
    InnovationCase.objects.filter(pk=innovation.pk).update(status="stopped")
    assert client.get(detail).status_code == 404
    InnovationCase.objects.filter(pk=innovation.pk).update(status="implemented")
    Adoption.objects.all().delete()
    assert client.get(detail).status_code == 200


def test_showcase_page_reads_in_swedish_and_english(world, client, shown):
    """Problem, solution, the units using it, its measured outcomes and a contact, in both."""
    url = reverse("process:showcase_detail", args=[shown.pk])
    swedish = client.get(url).text
    assert "Patienter minns inte tiden på IVA." in swedish
    assert "En dagbok som personalen skriver." in swedish
    assert "Var den används" in swedish and "Södersjukhuset – " in swedish
    assert 'sedan <span class="nowrap">2026-03-01</span>' in swedish  # on one line
    assert "Uppmätta resultat" in swedish and "Vårddygn (dygn)" in swedish
    assert '(<span class="nowrap">2026-06-01</span>)' in swedish
    assert "Kontakt" in swedish and "SöS Innovation" in swedish
    assert "innovation.sos@example.org" in swedish
    assert "Vi vill använda detta" in swedish
    client.cookies["django_language"] = "en"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    assert "Patients do not remember their time in intensive care." in english
    assert "A diary written by the staff." in english
    assert (
        "Where it is used" in english and 'since <span class="nowrap">2026-03-01</span>' in english
    )
    assert "Measured outcomes" in english and '(<span class="nowrap">2026-06-01</span>)' in english
    assert "SöS Innovation" in english and "innovation.sos@example.org" in english
    assert "We want to use this" in english
    Showcase.objects.filter(innovation=shown).update(solution_en="")
    assert "En dagbok som personalen skriver." in client.get(url, HTTP_ACCEPT_LANGUAGE="en").text


def test_showcase_is_linked_from_the_public_start_page(client, world):
    assert reverse("process:showcase") in client.get("/").text


def test_showcase_reuse_form_tells_the_handler_and_is_rate_limited(world, client, shown, settings):
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 2
    Case.objects.filter(pk=world.case.pk).update(handler=world.manager)
    url = reverse("process:showcase_detail", args=[shown.pk])
    data = {"name": "Per Olsson", "organisation": "Region Skåne", "email": "per@example.org",
            "message": "Vi vill införa dagboken på våra IVA."}  # fmt: skip

    empty = client.post(url, {**data, "message": ""})
    assert empty.status_code == 400
    assert "Region Skåne" in empty.text  # what was typed is kept
    assert client.post(url, {**data, "website": "http://spam"}).status_code == 400
    assert not Notification.objects.filter(kind="process.reuse").exists()

    assert client.post(url, data).status_code == 302
    told = Notification.objects.filter(kind="process.reuse")
    assert {n.recipient for n in told} == {world.manager, world.advisor}
    notice = told.get(recipient=world.advisor)
    assert "Region Skåne" in notice.title and "per@example.org" in notice.body
    assert "Vi vill införa" in notice.body
    event = AuditEvent.objects.get(action="process.reuse_asked")
    assert event.data == {"organisation": "Region Skåne"}  # the message itself is not kept

    assert client.post(url, data).status_code == 302  # the second of two this hour
    refused = client.post(url, data)
    assert refused.status_code == 429
    assert "Vi vill införa dagboken" in refused.text
    assert told.filter(recipient=world.advisor).count() == 2


def test_showcase_is_written_by_the_case_people_only(world, client, innovation):
    url = reverse("process:showcase_edit", args=[innovation.pk])
    client.force_login(world.employee)  # the submitter may see the case, not edit it
    assert client.get(url).status_code == 403
    client.force_login(world.advisor_other)
    assert client.get(url).status_code == 404
    client.force_login(world.advisor)
    assert client.post(url, {"problem_sv": ""}).status_code == 400
    response = client.post(url, {"problem_sv": "Problemet.", "solution_sv": "Lösningen."})
    assert response.status_code == 302
    assert Showcase.objects.get(innovation=innovation).solution_sv == "Lösningen."
    assert AuditEvent.objects.filter(action="process.showcase").count() == 1
    detail = client.get(reverse("process:detail", args=[innovation.pk])).text
    assert reverse("process:showcase_detail", args=[innovation.pk]) not in detail  # not in use
    in_use(world, innovation)
    detail = client.get(reverse("process:detail", args=[innovation.pk])).text
    assert reverse("process:showcase_detail", args=[innovation.pk]) in detail


def test_showcase_list_costs_the_same_queries_however_many(
    world, client, shown, django_assert_max_num_queries
):
    for n in range(5):
        ic = start_service_case(world, new_case(world, f"Innovation {n}"))
        in_use(world, ic)
        Showcase.objects.create(innovation=ic, problem_sv="P.", solution_sv="L.")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("process:showcase")).status_code == 200
    with django_assert_max_num_queries(12):
        data = json.loads(client.get(reverse("process:showcase_json")).content)
    assert len(data["innovations"]) == 6


def test_showcase_csv_is_documented_in_the_schema_and_agrees_with_the_json(world, client, shown):
    """The CSV is the JSON records flattened: its columns are published with the schema (each
    pointing to the JSON field it comes from), and every line agrees with its validated record."""
    schema = json.loads(client.get(reverse("process:showcase_schema")).content)
    documented = schema["x-csv"]["columns"]
    assert all(c["description"] and c["json"] for c in documented)
    data = json.loads(client.get(reverse("process:showcase_json")).content)
    validator(client).validate(data)
    text = client.get(reverse("process:showcase_csv")).content.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == [c["name"] for c in documented]
    records = {r["id"]: r for r in data["innovations"]}
    for row in reader:
        record = records[row["id"]]
        for column in documented:
            value = record
            for key in column["json"].split("."):
                value = value[key]
            if isinstance(value, list):
                value = "; ".join(v["name"] if "name" in v else v["indicator"] for v in value)
                assert row[column["name"]].startswith(value.split(";")[0]), column
            else:  # a cell that would start a formula is kept as text
                expected = "'" + value if value.startswith(FORMULA_STARTS) else value
                assert row[column["name"]] == expected, column
