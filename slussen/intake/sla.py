"""Working days in Sweden: weekdays that are neither public holidays nor the eves that are
days off in practice (midsummer, Christmas and New Year's Eve)."""

from datetime import date, timedelta
from functools import cache

# Imported when the app loads, not in the first request: the holidays package loads every
# country's calendar on first use, which takes seconds without cached bytecode.
from holidays.countries.sweden import Sweden


@cache
def _days_off(year: int):
    return Sweden(years=year, include_sundays=False, categories=("public", "de_facto"))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _days_off(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (the start day itself not counted)."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day
