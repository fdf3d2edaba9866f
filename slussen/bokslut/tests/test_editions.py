"""Publishing freezes an edition; answers of a published year change only through a recorded
correction, and a correction makes a new edition while the old one stays as it was."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.generic import BooleanObject

from slussen.bokslut import selectors, services
from slussen.bokslut.models import Edition
from slussen.core.models import AuditEvent

from .conftest import FULL, history


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def fetch(client, name, edition, language="sv"):
    client.cookies["django_language"] = language
    response = client.get(reverse(name, args=[edition.year, edition.number]))
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def published(rworld):
    history(rworld, 2024, {"karolinska": "3.2", "sos": "3.4"})
    return services.publish(2024, rworld.coordinator)


def sos_2024(w):
    return services.Response.objects.get(round__year=2024, organisation=w.sos)


def test_reopening_after_publication_leaves_the_edition_and_a_correction_makes_a_second(
    rworld, published, client
):
    w = rworld
    pdf, xlsx = (
        fetch(client, "bokslut:edition_pdf", published),
        fetch(client, "bokslut:edition_xlsx", published),
    )
    html = published.html("sv")
    assert "3,30" in pdf_text(pdf)  # the mean of 3.2 and 3.4
    figures = Edition.objects.get(pk=published.pk).figures

    # A plain reopen of a published year is refused: only a recorded correction.
    with pytest.raises(ValidationError, match="har publicerats"):
        services.reopen(sos_2024(w), w.coordinator, "Fel siffra")
    assert sos_2024(w).state.code == "submitted"

    services.reopen(sos_2024(w), w.coordinator, "Fel siffra i helheten", correction=True)
    assert AuditEvent.objects.filter(action="bokslut.correction").count() == 1
    services.save_response(
        sos_2024(w), w.users["head_sos"], {**FULL, "overall": Decimal("2.6")}, {}, submit=True
    )
    assert selectors.compilation().year(2024).mean == Decimal("2.90")  # the live data changed

    # The published edition did not: its page, PDF bytes, XLSX bytes and figures are as published.
    assert fetch(client, "bokslut:edition_pdf", published) == pdf
    assert fetch(client, "bokslut:edition_xlsx", published) == xlsx
    assert Edition.objects.get(pk=published.pk).html("sv") == html
    page = fetch(client, "bokslut:edition", published).decode()
    assert html in page and "3,30" in page and "2,90" not in page
    assert Edition.objects.get(pk=published.pk).figures == figures

    # A new edition needs a note on what changed; then the year has two editions.
    with pytest.raises(ValidationError, match="ändrats|changed"):
        services.publish(2024, w.coordinator)
    second = services.publish(2024, w.coordinator, "Södersjukhusets helhetsbedömning rättad.")
    assert second.number == 2 and Edition.objects.filter(year=2024).count() == 2
    assert "2,90" in pdf_text(fetch(client, "bokslut:edition_pdf", second))
    assert "Södersjukhusets helhetsbedömning rättad." in pdf_text(
        fetch(client, "bokslut:edition_pdf", second)
    )
    assert fetch(client, "bokslut:edition_pdf", published) == pdf  # the first stays readable
    listing = client.get(reverse("bokslut:published")).text
    assert "Utgåva 1" in listing and "Utgåva 2" in listing


def test_publishing_again_with_nothing_changed_is_refused(rworld, published):
    with pytest.raises(ValidationError, match="Inget har ändrats|Nothing has changed"):
        services.publish(2024, rworld.coordinator, "Samma igen")
    assert Edition.objects.count() == 1


def test_a_year_without_answers_cannot_be_published(rworld):
    with pytest.raises(ValidationError):
        services.publish(2023, rworld.coordinator)
    assert not Edition.objects.exists()


def test_the_coordinator_must_tick_correction_to_reopen_a_published_answer(
    rworld, published, client
):
    w = rworld
    client.force_login(w.coordinator)
    url = reverse("bokslut:response_reopen", args=[sos_2024(w).pk])
    page = client.post(url, {"reason": "Fel siffra"})
    assert page.status_code == 400
    assert sos_2024(w).state.code == "submitted"
    client.post(url, {"reason": "Fel siffra", "correction": "on"})
    assert sos_2024(w).state.code == "draft" and sos_2024(w).correcting


def test_the_head_cannot_save_a_published_draft_without_a_correction(rworld, published):
    """A response sent back before the reopen rule existed (or by any other path) is still
    refused: only a correction opens a published year."""
    w = rworld
    from slussen.core import workflow

    response = sos_2024(w)
    workflow.apply(response, "reopen", w.coordinator, reason="Gammal väg")
    with pytest.raises(ValidationError, match="har publicerats"):
        services.save_response(
            sos_2024(w), w.users["head_sos"], {**FULL, "overall": Decimal("1.0")}, {}
        )
    assert sos_2024(w).overall == Decimal("3.4")


def test_the_xlsx_names_the_edition(rworld, published, client):
    book = load_workbook(io.BytesIO(fetch(client, "bokslut:edition_xlsx", published)))
    assert "utgåva 1" in book.worksheets[0]["A2"].value


def _struct_elements(node, found):
    node = node.get_object()
    if isinstance(node, dict) or hasattr(node, "keys"):
        if node.get("/Type") == "/StructElem" or "/S" in node:
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            kids = kids.get_object()
            for kid in kids if isinstance(kids, list) else [kids]:
                if hasattr(kid, "get_object") and not isinstance(kid, int):
                    _struct_elements(kid, found)
    return found


@pytest.mark.parametrize(
    "language, lang, title",
    [("sv", "sv", "Innovationsbokslut 2024"), ("en", "en", "Annual innovation report 2024")],
)
def test_the_published_pdf_is_tagged_pdf_ua_with_alt_text_on_every_chart(
    rworld, published, client, language, lang, title
):
    reader = PdfReader(io.BytesIO(fetch(client, "bokslut:edition_pdf", published, language)))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert str(root["/Lang"]) == lang
    assert reader.metadata.title.startswith(title)
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert (
        "pdfuaid:part" in xmp
        and ">1<" in xmp.split("pdfuaid:part")[1][:20]
        or ('pdfuaid:part="1"' in xmp)
    )
    elements = _struct_elements(root["/StructTreeRoot"], [])
    kinds = {str(e["/S"]) for e in elements}
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/Figure"} <= kinds
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert len(figures) >= 3  # the maturity per year, its distribution, each organisation's
    for figure in figures:
        assert str(figure.get("/Alt", "")).strip(), figure
    alts = " ".join(str(f["/Alt"]) for f in figures)
    assert "3,30" in alts if language == "sv" else "3.30" in alts  # the chart's numbers
    assert reader.outline  # bookmarks from the headings


def test_make_run_publishes_the_demo_year_once_from_the_command(rworld):
    """``make run`` calls ``manage.py bokslut <year> --publish``: the first call publishes,
    a second (``make run`` again) leaves the edition as it is; a year without answers is
    refused in words."""
    from django.core.management import CommandError, call_command

    history(rworld, 2024, {"karolinska": "3.2", "sos": "3.4"})
    out = io.StringIO()
    call_command("bokslut", "2024", "--publish", stdout=out)
    assert "Published the 2024 report (edition 1)" in out.getvalue()
    call_command("bokslut", "2024", "--publish", stdout=out)
    assert "already published" in out.getvalue()
    assert Edition.objects.filter(year=2024).count() == 1
    with pytest.raises(CommandError):
        call_command("bokslut", "2019", "--publish", stdout=out)
