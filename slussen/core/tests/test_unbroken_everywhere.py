"""Every date and registry number a page prints in running text goes through ``unbroken``
(kept on one line on a phone), in every app's templates: a new template that prints
``{{ day|date:"Y-m-d" }}`` or ``{{ case.registry_number }}`` bare is found here."""

import re
from pathlib import Path

from django.template import Context, Template

import slussen

DATE = re.compile(r'\|date:"[^"]*Y-m-d[^"]*"')
ATTRIBUTE = re.compile(r"""=\s*(?:"[^"<>]*|'[^'<>]*)$""")


def printed(line):
    """What a template line prints as text: its ``{{ … }}`` outside attribute values and a
    ``blocktranslate``'s ``with`` values."""
    for m in re.finditer(r"\{\{(.*?)\}\}", line):
        if not ATTRIBUTE.search(line[: m.start()]):
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
