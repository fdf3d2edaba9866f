"""The fund's figures from before Slussen are imported as records with their source, so that
the report's "since the start" is computed, not typed."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from slussen.bokslut import services
from slussen.bokslut.models import FundHistory
from slussen.core.models import AuditEvent

from .test_sections import apps_data

GOOD = (
    "first_year;last_year;applications;granted;amount;source\n"
    "2015;2019;500;200;40 000 000;Fondens årsrapport 2019\n"
    "2020;2020;120;50;;Protokoll, fondstyrelsen 2021-02-01\n"
)


def test_a_bad_line_refuses_the_whole_file(rworld):
    bad = GOOD + "2021;2020;10;20;;\n"
    with pytest.raises(ValidationError) as error:
        services.import_fund_history(rworld.coordinator, bad)
    assert any("Rad 4" in m for m in error.value.messages)
    assert not FundHistory.objects.exists()
    with pytest.raises(ValidationError):
        services.import_fund_history(rworld.coordinator, "year,applications\n2015,3\n")


def test_the_command_imports_and_replaces_records(rworld, tmp_path):
    path = tmp_path / "history.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("bokslut_history", path, stdout=open(tmp_path / "out", "w"))
    call_command("bokslut_history", path, stdout=open(tmp_path / "out", "w"))  # again: replaced
    assert FundHistory.objects.count() == 2
    assert FundHistory.objects.get(first_year=2020).amount is None
    assert AuditEvent.objects.filter(action="bokslut.fund_history").count() == 2
    path.write_text("first_year;last_year;applications;granted;amount;source\nx;;;;;\n")
    with pytest.raises(CommandError):
        call_command("bokslut_history", path)


def test_since_the_start_adds_the_history_to_slussens_figures(rworld, client):
    w = rworld
    year = timezone.localdate().year
    apps_data(w, 2, "a")  # two granted applications this year, SEK 200 000 each
    services.import_fund_history(w.coordinator, GOOD)
    client.force_login(w.coordinator)
    page = client.get(reverse("bokslut:report", args=[year])).text
    # 500 + 120 + 2 applications, 200 + 50 + 2 granted; 2020's amount is unknown: no sum
    assert "Sedan 2015 har fonden fått 622 ansökningar och beviljat 252 av dem." in page
    assert "2015–2019: Fondens årsrapport 2019; 2020: Protokoll, fondstyrelsen 2021-02-01" in page
    FundHistory.objects.filter(first_year=2020).update(amount=10_000_000)
    page = client.get(reverse("bokslut:report", args=[year])).text
    assert "beviljat 252 av dem, totalt 50" in page  # 40 + 10 million + 400 000
