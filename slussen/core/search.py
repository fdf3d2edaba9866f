"""One Swedish search for the whole platform: the same answers on SQLite and PostgreSQL.

The core knows no domain app. It offers the mechanism; an app registers what it indexes
(``register("case", Case, heading=..., body=...)``) and the module keeps a term table
(``core.SearchEntry``: document type, document id, term, weight) current on every save, on
``index_many`` after a bulk load, and on ``manage.py reindex``.

A text becomes terms in one way, for a document and for a search alike:

- lower-cased words of letters (å, ä, ö kept), minus the one shipped stop-word list;
- each word stemmed (Snowball, Swedish) and tidied so that the forms Snowball leaves apart
  meet ("läkemedel"/"läkemedlen"/"läkemedlet", "nyckel"/"nycklar");
- compound words: a document's stem is also indexed by its beginnings (4–10 letters) and by
  its endings (4–12 letters after at least three), so "drönare" meets "drönarleverans",
  "nacken" meets "nacksmärta", "smärta" meets "nacksmärta", "fickstorlek" and "fickformat"
  share "fick"; the register finds a word by its beginning ("hjärt" → "hjärtsvikt");
- for similarity, a search also looks for the related words of a shipped list
  (``search_data/related_sv.txt``: "ont" ~ "smärta", "fickstorlek" ~ "fickformat").

Two ways to ask: ``matching`` (every word must occur: the register, test results) and
``ranked`` (BM25-like weighting over the shared terms: similar cases). Scope is applied
inside both, as a filter on the indexed rows.
"""

import hashlib
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import snowballstemmer
from django.core.cache import cache as shared_cache
from django.db import connection, transaction
from django.db.models import Case as Choose
from django.db.models import F, FloatField, IntegerField, Max, Value, When
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_save

DATA = Path(__file__).parent / "search_data"
WORD = re.compile(r"\w*[^\W\d_]\w*")  # a word with at least one letter ("3d", "5g")
MAX_TERM = 64
PART_MIN = 4  # the shortest beginning or ending of a word that is indexed
PREFIX_MAX = 10
SUFFIX_MAX = 12
HEADING_WEIGHT = 3
MAX_COUNT = 6  # a word counts at most this many times in a document
STEM, PART = 2, 1  # stored weight per occurrence: the word itself, or a part of it
MAX_WORDS = 60  # of a text to compare
MAX_QUERY_TERMS = 40
MAX_POSTINGS = 1000  # a term in more documents than this says little and is not looked up
K1 = 1.2
QUERY_WEIGHT = {"stem": 1.0, "related": 0.6, "part": 0.35, "related_part": 0.25}
VOWELS = set("aeiouyåäö")


def _lines(name):
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


STOP_WORDS = frozenset(word for line in _lines("stopwords_sv.txt") for word in line.split())


@cache
def _stemmer():
    return snowballstemmer.stemmer("swedish")


def _tidy(stem: str) -> str:
    """What Snowball leaves apart: the definite "-et" ("läkemedlet") and the "e" Swedish drops
    before l, n, r when a word is inflected ("läkemedel" → "läkemedl", as in "läkemedlen")."""
    if len(stem) >= 6 and stem.endswith("et"):
        stem = stem[:-2]
    if len(stem) >= 5 and stem[-2] == "e" and stem[-1] in "lnr" and stem[-3] not in VOWELS:
        stem = stem[:-2] + stem[-1]
    return stem[:MAX_TERM]


# Plural and definite endings. Snowball removes one ending: "leverans" loses its "s", but
# "leveranser" only its "er"; what is left of an inflected word is stemmed once more, so that it
# meets its base form ("leveranser" → "leverans" → "leveran", as "leverans"; "datorer" →
# "dator" → "dat", as "dator"; "konferenser" → "konferens" → "konfer", as "konferens").
INFLECTIONS = frozenset(
    "er en ar or et at na arna erna orna arnas ernas ornas ers ets ars ors".split()
)


