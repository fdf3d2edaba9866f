"""The report's sections from the other apps (the fund, the process portfolio, the test
environments, the strategic projects): their numbers on the web page, in the PDF's text and in
the XLSX's cells, a plain sentence for a year without data, and a query count that does not grow
with the data."""

import io
import re
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from slussen.bokslut import exports, report
from slussen.cases import services as case_services
from slussen.fund.tests.factories import make_application, make_call
from slussen.process import services as process_services
from slussen.process.models import Adoption, PhaseRun
from slussen.process.templates_data import ensure_seeded
from slussen.strategic import services as strategic_services
from slussen.strategic.models import Funding
from slussen.testbeds import services as testbed_services
from slussen.testbeds.access import make_testbed


def apps_data(w, n, tag="a"):
    """``n`` of everything the sections count, this year, made through the apps' services: granted
    fund applications, innovation cases started on 1 January and taken into use today by
    Karolinska, test environment requests with a result, decided strategic projects with EU
    funding."""
    today = timezone.localdate()
    call = make_call(w, title=f"Innovationsfonden {tag}")
    for _i in range(n):
        make_application(w, call, state="granted")  # SEK 200 000 each, Karolinska
    ensure_seeded()
    for i in range(n):
        case = case_services.open_case(
            kind="idea",
            title=f"Digital rehab {tag}{i}",
            description="Rehabilitering på distans.",
            organisation=w.sos,
            actor=w.advisor,
        )
        ic = process_services.start(
            case,
            w.advisor,
            innovation_type="service",
            novelty="organisation",
            degree="incremental",
            directions=["internal_development"],
            perspectives=["quality"],
            line_owner=w.manager,
            advisor=w.advisor,
        )
        PhaseRun.objects.filter(innovation=ic).update(started=date(today.year, 1, 1))
        Adoption.objects.create(
            innovation=ic, unit=w.karolinska, adopted_on=today, status=Adoption.Status.IN_USE
        )
    testbed = make_testbed(w.karolinska, slug=f"simulering-{tag}", name=f"Simuleringscentrum {tag}")
    for i in range(n):
        req = testbed_services.open_request(
            testbed,
            user=AnonymousUser(),
            title=f"Test av larmkedja {i}",
            description="Vi vill pröva larmkedjan i simulerad miljö.",
            company="Larmbolaget AB",
            name="Per Andersson",
            email="per@example.org",
        )
        testbed_services.record(
            testbed, w.testbed_owner, kind="result", title="Resultat", body="OK.", request=req
        )
    for i in range(n):
        project = strategic_services.save_project(
            w.coordinator,
            directions=["testbeds"],
            organisations=[w.sos, w.karolinska],
            title=f"5G-ambulans {tag}{i}",
            summary="Uppkopplade ambulanser.",
            lead_organisation=w.foi,
            partners="Telia",
            start_year=today.year,
            end_year=today.year + 2,
        )
        for code in ("propose", "comment", "approve"):
            strategic_services.take_step(project, code, w.coordinator, reason="Enligt förslag.")
        Funding.objects.create(
            project=project,
            funder="EU",
            programme="CEF-2 Digital",
            amount=6_400_000,
            currency="EUR",
            start_year=today.year,
            end_year=today.year + 2,
        )


