import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from slussen.accounts.models import Organisation
from slussen.bokslut import services
from slussen.bokslut.models import ReportText
from slussen.bokslut.testing import make_round
from slussen.cases import services as case_services

from .conftest import FULL, add_head, history

FORM = {k: ("" if v is None else str(v)) for k, v in FULL.items()}


def sent_round(w, year=2025):
    survey = make_round(year=year, actor=w.coordinator)
    services.send_round(survey, w.coordinator)
    return survey


def test_head_answers_with_cases_as_examples_and_submits(rworld, client):
    w = rworld
    survey = sent_round(w)
    response = survey.responses.get(organisation=w.karolinska)
    client.force_login(w.innovation_head)
    page = client.get(reverse("bokslut:response", args=[response.pk]))
    assert page.status_code == 200
    assert w.other_case.registry_number in page.text  # Karolinska's case may be cited
    assert w.case.registry_number not in page.text  # SöS's may not

    data = {**FORM, "examples_testbeds": [w.other_case.pk], "action": "submit"}
    done = client.post(reverse("bokslut:response", args=[response.pk]), data, follow=True)
    assert "har skickats in" in done.text
    response.refresh_from_db()
    assert response.state.code == "submitted"
    assert list(response.examples.values_list("direction", "case_id")) == [
        ("testbeds", w.other_case.pk)
    ]


def test_an_incomplete_submission_answers_400_and_keeps_the_text(rworld, client):
    w = rworld
    response = sent_round(w).responses.get(organisation=w.karolinska)
    client.force_login(w.innovation_head)
    data = {"integrated": "Vår text om strategin", "overall": "7", "action": "submit"}
    page = client.post(reverse("bokslut:response", args=[response.pk]), data)
    assert page.status_code == 400
    assert "Vår text om strategin" in page.text
    assert "error-summary" in page.text
    response.refresh_from_db()
    assert response.state.code == "draft" and response.integrated == ""


def test_a_swedish_decimal_comma_is_accepted(rworld, client):
    w = rworld
    response = sent_round(w).responses.get(organisation=w.karolinska)
    client.force_login(w.innovation_head)
    data = {**FORM, "overall": "3,7", "action": "save"}
    client.post(reverse("bokslut:response", args=[response.pk]), data)
    response.refresh_from_db()
    assert str(response.overall) == "3.7"


def test_autosave_keeps_a_draft_without_submitting(rworld, client):
    w = rworld
    response = sent_round(w).responses.get(organisation=w.karolinska)
    client.force_login(w.innovation_head)
    url = reverse("bokslut:response_autosave", args=[response.pk])
    saved = client.post(url, {"internal": "Skrivet medan jag tänker"}, HTTP_HX_REQUEST="true")
    assert saved.status_code == 200 and "sparades automatiskt" in saved.text
    response.refresh_from_db()
    assert response.internal == "Skrivet medan jag tänker"
    assert response.state.code == "draft"