@cache
def stem(word: str) -> str:
    word = word.lower()
    first = _stemmer().stemWord(word)
    if first != word and word.startswith(first) and word[len(first) :] in INFLECTIONS:
        first = _stemmer().stemWord(first)
    return _tidy(first)


def words(text: str, *, keep_stop_words=False) -> list[str]:
    """The lower-cased words of ``text`` that say something (å, ä, ö kept)."""
    found = [w for w in WORD.findall(text.lower().replace("_", " ")) if len(w) >= 2]
    return found if keep_stop_words else [w for w in found if w not in STOP_WORDS]


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


def parts(stem_: str) -> set[str]:
    """The beginnings and endings of a stem under which a compound word is also found. A
    beginning is also kept tidied as a stem is, so that a word's base form finds the compounds
    it begins ("läkemedel" → "läkemedl" finds "läkemedelsrobot")."""
    beginnings = {stem_[:n] for n in range(PART_MIN, min(len(stem_), PREFIX_MAX + 1))}
    found = beginnings | {_tidy(b) for b in beginnings if len(b) >= PART_MIN + 1}
    found |= {
        stem_[-n:] for n in range(PART_MIN, min(len(stem_) - 3, SUFFIX_MAX) + 1) if n < len(stem_)
    }
    found.discard(stem_)
    return found


@cache
def _related() -> dict[str, frozenset[str]]:
    groups = defaultdict(set)
    for line in _lines("related_sv.txt"):
        group = {stem(w) for phrase in line.split(",") for w in words(phrase)}
        for member in group:
            groups[member] |= group - {member}
    return {member: frozenset(others) for member, others in groups.items()}


def related(stem_: str) -> frozenset[str]:
    return _related().get(stem_, frozenset())


def document_terms(heading: str, body: str = "") -> dict[str, tuple[int, bool]]:
    """term → (weight, in heading) of a document: a word in the heading counts three times."""
    counts = defaultdict(int)
    for s in stems(heading):
        counts[s] += HEADING_WEIGHT
    in_heading = set(counts)
    for s in stems(body):
        counts[s] += 1
    terms = {}
    for s, n in counts.items():
        n = min(n, MAX_COUNT)
        for term, weight in [(s, STEM * n)] + [(p, PART * n) for p in parts(s)]:
            old = terms.get(term, (0, False))
            terms[term] = (max(old[0], weight), old[1] or s in in_heading)
    return terms


# --- What is indexed -------------------------------------------------------------------------


@dataclass
class DocType:
    name: str
    model: type
    heading: object  # obj -> str
    body: object  # obj -> str
    fields: frozenset  # saving one of these (or all) reindexes the object


TYPES: dict[str, DocType] = {}


def register(name, model, *, heading, body=lambda obj: "", fields=()):
    """Index ``model``'s objects as documents of type ``name``: on every save (of ``fields``,
    or of the whole object) and delete, and on ``reindex``. A bulk load calls ``index_many``."""
    doc = TYPES[name] = DocType(name, model, heading, body, frozenset(fields))

    def saved(sender, instance, update_fields=None, raw=False, **kwargs):
        if raw:
            return
        if update_fields is None or not doc.fields or doc.fields & set(update_fields):
            index_many([instance], name)

    def deleted(sender, instance, **kwargs):
        _entries().filter(doc_type=name, doc_id=instance.pk).delete()

    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"search-save-{name}")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"search-del-{name}")


def _entries(model=None):
    if model is None:
        from .models import SearchEntry as model
    return model.objects


def entries_of(name, obj, model=None):
    from .models import SearchEntry

    model = model or SearchEntry
    doc = TYPES[name]
    terms = document_terms(doc.heading(obj) or "", doc.body(obj) or "")
    return [
        model(doc_type=name, doc_id=obj.pk, term=term, weight=weight, heading=heading)
        for term, (weight, heading) in terms.items()
    ]


