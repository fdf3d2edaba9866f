"""``|date`` with a format of numbers only ("Y-m-d" on every row of the lists) writes what
Django's ``|date`` writes, in the current time zone, without looking up the language's formats
on every row; every other format and value is Django's."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.template import defaultfilters as django
from django.utils import formats, timezone, translation

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
FORMATS = ["Y-m-d", "Y-m-d H:i", "Y-m-d H:i:s", "H:i", "d/m/Y", "Y.m.d", "Ymd", "m", "j F Y",
           "c", "Y-m-d \\H", "DATE_FORMAT", "Y-n-j", "", "Y-m-d T", "{Y}"]  # fmt: skip
VALUES = [
    datetime.datetime(2026, 12, 6, 23, 30, 5, tzinfo=datetime.UTC),  # 7 December in Stockholm
    datetime.datetime(2026, 6, 30, 22, 0, tzinfo=datetime.UTC),  # 1 July, summer time
    datetime.datetime(2026, 3, 29, 0, 59, 59, tzinfo=datetime.UTC),
    datetime.datetime(987, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),  # a year of three digits
    datetime.datetime(2026, 1, 2, 3, 4, 5),  # naive
    datetime.date(2026, 2, 3),
    datetime.date(7, 12, 31),
    None,
    "",
    "2026-01-01",
    0,
]


def _both(text, value):
    """What a template writes with this ``|date`` and with Django's own."""
    ours = Template(text).render(Context({"v": value}))
    theirs = Template("{% load date_of_django %}" + text.replace("|date", "|django_date"))
    return ours, theirs.render(Context({"v": value}))


@pytest.fixture(autouse=True)
def djangos_date(settings):
    """Django's own ``|date`` as ``django_date``, to compare with."""
    from django import template

    library = template.Library()
    library.filter("django_date", django.date, expects_localtime=True, is_safe=False)
    engine = Template("").engine
    engine.template_libraries["date_of_django"] = library
    yield
    engine.template_libraries.pop("date_of_django", None)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("zone", ["Europe/Stockholm", "UTC"])
def test_date_writes_what_djangos_date_writes(language, zone):
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        for value in VALUES:
            for fmt in FORMATS:
                text = '{{ v|date:"' + fmt.replace("\\", "\\\\") + '" }}'
                try:
                    expected = _both(text, value)[1]
                except TypeError:  # a time of a date: Django refuses, and so does this
                    with pytest.raises(TypeError):
                        Template(text).render(Context({"v": value}))
                    continue
                assert _both(text, value)[0] == expected, (value, fmt)
            assert _both("{{ v|date }}", value)[0] == _both("{{ v|date }}", value)[1]


def test_a_row_date_is_in_the_current_time_zone():
    late = datetime.datetime(2026, 12, 6, 23, 30, tzinfo=datetime.UTC)
    with timezone.override(STOCKHOLM):
        assert Template('{{ v|date:"Y-m-d H:i" }}').render(Context({"v": late})) == (
            "2026-12-07 00:30"
        )


def test_a_list_of_dates_looks_up_no_format_per_row(monkeypatch):
    looked_up = []
    real = formats.get_format

    def counted(*args, **kwargs):
        looked_up.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(formats, "get_format", counted)
    days = [datetime.date(2026, 1, 1) + datetime.timedelta(days=n) for n in range(50)]
    html = Template('{% for d in days %}{{ d|date:"Y-m-d" }};{% endfor %}').render(
        Context({"days": days})
    )
    assert html.startswith("2026-01-01;2026-01-02;") and html.count(";") == 50
    assert looked_up == []
