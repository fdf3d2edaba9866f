"""How well similar cases survive paraphrase: recall@3 and mean reciprocal rank of the probes
in ``eval/paraphrases.json`` against the cases in the database (the demo region's)."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from . import search

PROBES = Path(__file__).parent / "eval" / "paraphrases.json"
UNRELATED = Path(__file__).parent / "eval" / "unrelated_s13.json"
DEPTH = 10  # how far down the suggestions a right case still counts for the reciprocal rank


def load(path=PROBES) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))["probes"]


def is_expected(title: str, expected: list[str]) -> bool:
    """A case is the one meant when its title is an expected one, or one of them followed by
    " – " and the unit (the demo's fund applications of several units on one project)."""
    return any(title == e or title.startswith(f"{e} – ") for e in expected)


@dataclass
class Result:
    recall_at_3: float
    mrr: float
    misses: list = field(default_factory=list)  # (probe text, the first three titles)


def evaluate(probes=None) -> Result:
    """Recall@3: the share of probes whose expected case is among the three the writing forms'
    suggestion box shows (``search.suggestions``, each project once; a case only named beside
    another of its project does not count); MRR: its place among the first ``DEPTH`` projects."""
    probes = load() if probes is None else probes
    found, reciprocal, misses = 0, 0.0, []
    for probe in probes:
        shown = [case.title for case in search.suggestions(probe["text"], limit=3)]
        rank = _rank(shown, probe["expected"])
        if rank is not None:
            found += 1
        else:
            misses.append((probe["text"], shown))
            deeper = [case.title for case in search.suggestions(probe["text"], limit=DEPTH)]
            rank = _rank(deeper, probe["expected"])
            rank = rank if rank is not None and rank > 3 else None
        reciprocal += 1 / rank if rank else 0.0
    n = len(probes) or 1
    return Result(found / n, reciprocal / n, misses)


def _rank(titles, expected) -> int | None:
    return next((i for i, title in enumerate(titles, 1) if is_expected(title, expected)), None)


def load_unrelated(path) -> list[str]:
    """The texts of a set that matches no case (``eval/unrelated_s13.json``)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))["texts"]


@dataclass
class Noise:
    rate: float  # the share of the texts that got at least one suggestion
    suggested: list = field(default_factory=list)  # (text, the first three titles)


def false_suggestions(texts) -> Noise:
    """How often texts about something no case covers get a suggestion all the same: noise to
    the person writing."""
    suggested = []
    for text in texts:
        titles = [case.title for case in search.suggestions(text, limit=3)]
        if titles:
            suggested.append((text, titles))
    return Noise(len(suggested) / (len(texts) or 1), suggested)