def squash(text):
    """PDF text and web pages with the thousands separator (a no-break space) as a space."""
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def test_each_apps_figures_in_the_page_the_pdf_and_the_workbook(rworld, client):
    w = rworld
    apps_data(w, 2)
    year = timezone.localdate().year
    days = (timezone.localdate() - date(year, 1, 1)).days
    client.force_login(w.coordinator)
    page = squash(client.get(reverse("bokslut:report", args=[year])).text)
    with translation.override("sv"):
        built = report.build(year)
        pages = PdfReader(io.BytesIO(exports.pdf(built))).pages
        pdf = squash("\n".join(p.extract_text() for p in pages))
        book = load_workbook(io.BytesIO(exports.xlsx(built)))
    for text in (page, pdf):
        # the fund: two granted applications of SEK 200 000, both of women
        assert f"{year} fick innovationsfonden 2 ansökningar, varav 2 (100 %) beviljades" in text
        assert "totalt 400 000 kr" in text
        # the portfolio: two cases taken into use by Karolinska today
        assert "Innovationer som en enhet först tog i bruk" in text
        assert "Mediantid till spridning (dagar)" in text
        assert "Digital rehab a0" in text
        # the test environments and the strategic projects
        assert "(förfrågningar via Slussen: 2; registrerade testresultat: 2" in text
        assert "2 regiongemensamma strategiska projekt pågick" in text
        assert "EUR 12 800 000" in text  # two projects of EUR 6.4 million
    assert re.search(rf'Mediantid till spridning \(dagar\)</th><td class="num">{days}</td>', page)
    assert re.search(rf"Mediantid till spridning \(dagar\) {days}\b", pdf)

    def sheet(caption):
        found = next(s for s in book.worksheets if s["A1"].value.startswith(caption))
        return list(found.iter_rows(min_row=4, values_only=True))

    figures = dict(sheet("Innovationsfonden"))
    assert figures["Ansökningar"] == 2 and figures["Beviljat belopp (kr)"] == 400_000
    assert sheet("Huvudsökande efter kön") == [("Kvinna", 2, 100), ("Man", 0, 0)]
    portfolio = dict(sheet("Innovationsportföljen"))
    assert portfolio[f"Innovationer som en enhet först tog i bruk {year}"] == 2
    assert portfolio["Mediantid till spridning (dagar)"] == days
    times = sheet("Tid till spridning")
    assert [r[3:] for r in times] == [(days, 1), (days, 1)]
    assert sheet("Förfrågningar och registrerade tester") == [
        ("Simuleringscentrum a", "Karolinska Universitetssjukhuset", 2, 0, 2)
    ]
    funding = sheet("Extern finansiering")
    assert [(r[1], r[4], r[5]) for r in funding] == [("EU", 6_400_000, "EUR")] * 2


def test_a_year_without_the_apps_data_says_so(rworld, client):
    client.force_login(rworld.coordinator)
    page = client.get(reverse("bokslut:report", args=[2021])).text
    assert "Innovationsfonden fick inga ansökningar 2021." in page
    assert "Inget innovationsärende fanns i innovationsprocessen 2021." in page
    assert "Ingen förfrågan om att använda en testmiljö" in page
    assert "Inget regiongemensamt strategiskt projekt pågick 2021." in page


def test_the_report_page_query_count_does_not_grow_with_the_apps_data(
    rworld, client, django_assert_max_num_queries
):
    w = rworld
    apps_data(w, 1, "a")
    client.force_login(w.coordinator)
    url = reverse("bokslut:report", args=[timezone.localdate().year])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    apps_data(w, 4, "b")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).text
    assert "Digital rehab b3" in page and "Simuleringscentrum b" in page
    # The report's own 12 (session, user, the compilation, the directions' examples, the register,
    # the year's published editions)
    # and a constant 16 for the apps' sections: the fund's statistics 6 and its history 2 (the
    # imported records, Slussen's figures up to the year), the strategic projects 4
    # (with their prefetches), the portfolio 3 (its outcome indicators one), the test
    # environments 1.
    assert len(few.captured_queries) <= 28, len(few.captured_queries)


def test_indicator_outcomes_rolled_up_in_the_annual_report_as_measured_by_the_year_end(
    rworld, client
):
    from slussen.accounts.models import Organisation
    from slussen.process.models import Indicator, Measurement

    w = rworld
    apps_data(w, 1)
    ic = Adoption.objects.get().innovation
    last_year = timezone.localdate().year - 1
    PhaseRun.objects.filter(innovation=ic).update(started=date(last_year, 3, 1))
    ward = Organisation.objects.create(
        code="ks-avd9", name="Avdelning 9", kind="unit", unit_type="ward", parent=w.karolinska
    )
    waiting = Indicator.objects.create(innovation=ic, name="Väntetid", baseline=10, target=5)
    Indicator.objects.create(innovation=ic, name="Nöjdhet", baseline=60, target=80)  # unmeasured
    Measurement.objects.create(indicator=waiting, measured_on=date(last_year, 6, 1), value=7)
    # Measured at a unit after the year's end: not in last year's report, in this year's.
    Measurement.objects.create(
        indicator=waiting, measured_on=date(last_year + 1, 1, 2), value=4, unit=ward
    )

    def outcomes(year):
        with translation.override("sv"):
            built = report.build(year)
        table = next(t for t in built.tables if t.caption.startswith("Effektindikatorer"))
        return {row[0]: tuple(row[1:]) for row in table.rows}

    assert outcomes(last_year) == {
        "Effektindikatorer": (2, 1), "Mätt minst en gång": (1, 1),
        "Bättre än utgångsläget": (1, 1), "Målet nått": (0, 0),
    }  # fmt: skip
    assert outcomes(last_year + 1)["Målet nått"] == (1, 1)
    client.force_login(w.coordinator)
    page = client.get(reverse("bokslut:report", args=[last_year])).text
    assert "Effektindikatorer för innovationsärendena" in page
