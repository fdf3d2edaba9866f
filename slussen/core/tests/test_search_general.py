"""How telling a word is, as a Swedish speaker would weigh it: an everyday word one case
happens to use is not as rare as a precise word one case uses, though a few hundred cases
cannot tell them apart; at a million cases their own counts decide."""

import importlib.util
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from slussen.cases import services as case_services
from slussen.core import search
from slussen.intake import search as similar

ROOT = Path(__file__).resolve().parents[3]
REGION = 300  # documents: a region's register of a few hundred cases, as the demo's


def _case(world, title, description):
    return case_services.open_case(
        kind="idea", title=title, description=description, organisation=world.sos
    )


@pytest.fixture
def region(monkeypatch):
    """The cases of a test stand in a register of ``REGION`` documents, where each of their
    words is as rare as a word one case of a few hundred uses."""
    counted = search._frequency

    def frequency(name, wanted, cap):
        return counted(name, wanted, cap)[0], REGION

    monkeypatch.setattr(search, "_frequency", frequency)


def test_a_precise_word_outranks_an_everyday_word_one_case_uses(world, region):
    """Each case shares one word with the text besides "mottagningen", and each word is used
    by one case: the cases' own counts weigh them alike, and the newer case came first. The
    precise word ("spirometri") says more of the text than the everyday one ("fönster")."""
    precise = _case(world, "Spirometri på mottagningen", "Ett förslag.")
    everyday = _case(world, "Fönster på mottagningen", "Ett förslag.")
    found = similar.similar("Fönster och spirometri på mottagningen", limit=3)
    assert found == [precise, everyday]


def test_everyday_words_do_not_raise_the_evidence_a_suggestion_needs(world, region):
    """A text in everyday words and two precise ones finds the case that uses the two precise
    words: its everyday words no case uses counted as the rarest, each as much as a precise
    word, so that the two shared words fell below ``SCORE_FLOOR`` of the text's weight."""
    case = _case(world, "Utrustning på lungmottagningen", "Spirometri och kapnografi.")
    text = (
        "Varje år och varje dag ser folk en gång till att barnen kommer hem, och det är en ny"
        " tid i livet och i landet, men på vägen och i bilen, vecka efter vecka och månad efter"
        " månad, går en liten gammal stad och dess hus förbi. Spirometri, kapnografi."
    )
    assert similar.similar(text, limit=3) == [case]


def test_the_documents_own_counts_decide_in_a_large_register():
    """In a few hundred documents an everyday word ("kväll") one of them uses weighs much less
    than a precise word ("kapnografi") one of them uses; in a million documents, where each is
    used by as many (500), they weigh nearly alike: the language no longer decides."""
    evening, precise = search.stem("kväll"), search.stem("kapnografi")
    assert search.rarity(evening, 1, REGION) < 0.7 * search.rarity(precise, 1, REGION)
    million = 10**6
    assert search.rarity(evening, 500, million) > 0.97 * search.rarity(precise, 500, million)


def test_a_word_most_documents_use_is_no_evidence_however_rare_in_the_language():
    """Whether a case is suggested at all: a word half the documents use is as common as they
    say, though the language hardly knows it; in the ranking order the language weighs in."""
    precise = search.stem("kapnografi")
    half = math.log(1 + REGION / 150)  # the documents' own idf
    assert search.rarity(precise, 150, REGION, evidence=True) == pytest.approx(half)
    assert search.rarity(precise, 150, REGION) > search.rarity(precise, 150, REGION, evidence=True)


def test_the_language_is_read_once_per_process():
    """``warm`` reads the general word list (some 30,000 words) in a server's master, before its
    workers start: no search reads it again."""
    search._general.cache_clear()
    search.warm()
    assert search._general.cache_info().currsize == 1
    assert search.stem("kväll") in search._general()
    search.rarity(search.stem("kväll"), 1, REGION)
    assert search._general.cache_info().misses == 1


def test_the_language_is_read_without_wordfreq_or_msgpack():
    """The list is the derived table in ``search_data`` (``scripts/general_sv.py``): a process
    without ``wordfreq`` and ``msgpack`` (neither is a dependency) ranks as before."""
    code = (
        "import sys; sys.modules['wordfreq'] = sys.modules['msgpack'] = None\n"
        "from slussen.core import search\n"
        "print(len(search._general()), search.rarity(search.stem('kväll'), 1, 300))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    count, evening = done.stdout.split()
    assert int(count) > 17_000
    assert float(evening) == search.rarity(search.stem("kväll"), 1, 300)


def test_the_table_says_where_it_comes_from_and_under_which_licence():
    head = (search.DATA / "general_sv.txt").read_text(encoding="utf-8")[:3000]
    assert "Creative Commons Attribution-ShareAlike 4.0" in head
    assert "Robyn Speer" in head and "wordfreq" in head
    assert re.search(r"sha256 of that file\n# [0-9a-f]{64}\.", head)


def test_the_table_is_made_again_byte_for_byte_from_the_wheels_list():
    """Where the wheel is at hand (not a dependency: ``uv run --with wordfreq==3.1.1 --with
    msgpack``), the script gives the committed table byte for byte, with the stemmer as it is
    now: a change to the stemming shows here until the table is made again."""
    pytest.importorskip("msgpack")
    spec = importlib.util.find_spec("wordfreq")
    if spec is None:
        pytest.skip("wordfreq's wheel is not installed")
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "general_sv.py")],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    assert done.stdout == (search.DATA / "general_sv.txt").read_bytes()