def test_coordinator_reopens_from_the_response_page(rworld, client):
    w = rworld
    survey = history(w, 2024, {"sos": "3.0"})
    response = survey.responses.get(organisation=w.sos)
    client.force_login(w.coordinator)
    url = reverse("bokslut:response_reopen", args=[response.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    done = client.post(url, {"reason": "Komplettera del 1."}, follow=True)
    assert "öppnades igen" in done.text
    response.refresh_from_db()
    assert response.state.code == "draft"


def test_round_creation_refuses_a_second_round_for_a_year(rworld, client):
    client.force_login(rworld.coordinator)
    url = reverse("bokslut:round_create")
    created = client.post(url, {"year": "2024", "due": "2025-02-15"})
    assert created.status_code == 302
    again = client.post(url, {"year": "2024", "due": "2025-03-01"})
    assert again.status_code == 400 and "2025-03-01" in again.text


def test_completion_overview_query_count_does_not_grow(
    rworld, client, django_assert_max_num_queries
):
    w = rworld
    survey = sent_round(w)
    client.force_login(w.coordinator)
    url = reverse("bokslut:round", args=[survey.year])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(15):
        org = Organisation.objects.create(
            code=f"org{i}", name=f"Förvaltning {i}", kind="committee", reports_to_bokslut=True
        )
        add_head(w, f"head{i}", org)
    services.send_round(survey, w.coordinator)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert "Förvaltning 14" in page.text
    assert len(few.captured_queries) <= 10


def test_compilation_and_report_query_counts_do_not_grow(
    rworld, client, django_assert_max_num_queries
):
    w = rworld
    history(w, 2023, {"karolinska": "4.0", "sos": "2.5"})
    history(w, 2024, {"karolinska": "3.9", "sos": "3.0"})
    client.force_login(w.coordinator)
    urls = [reverse("bokslut:compilation"), reverse("bokslut:report", args=[2024])]
    counts = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        counts[url] = len(few.captured_queries)
    for i in range(10):
        org = Organisation.objects.create(
            code=f"org{i}", name=f"Bolag {i}", kind="company", reports_to_bokslut=True
        )
        w.users[f"head{i}"] = add_head(w, f"head{i}", org)
    survey = make_round(year=2024)
    services.send_round(survey, w.coordinator)
    for i in range(10):
        response = survey.responses.get(organisation__code=f"org{i}")
        services.save_response(response, w.users[f"head{i}"], FULL, {}, submit=True)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200
    assert counts[urls[0]] <= 12 and counts[urls[1]] <= 20, counts


def test_report_page_charts_are_svg_each_followed_by_its_table(rworld, client):
    w = rworld
    history(w, 2023, {"karolinska": "4.0", "sos": "2.5"})
    history(w, 2024, {"karolinska": "3.9", "sos": "3.0"})
    case_services.open_case(
        kind="idea", title="Idé", description="Text", organisation=w.sos, actor=w.advisor
    )
    client.force_login(w.coordinator)
    page = client.get(reverse("bokslut:report", args=[2024])).text
    assert page.count("<svg") >= 3
    assert "style=" not in page and "<script>" not in page
    for figure in re.findall(r"</figure>\s*(.{0,120})", page, re.S):
        assert '<div class="table-scroll"' in figure
    assert 'role="img"' in page and "<title" in page
    assert "3,45" in page  # the region's mean 2024, Swedish format
    year = timezone.localdate().year  # the register's figures come from this year's cases
    registered = client.get(reverse("bokslut:report", args=[year])).text
    assert f"Registrerade ärenden {year} per typ" in registered
    assert "Idé" in registered


def test_coordinator_writes_report_texts(rworld, client):
    client.force_login(rworld.coordinator)
    url = reverse("bokslut:report_texts", args=[2024])
    assert client.get(url).status_code == 200
    client.post(url, {"summary": "Ett år av samverkan.", "collab_eu": "5GMHI"})
    assert ReportText.objects.get(year=2024, section="summary").body == "Ett år av samverkan."
    page = client.get(reverse("bokslut:report", args=[2024])).text
    assert "Ett år av samverkan." in page and "5GMHI" in page


def test_the_heads_home_shows_own_surveys_and_trend(rworld, client):
    w = rworld
    history(w, 2023, {"karolinska": "3.6"})
    client.force_login(w.innovation_head)
    page = client.get(reverse("bokslut:index")).text
    assert "Enkät 2023" in page and "3,6" in page
    assert "Ny enkätomgång" not in page


def test_a_year_without_answers_still_gives_a_report_and_a_workbook(rworld, client):
    import io

    from openpyxl import load_workbook

    client.force_login(rworld.coordinator)
    page = client.get(reverse("bokslut:report", args=[2021]))
    assert "Ingen verksamhet har skickat in något svar för 2021 ännu." in page.text
    xlsx = client.get(reverse("bokslut:report_xlsx", args=[2021]))
    (sheet,) = load_workbook(io.BytesIO(xlsx.content)).worksheets
    assert sheet["A4"].value == "Inga siffror för det här året."
    assert client.get(reverse("bokslut:report", args=[2999])).status_code == 404
