"""Similar cases by Swedish word stems (Snowball), scored by tf-idf over an indexed table.

The same code answers on SQLite and PostgreSQL: the inflections of a word share a stem
(“väntetiderna”, “väntetid”), so differently worded texts about the same thing meet.
"""

import hashlib
import math
import re
from collections import Counter
from functools import cache as memoize

import snowballstemmer
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case as Choose
from django.db.models import Count, ExpressionWrapper, F, FloatField, Max, Sum, Value, When

from slussen.cases.models import Case

from .models import SearchTerm

WORD = re.compile(r"[^\W\d_]{3,}")
TITLE_WEIGHT = 3
MAX_WEIGHT = 6
MAX_TERMS = 60
MAX_POSTINGS = 1000  # a stem in more cases than this is not looked up (see ``similar``)
MAX_QUERY_STEMS = 12
CANDIDATES = 10  # ranked candidates per suggestion, before the reader's scope is applied
# Frequent Swedish (and English) words that say nothing about the subject.
STOP_WORDS = set(
    """
    alla allt att av blev bli blir bort bra bättre därför där det den dem denna denne dessa
    detta dig din dina ditt dom du efter eftersom eller en ett fast finns från får för genom
    ha hade han har hela helt hennes hon honom hur här icke ingen inget inom inte jag kan
    kunde kunna man med mellan men mer mig min mina mitt mot mycket många måste ni nog när
    något några och också om oss på samma sedan ska skulle som så sådan till tror under upp
    ut utan vad var vara varför varit vars vem vi vid vilka vilken vill våra vårt än ännu är
    även åt över the and for with that this from are was were have has not but
    """.split()
)


@memoize
def _stemmer():
    return snowballstemmer.stemmer("swedish")


def stems(text: str) -> Counter:
    words = [w for w in WORD.findall(text.lower()) if w not in STOP_WORDS]
    return Counter(s[:64] for s in _stemmer().stemWords(words))


def terms(title: str, description: str) -> list[tuple[str, int]]:
    """(stem, weight) of a case: a word in the title counts three times; capped weights."""
    counts = stems(description)
    for stem, n in stems(title).items():
        counts[stem] += TITLE_WEIGHT * n
    return [(stem, min(n, MAX_WEIGHT)) for stem, n in counts.most_common(500)]


def index(case: Case, model=SearchTerm) -> None:
    """(Re)build the index entries of one case."""
    with transaction.atomic():
        model.objects.filter(case_id=case.pk).delete()
        model.objects.bulk_create(
            model(case_id=case.pk, stem=stem, weight=weight)
            for stem, weight in terms(case.title, case.description)
        )


FREQUENCY_SECONDS = 3600  # how long a common stem's document frequency is reused
FREQUENCY_KEPT_FROM = 100  # rarer stems are counted afresh: a new case's words match at once


def document_frequency(stems_: list[str], cap: int) -> dict[str, int]:
    """In how many cases each stem occurs, counted no further than ``cap + 1`` (one index range
    scan per stem, one round trip): a common word costs no more than a rare one.

    The counts of common stems are kept for an hour: they only weigh the words (tf-idf), a
    common word's rarity hardly moves in an hour, and reading up to a thousand postings for
    each of sixty words is most of what a suggestion costs. Rare stems cost little to count
    and are counted every time, so a word that just appeared in a new case is found at once."""
    keys = {stem: f"intake:df:{cap}:{hashlib.md5(stem.encode()).hexdigest()}" for stem in stems_}
    known = cache.get_many(list(keys.values()))
    frequency = {stem: known[key] for stem, key in keys.items() if key in known}
    missing = [stem for stem in stems_ if stem not in frequency]
    if missing:
        table = connection.ops.quote_name(SearchTerm._meta.db_table)
        one = (
            f"SELECT %s, (SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE stem = %s LIMIT %s) t)"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join([one] * len(missing)),
                [value for stem in missing for value in (stem, stem, cap + 1)],
            )
            found = dict(cursor.fetchall())
        common = {keys[stem]: n for stem, n in found.items() if n >= FREQUENCY_KEPT_FROM}
        cache.set_many(common, FREQUENCY_SECONDS)
        frequency.update(found)
    return {stem: n for stem, n in frequency.items() if n}


def similar(text: str, cases=None, *, exclude=None, limit=5) -> list[Case]:
    """The cases (from ``cases``, default all) most similar to ``text``, best first.

    Score: the sum over shared stems of the stem's weight in the case times its rarity (idf),
    so shared rare words count and common ones hardly do. At least two shared stems. Only the
    rarest stems of the text are looked up, and none that occurs in more than
    ``MAX_POSTINGS`` cases: such a word says little about the subject, and reading its
    postings would make the answer slower as the register grows.
    """
    query = [stem for stem, _n in stems(text).most_common(MAX_TERMS)]
    if not query:
        return []
    frequency = document_frequency(query, MAX_POSTINGS)
    informative = sorted((n, stem) for stem, n in frequency.items() if n <= MAX_POSTINGS)
    if not informative:
        return []
    total = Case.objects.aggregate(n=Max("pk"))["n"] or 1  # an index look-up, not a count
    rarity = {stem: math.log(1 + total / n) for n, stem in informative[:MAX_QUERY_STEMS]}
    score = Sum(
        Choose(
            *[
                When(stem=stem, then=ExpressionWrapper(F("weight") * Value(idf), FloatField()))
                for stem, idf in rarity.items()
            ],
            default=Value(0.0),
            output_field=FloatField(),
        )
    )
    terms = SearchTerm.objects.filter(stem__in=list(rarity))
    if exclude is not None:
        terms = terms.exclude(case=exclude)
    ranked = (
        terms.values("case")
        .annotate(score=score, shared=Count("id"))
        .filter(shared__gte=2)
        .order_by("-score", "-case")
    )
    # Rank first, then keep what this person may see: the scope is checked for a few
    # candidates instead of being joined to every posting.
    ids = [row["case"] for row in ranked[: limit * CANDIDATES]]
    found = (cases if cases is not None else Case.objects.all()).filter(pk__in=ids)
    found = found.select_related("state", "organisation").in_bulk()
    return [found[pk] for pk in ids if pk in found][:limit]
