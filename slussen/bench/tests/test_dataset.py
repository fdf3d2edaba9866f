"""The benchmark's dataset indexes its texts exactly as intake would."""

import random

from slussen.bench.dataset import Words
from slussen.intake import search


def test_search_terms_are_what_intake_stores():
    words = Words(random.Random(1))
    for _ in range(50):
        title, description = words.text()
        expected = search.terms(" ".join(title), " ".join(description))
        assert sorted(words.terms(title, description)) == sorted(expected)