def index_many(objs, name, *, model=None):
    """(Re)build the entries of these objects (after a bulk load, which sends no signal)."""
    objs = list(objs)
    if not objs:
        return 0
    with transaction.atomic():
        _entries(model).filter(doc_type=name, doc_id__in=[o.pk for o in objs]).delete()
        rows = [row for obj in objs for row in entries_of(name, obj, model)]
        _entries(model).bulk_create(rows, batch_size=2000)
    return len(rows)


def reindex(names=None, *, chunk=500) -> dict[str, int]:
    """Rebuild the index of these document types (default all): ``manage.py reindex``."""
    done = {}
    for name in names or list(TYPES):
        doc = TYPES[name]
        with transaction.atomic():
            _entries().filter(doc_type=name).delete()
            batch, count = [], 0
            for obj in doc.model._default_manager.order_by("pk").iterator(chunk_size=chunk):
                batch.append(obj)
                if len(batch) >= chunk:
                    index_many(batch, name)
                    count, batch = count + len(batch), []
            index_many(batch, name)
            done[name] = count + len(batch)
    return done


# --- Asking ----------------------------------------------------------------------------------


def _scoped(rows, scope):
    """The entries of documents in ``scope`` (a queryset of the documents, or None for all):
    a filter on the indexed rows, so a small scope reads few rows. A scope without a filter
    (a region-wide reader's) is no filter: the database would otherwise read every document's
    id for nothing."""
    if scope is None or not (scope.query.where or scope.query.is_sliced):
        return rows
    return rows.filter(doc_id__in=scope.values("pk"))


def matching(name, q: str, scope=None, *, heading_only=False):
    """Querysets of document ids, one per word of ``q``: a document matches when its id is in
    every one (``pk__in=`` each). Every word matches its own inflections and compounds that
    begin or end with it. A search made only of stop words looks for the words they begin."""
    typed = words(q, keep_stop_words=True)[:8]
    meaningful = [stem(w) for w in typed if w not in STOP_WORDS]
    terms = meaningful or [w[:MAX_TERM] for w in typed]
    rows = _entries().filter(doc_type=name)
    if heading_only:
        rows = rows.filter(heading=True)
    rows = _scoped(rows, scope)
    return [rows.filter(term__in=_forms(term)).values("doc_id") for term in dict.fromkeys(terms)]


def _forms(term: str) -> list[str]:
    """A searched word's stem, and without the definite "-n" after a vowel that Snowball keeps
    ("miljön" finds "miljö" and "miljöer"). Only for finding: similar cases do not use it, where
    "mobilen" meeting every "mobil" says too little."""
    if len(term) >= 5 and term[-1] == "n" and term[-2] in VOWELS:
        return [term, term[:-1]]
    return [term]


def narrow(qs, name, q: str, *, via="pk", scope=None):
    """``qs`` narrowed to the objects whose document of type ``name`` (the object itself, or the
    one its field ``via`` points to) has every word of ``q``; the index rows read are those of
    ``scope`` (default ``qs`` itself when ``via`` is the object's own key)."""
    if scope is None and via == "pk":
        scope = qs
    for ids in matching(name, q, scope):
        qs = qs.filter(**{f"{via}__in": ids})
    return qs


def query_terms(text: str) -> dict[str, tuple[float, int]]:
    """term → (weight, word) of a text to compare: each word's stem, its related words, its
    beginning and endings (a compound's parts), and the related words of those; ``word`` is the
    position of the word the term stands for, so that a word counts once however many of its
    terms a document shares."""
    found = {}

    def add(term, weight, word):
        if weight > found.get(term, (0, 0))[0]:
            found[term] = (weight, word)

    for n, s in enumerate(list(dict.fromkeys(stems(text)))[:MAX_WORDS]):
        add(s, QUERY_WEIGHT["stem"], n)
        for p in parts(s):
            add(p, QUERY_WEIGHT["part"], n)
            for r in related(p):  # "hjärtavdelning" begins with "hjärt": "kardiologi"
                add(r, QUERY_WEIGHT["related_part"], n)
        for r in related(s):
            add(r, QUERY_WEIGHT["related"], n)
    return found


