"""The report of 2024 from the demo region: the brief's figures, computed from the
organisations' answers, in the PDF's text and the XLSX's cells."""

import io
import os
import re
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from slussen.bokslut import selectors


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast seeding
    call_command("seed_demo", stdout=open(os.devnull, "w"))


def pdf_text(path):
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_demo_history_gives_the_briefs_figures(demo):
    comp = selectors.compilation()
    figures = {y.year: (str(y.mean), y.n) for y in comp.per_year}
    assert figures == {2022: ("3.00", 8), 2023: ("3.28", 10), 2024: ("3.20", 14)}


@pytest.mark.parametrize(
    "language, figures",
    [("en", ("3.20", "3.28", "3.00")), ("sv", ("3,20", "3,28", "3,00"))],
)
def test_command_writes_the_2024_pdf_with_the_maturity_per_year(demo, tmp_path, language, figures):
    out = tmp_path / "out.pdf"
    started = time.monotonic()
    call_command("bokslut", "2024", pdf=out, language=language, stdout=open(os.devnull, "w"))
    seconds = time.monotonic() - started
    text = pdf_text(out)
    m2024, m2023, m2022 = figures
    # the trend table's rows: year, mean, number of organisations, ...
    assert re.search(rf"2022\s+{re.escape(m2022)}\s+8\b", text), text[:3000]
    assert re.search(rf"2023\s+{re.escape(m2023)}\s+10\b", text)
    assert re.search(rf"2024\s+{re.escape(m2024)}\s+14\b", text)
    title = "Innovationsbokslut" if language == "sv" else "Annual innovation report"
    assert title in text and "Karolinska Universitetssjukhuset" in text
    assert "5GMHI" in text  # the coordinator's narrative from the seed
    assert seconds < 30


def test_the_2024_report_has_the_briefs_fund_figures_and_the_5gmhi_funding(demo, tmp_path):
    """The fund's 2024 (151 applications, 71 granted, SEK 15 million, 97 women and 54 men,
    11 % from outside health care) and 5GMHI's EUR 6.4 million, in the PDF and the XLSX."""
    pdf, xlsx = tmp_path / "out.pdf", tmp_path / "out.xlsx"
    call_command("bokslut", "2024", pdf=pdf, xlsx=xlsx, language="sv", stdout=open(os.devnull, "w"))
    text = re.sub(r"\s+", " ", pdf_text(pdf).replace("\xa0", " "))
    assert (
        "2024 fick innovationsfonden 151 ansökningar, varav 71 (47 %) beviljades, totalt "
        "15 000 000 kr. Huvudsökande var 97 kvinnor och 54 män; 11 % av ansökningarna kom från "
        "annan verksamhet än hälso- och sjukvård."
    ) in text
    assert re.search(r"Kvinna 97 64 Man 54 36", text)
    assert "5G Mobile Health Innovative solutions (5GMHI)" in text
    assert re.search(r"CEF-2 Digital 2024– ?2026 6 400 000 EUR", text)  # the period may wrap
    assert "Inget innovationsärende fanns i innovationsprocessen 2024." in text  # demo: 2025–
    # "since the start" computed from the imported history record and Slussen's 2024
    assert "Sedan 2015 har fonden fått 1 151 ansökningar och beviljat 450 av dem." in text
    assert "Uppgifter före 2024: 2015–2023: Innovationsbokslut 2024, Region Stockholm" in text

    book = load_workbook(xlsx)

    def rows(caption):
        sheet = next(s for s in book.worksheets if s["A1"].value.startswith(caption))
        return list(sheet.iter_rows(min_row=4, values_only=True))

    assert rows("Innovationsfonden 2024 i siffror") == [
        ("Ansökningar", 151),
        ("Beviljade", 71),
        ("Beviljade (% av ansökningarna)", 47),
        ("Beviljat belopp (kr)", 15_000_000),
        ("Ansökningar från annan verksamhet än hälso- och sjukvård", 17),
        ("Från annan verksamhet än hälso- och sjukvård (%)", 11),
    ]
    assert rows("Huvudsökande efter kön 2024") == [("Kvinna", 97, 64), ("Man", 54, 36)]
    calls = rows("Utlysningarna 2024")
    assert sum(r[2] for r in calls) == 151 and sum(r[4] for r in calls) == 15_000_000
    funding = rows("Extern finansiering")
    assert ("5G Mobile Health Innovative solutions (5GMHI)", "EU", "CEF-2 Digital", "2024–2026",
            6_400_000, "EUR") in funding  # fmt: skip


def test_xlsx_cells_carry_the_numbers(demo, tmp_path):
    out = tmp_path / "out.xlsx"
    call_command("bokslut", "2024", xlsx=out, language="sv", stdout=open(os.devnull, "w"))
    book = load_workbook(out)
    trend = next(s for s in book.worksheets if "innovationsmognad per år" in s["A1"].value)
    assert [c.value for c in trend[3]][:3] == ["År", "Mognad (medelvärde)", "Verksamheter"]
    rows = {r[0]: r[1:3] for r in trend.iter_rows(min_row=4, values_only=True)}
    assert rows == {"2022": (3.0, 8), "2023": (3.28, 10), "2024": (3.2, 14)}
    assert trend["B6"].number_format == "0.00"
    per_org = next(s for s in book.worksheets if "per verksamhet och år" in s["A1"].value)
    karolinska = next(
        r for r in per_org.iter_rows(min_row=4, values_only=True) if r[0].startswith("Karolinska")
    )
    assert karolinska[1:4] == (3.7, 4.0, 4.0)


def test_pdf_and_xlsx_downloads(demo, client):
    from slussen.accounts.models import User

    client.force_login(User.objects.get(email__startswith="maria.sjoberg"))
    pdf = client.get(reverse("bokslut:report_pdf", args=[2024]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "3,20" in pdf_text(io.BytesIO(pdf.content))
    xlsx = client.get(reverse("bokslut:report_xlsx", args=[2024]))
    assert load_workbook(io.BytesIO(xlsx.content)).worksheets


def test_the_pdf_is_typeset_once_and_again_when_a_text_changes(demo, client, monkeypatch):
    """Typesetting takes seconds: the same report is served from the shared cache, a changed
    narrative text gives a new PDF at once."""
    from slussen.accounts.models import User
    from slussen.bokslut import services

    coordinator = User.objects.get(email__startswith="maria.sjoberg")
    client.force_login(coordinator)
    url = reverse("bokslut:report_pdf", args=[2024])
    first = client.get(url).content
    import weasyprint

    typeset = []
    original = weasyprint.HTML.write_pdf
    monkeypatch.setattr(
        weasyprint.HTML, "write_pdf", lambda *a, **k: typeset.append(1) or original(*a, **k)
    )
    assert client.get(url).content == first and typeset == []  # from the cache
    services.save_report_texts(2024, coordinator, {"summary": "Ett nytt stycke om året som gick."})
    changed = client.get(url).content
    assert typeset == [1] and changed != first
    assert "Ett nytt stycke om året som gick." in pdf_text(io.BytesIO(changed))
