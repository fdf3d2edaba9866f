import ast
import glob
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

CATALOGUES = sorted(glob.glob(str(Path(__file__).parents[2] / "*/locale/sv/LC_MESSAGES/*.po")))


def test_every_app_has_a_swedish_catalogue():
    apps = {Path(p).parent.name for p in glob.glob(str(Path(__file__).parents[2] / "*/apps.py"))}
    with_catalogue = {Path(p).parents[3].name for p in CATALOGUES}
    assert apps - {"demo"} <= with_catalogue


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: Path(p).parents[3].name)
def test_swedish_catalogue_is_complete(path):
    po = polib.pofile(path)
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: Path(p).parents[3].name)
def test_no_translation_is_a_leftover_guess(path):
    """msgmerge guesses from similar strings ("#| msgid"); such guesses are often wrong."""
    po = polib.pofile(path)
    assert [e.msgid for e in po if e.previous_msgid] == []


def test_a_string_is_translated_the_same_way_in_every_catalogue():
    """Django merges the apps' catalogues and the first app in INSTALLED_APPS wins: the same
    msgid translated differently elsewhere is silently overridden. Where the meaning differs,
    give the string a context (``pgettext``, ``{% translate "…" context "app" %}``)."""
    translations = {}
    for path in CATALOGUES:
        for e in polib.pofile(path):
            if e.msgstr and not e.obsolete:
                translations.setdefault((e.msgctxt, e.msgid), {})[Path(path).parents[3].name] = (
                    e.msgstr
                )
    assert {k: v for k, v in translations.items() if len(set(v.values())) > 1} == {}


MARKING = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
TEMPLATE_MARKED = re.compile(r"""\{% translate "([^"]*)"(?: as \w+)? %\}""")


def _marked(app: Path):
    """Each string the app's code and templates mark for translation (without a context)."""
    for path in app.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if name in MARKING and isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield path, first.value
    for path in app.rglob("templates/**/*"):
        if path.suffix in (".html", ".txt"):
            for text in TEMPLATE_MARKED.findall(path.read_text(encoding="utf-8")):
                yield path, text.replace("%", "%%")  # as makemessages writes a template's %


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: Path(p).parents[3].name)
def test_every_string_an_app_marks_is_in_its_own_catalogue(path):
    """A string marked for translation that its app's catalogue lacks is shown in English to
    a Swedish user (as ops' "Register" was: ``scripts/makemessages`` put it there, and it was
    kept out by hand with the churn)."""
    app = Path(path).parents[3]
    known = {e.msgid for e in polib.pofile(path) if e.msgctxt is None and e.translated()}
    missing = sorted({f"{p.relative_to(app)}: {t}" for p, t in _marked(app) if t not in known})
    assert missing == []


@pytest.mark.skipif(not shutil.which("msgcat"), reason="GNU gettext is not installed")
@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: Path(p).parents[3].name)
def test_a_catalogue_is_written_as_makemessages_writes_it(path):
    """Wrapped as gettext wraps (``scripts/po_fill.py`` writes through ``msgcat``): otherwise
    every run of ``scripts/makemessages`` moves the line breaks of untouched catalogues."""
    text = Path(path).read_text(encoding="utf-8")
    assert subprocess.run(["msgcat", path], capture_output=True, text=True).stdout == text
