from decimal import Decimal

from django.utils import translation

from slussen.bokslut.blocks import Table


def test_a_count_is_shown_as_an_integer_in_a_column_of_decimals():
    """“Verksamheter som rapporterade 14”, not “14,00”, beside a mean of 3,25."""
    rows = [["Rapporterade", 14], ["Mognad", Decimal("3.25")]]
    table = Table("Nyckeltal", ["Nyckeltal", "Värde"], rows, places={1: 2})
    with translation.override("sv"):
        assert table.display_rows() == [["Rapporterade", "14"], ["Mognad", "3,25"]]
