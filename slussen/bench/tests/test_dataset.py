"""The benchmark's dataset indexes its texts exactly as the one search would."""

import random

from slussen.bench.dataset import Words
from slussen.core import search


def test_search_terms_are_what_the_search_stores():
    words = Words(random.Random(1))
    for _ in range(50):
        title, description = words.text()
        expected = search.document_terms(" ".join(title), " ".join(description))
        assert sorted(words.terms(title, description)) == sorted(
            (term, weight, heading) for term, (weight, heading) in expected.items()
        )
