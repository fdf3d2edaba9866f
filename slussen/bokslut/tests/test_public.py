"""The published report is public: every edition in Swedish and English with its PDF and XLSX,
linked from the start page and in the open data; each organisation's page compares it with
itself over the years; unpublished answers only for the organisation's own head."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from slussen.bokslut import services
from slussen.bokslut.testing import make_round, published_edition

from .conftest import FULL, history


def body(response):
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def edition(rworld):
    history(rworld, 2023, {"karolinska": "3.0", "sos": "2.5"})
    services.publish(2023, rworld.coordinator)
    history(rworld, 2024, {"karolinska": "3.2", "sos": "3.4"})
    return services.publish(2024, rworld.coordinator)


def test_an_anonymous_visitor_reads_every_edition_in_swedish_and_english(edition, client):
    start = client.get("/").text
    assert reverse("bokslut:published") in start
    listing = client.get(reverse("bokslut:published"))
    assert listing.status_code == 200
    for year in (2023, 2024):
        assert reverse("bokslut:edition", args=[year, 1]) in listing.text
        assert reverse("bokslut:edition_pdf", args=[year, 1]) in listing.text
    page = client.get(reverse("bokslut:edition", args=[2024, 1]))
    assert "Innovationsbokslut 2024" in page.text and "Utgåva 1, publicerad" in page.text
    assert "3,30" in page.text
    client.cookies["django_language"] = "en"
    page = client.get(reverse("bokslut:edition", args=[2024, 1]))
    assert "Annual innovation report 2024" in page.text and "Edition 1, published" in page.text
    assert "3.30" in page.text and "Innovationsbokslut" not in page.text
    pdf = client.get(reverse("bokslut:edition_pdf", args=[2024, 1]))
    assert pdf["Content-Type"] == "application/pdf" and b"".join(pdf.streaming_content)[:5] == (
        b"%PDF-"
    )


def test_an_unknown_edition_is_404(edition, client):
    assert client.get(reverse("bokslut:edition", args=[2024, 2])).status_code == 404
    assert client.get(reverse("bokslut:edition_pdf", args=[2022, 1])).status_code == 404


def test_the_open_data_has_every_edition_and_the_published_answers_as_json(edition, client):
    assert (
        reverse("api:download", args=["innovation-report", "json"])
        in client.get(reverse("api:open_data")).text
    )
    data = json.loads(body(client.get(reverse("api:download", args=["innovation-report", "json"]))))
    assert [(r["year"], r["edition"], r["maturity_mean"]) for r in data["rows"]] == [
        (2023, 1, 2.75),
        (2024, 1, 3.3),
    ]
    assert data["rows"][1]["pdf"].endswith(reverse("bokslut:edition_pdf", args=[2024, 1]))
    rows = json.loads(
        body(client.get(reverse("api:download", args=["innovation-maturity", "json"])))
    )["rows"]
    sos = [r for r in rows if r["organisation"] == "Södersjukhuset"]
    assert [(r["year"], r["overall"]) for r in sos] == [(2023, 2.5), (2024, 3.4)]
    assert sos[1]["work_integrated"] == FULL["integrated"]


def test_the_open_data_has_nothing_before_publication(rworld, client):
    history(rworld, 2024, {"karolinska": "3.2"})
    data = json.loads(
        body(client.get(reverse("api:download", args=["innovation-maturity", "json"])))
    )
    assert data["rows"] == []


def test_an_organisations_page_shows_its_levels_per_dimension_over_the_years(edition, client):
    page = client.get(reverse("bokslut:organisation", args=[edition.answers[1]["organisation_id"]]))
    assert page.status_code == 200
    assert "<svg" in page.text and "Nivå per dimension och år" in page.text
    assert page.text.count('<th scope="col" class="num">2023') == 1
    assert FULL["integrated"] in page.text  # its description of the year's work


def test_the_own_head_sees_unpublished_answers_and_nobody_else_does(rworld, edition, client):
    w = rworld
    history(w, 2025, {"sos": "3.8"})  # submitted, not published
    url = reverse("bokslut:organisation", args=[w.sos.pk])
    public = client.get(url).text
    assert "2025" not in public
    client.force_login(w.users["head_sos"])
    own = client.get(url).text
    assert "2025" in own and "ännu inte publicerat" in own and "3,8" in own
    client.force_login(w.innovation_head)  # Karolinska's head
    assert "2025" not in client.get(url).text
    client.force_login(w.coordinator)
    assert "2025" in client.get(url).text


def test_an_organisation_without_published_answers_is_not_shown_to_the_public(rworld, client):
    w = rworld
    history(w, 2024, {"sos": "3.4"})
    url = reverse("bokslut:organisation", args=[w.sos.pk])
    assert client.get(url).status_code == 404
    client.force_login(w.innovation_head)  # another organisation's head
    assert client.get(url).status_code == 404
    client.force_login(w.users["head_sos"])
    assert client.get(url).status_code == 200


def test_the_overall_level_far_from_the_dimensions_needs_a_reason_shown_in_the_report(
    rworld, client
):
    """All ones with an overall 4.9 is refused with a clear error; with a reason it is saved
    and the report shows the reason beside the score."""
    w = rworld
    round_2024 = make_round(2024, actor=w.coordinator)
    services.send_round(round_2024, w.coordinator)
    response = round_2024.responses.get(organisation=w.sos)
    ones = {f"score_{d}": "1" for d in (
        "strategy", "organisation", "process", "collaboration", "culture", "followup")}  # fmt: skip
    form = {
        **{k: v for k, v in FULL.items() if not k.startswith("score_")},
        **ones,
        "overall": "4,9",
        "overall_reason": "",
        "action": "submit",
    }
    client.force_login(w.users["head_sos"])
    url = reverse("bokslut:response", args=[response.pk])
    page = client.post(url, form)
    assert page.status_code == 400
    assert "De sex dimensionerna ger 1,0" in page.text
    response.refresh_from_db()
    assert response.state.code == "draft"
    with pytest.raises(services.ValidationError):
        services.save_response(
            response,
            w.users["head_sos"],
            {**FULL, **{k: 1 for k in ones}, "overall": Decimal("4.9")},
            {},
            submit=True,
        )
    form["overall_reason"] = "Ledningen har nyss beslutat en ny innovationsstrategi."
    assert client.post(url, form).status_code == 302
    response.refresh_from_db()
    assert response.state.code == "submitted"
    client.force_login(w.coordinator)
    report = client.get(reverse("bokslut:report", args=[2024])).text
    assert "Ledningen har nyss beslutat en ny innovationsstrategi." in report


def test_the_compilation_shows_spread_as_well_as_mean(rworld, client):
    history(rworld, 2024, {"karolinska": "3.0", "sos": "4.0"})
    client.force_login(rworld.coordinator)
    page = client.get(reverse("bokslut:compilation")).text
    assert "Spridning (standardavvikelse)" in page
    assert "Spridning per dimension 2024" in page
    assert "0,50" in page  # the standard deviation of 3.0 and 4.0


def test_a_head_is_linked_to_her_organisations_page(rworld, client):
    history(rworld, 2024, {"sos": "3.4"})
    client.force_login(rworld.users["head_sos"])
    page = client.get(reverse("bokslut:index")).text
    assert reverse("bokslut:organisation", args=[rworld.sos.pk]) in page


def test_the_matrix_helper_publishes_once(world):
    first = published_edition(world)
    assert published_edition(world) == first