FREQUENCY_SECONDS = 3600  # how long a common term's document frequency is reused
FREQUENCY_KEPT_FROM = 100  # rarer terms are counted afresh: a new document is found at once


def document_frequency(name, terms: list[str], cap: int) -> dict[str, int]:
    """In how many documents each term occurs, counted no further than ``cap + 1`` (an index
    range scan per term): a common word costs no more than a rare one. The counts of common
    terms are kept for an hour; rare ones are counted every time."""
    keys = {t: f"search:df:{name}:{cap}:{hashlib.md5(t.encode()).hexdigest()}" for t in terms}
    known = shared_cache.get_many(list(keys.values()))
    frequency = {t: known[key] for t, key in keys.items() if key in known}
    missing = [t for t in terms if t not in frequency]
    from .models import SearchEntry

    table = connection.ops.quote_name(SearchEntry._meta.db_table)
    one = (
        f"SELECT %s, (SELECT COUNT(*) FROM (SELECT 1 FROM {table} "
        "WHERE doc_type = %s AND term = %s LIMIT %s) t)"
    )
    for start in range(0, len(missing), 100):
        part = missing[start : start + 100]
        with connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join([one] * len(part)),
                [value for t in part for value in (t, name, t, cap + 1)],
            )
            found = dict(cursor.fetchall())
        common = {keys[t]: n for t, n in found.items() if n >= FREQUENCY_KEPT_FROM}
        shared_cache.set_many(common, FREQUENCY_SECONDS)
        frequency.update(found)
    return {t: n for t, n in frequency.items() if n}


def total(name) -> int:
    """About how many documents of this type there are (an index look-up, not a count)."""
    return TYPES[name].model._default_manager.aggregate(n=Max("pk"))["n"] or 1


def ranked(name, text: str, scope=None, *, exclude=None, limit=5) -> list[tuple[int, float]]:
    """(document id, score) of the documents most like ``text``, best first.

    BM25-like: for each word of the text, the best of its shared terms: the term's rarity
    (idf) times its saturated weight in the document times its weight for the word (the word
    itself counts more than a related word, which counts more than a part of the word); summed
    over the words. Only the most telling terms are looked up, none that occurs in more than
    ``MAX_POSTINGS`` documents; at least two words of the text must be shared."""
    wanted = query_terms(text)
    if not wanted:
        return []
    frequency = document_frequency(name, list(wanted), MAX_POSTINGS)
    n = total(name)
    value = {
        t: math.log(1 + n / df) * wanted[t][0] for t, df in frequency.items() if df <= MAX_POSTINGS
    }
    chosen = sorted(value, key=lambda t: -value[t])[:MAX_QUERY_TERMS]
    if not chosen:
        return []
    weight = Cast(F("weight"), FloatField())
    saturated = weight * Value(K1 + 1) / (weight + Value(K1 * STEM))
    per_term = Choose(
        *[When(term=t, then=saturated * Value(float(value[t]))) for t in chosen],
        default=Value(0.0),
        output_field=FloatField(),
    )
    word = Choose(
        *[When(term=t, then=Value(wanted[t][1])) for t in chosen],
        default=Value(-1),
        output_field=IntegerField(),
    )
    rows = _scoped(_entries().filter(doc_type=name, term__in=chosen), scope)
    if exclude is not None:
        rows = rows.exclude(doc_id=exclude)
    best = rows.annotate(word=word).values("doc_id", "word").annotate(best=Max(per_term))
    sql, params = best.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT doc_id, SUM(best) FROM ({sql}) words GROUP BY doc_id "
            "HAVING COUNT(*) >= 2 ORDER BY 2 DESC, 1 DESC LIMIT %s",
            [*params, limit],
        )
        return [(doc_id, score) for doc_id, score in cursor.fetchall()]
