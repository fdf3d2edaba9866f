"""Every date and registry number a page prints in running text goes through ``unbroken``
(kept on one line on a phone), in every app's templates: a new template that prints
``{{ day|date:"Y-m-d" }}`` or ``{{ case.registry_number }}`` bare is found here."""

import re
from pathlib import Path

from django.template import Context, Template

import slussen

DATE = re.compile(r'\|date:"[^"]*Y-m-d[^"]*"')
ATTRIBUTE = re.compile(r"""=\s*(?:"[^"<>]*|'[^'<>]*)$""")


# A ``<time>`` is kept on one line by the style sheet (``time { white-space: nowrap }``): what
# it holds needs no span of its own.
IN_TIME = re.compile(r"<time[^>]*>\s*$")
TIME_HOLDS_UNBROKEN = re.compile(r"<time[^>]*>[^<]*\|unbroken")


def printed(line):
    """What a template line prints as text: its ``{{ … }}`` outside attribute values and a
    ``<time>`` element, and a ``blocktranslate``'s ``with`` values."""
    for m in re.finditer(r"\{\{(.*?)\}\}", line):
        before = line[: m.start()]
        if not ATTRIBUTE.search(before) and not IN_TIME.search(before):
            yield m.group(1).strip()
    for tag in re.findall(r"\{% blocktranslate([^%]*)%\}", line):
        yield from re.findall(r"\w+=(\S+)", tag)


def bare(expression):
    if "unbroken" in expression:
        return False
    return bool(DATE.search(expression) or re.search(r"registry_number$", expression))


def test_every_date_and_registry_number_in_running_text_is_unbroken():
    root = Path(slussen.__file__).parent
    found = []
    for path in sorted(root.glob("*/templates/**/*.html")):
        if "/email/" in str(path):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "block title" in line or "<title>" in line or "<text " in line:
                continue  # the tab's title and an SVG's text are not HTML text
            found += [f"{path.relative_to(root)}:{n}: {e}" for e in printed(line) if bare(e)]
    assert found == []


def render(text):
    return Template("{{ text|unbroken }}").render(Context({"text": text}))


def test_a_date_and_a_time_are_kept_whole_and_the_rest_escaped():
    out = render("Sparat 2026-12-07 14:05, svar senast 2026-12-24 <b>nu</b>.")
    assert '<span class="nowrap">2026-12-07 14:05</span>' in out
    assert '<span class="nowrap">2026-12-24</span>' in out
    assert "&lt;b&gt;nu&lt;/b&gt;" in out


def test_an_empty_date_stays_empty_so_that_default_applies():
    template = Template('{{ day|date:"Y-m-d"|unbroken|default:"–" }}')
    assert template.render(Context({"day": None})) == "–"


def test_a_time_element_is_kept_whole_by_the_style_sheet_not_by_a_span_inside_it():
    """Every ``<time>`` is on one line by the one rule of the style sheet, in a table or in a
    timeline's running text; a date inside it printed through ``unbroken`` got a second,
    redundant ``nowrap`` span (before: 15 places in 14 templates)."""
    root = Path(slussen.__file__).parent
    css = (root / "static/css/slussen.css").read_text(encoding="utf-8")
    assert re.search(r"(?m)^time \{ white-space: nowrap; \}", css)
    doubled = [
        f"{path.relative_to(root)}:{n}"
        for path in sorted(root.glob("*/templates/**/*.html"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if TIME_HOLDS_UNBROKEN.search(line)
    ]
    assert doubled == []
