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
