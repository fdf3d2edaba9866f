import glob
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
