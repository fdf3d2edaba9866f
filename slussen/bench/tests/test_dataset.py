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


def test_the_vocabulary_is_what_the_search_keeps():
    words = Words(random.Random(1))
    terms, parts = words.vocabulary_rows()
    for (stem,) in terms[:: max(1, len(terms) // 300)]:
        assert {p for p, s in parts if s == stem} == search.parts(stem)
