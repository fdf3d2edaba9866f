"""One Swedish search for the whole platform: the same answers on SQLite and PostgreSQL.

The core knows no domain app. It offers the mechanism; an app registers what it indexes
(``register("case", Case, heading=..., body=...)``) and the module keeps a term table
(``core.SearchEntry``: document type, document id, stem, weight) current on every save, on
``index_many`` after a bulk load, and on ``manage.py reindex``. A document stores its stems only;
the beginnings and endings of every distinct stem are kept once, in the vocabulary
(``core.SearchTerm``, ``core.SearchPart``), however many documents use the word: the index grows
with the documents' words, not with their words' parts.

A text becomes terms in one way, for a document and for a search alike:

- lower-cased words of letters (å, ä, ö kept), minus the one shipped stop-word list; a number
  only when it is a name ("1177"); an abbreviation of care work as the word it stands for
  (``search_data/abbreviations_sv.txt``: "ssk" is "sjuksköterska");
- each word stemmed (Snowball, Swedish) and tidied so that the forms Snowball leaves apart
  meet ("läkemedel"/"läkemedlen"/"läkemedlet", "nyckel"/"nycklar", "doktor"/"doktorn",
  "digital"/"digitalt", "prioriterar"/"prioritera"/"prioritering"), and the irregular forms
  of ``search_data/irregular_sv.txt`` meet their base form ("tänder"/"tand", "egna"/"egen");
  a word Snowball cuts into another keeps its own term (``search_data/unstemmed_sv.txt``:
  "pappa" is not "papper");
- compound words: a document's stem is also found by its beginnings (4–10 letters) and by
  its endings (4–12 letters after at least three), looked up in the vocabulary, so "drönare"
  meets "drönarleverans", "nacken" meets "nacksmärta", "smärta" meets "nacksmärta",
  "fickstorlek" and "fickformat" share "fick"; the register finds a word by its beginning
  ("hjärt" → "hjärtsvikt");
- for similarity, a search also looks for the related words of a shipped list
  (``search_data/related_sv.txt``: "ont" ~ "smärta", "fickstorlek" ~ "fickformat"), for the
  Swedish words of an English word or phrase (``search_data/related_en.txt``, stemmed as
  English: "wounds" ~ "sår", "chest pain" ~ "bröstsmärta") and for the listed word a word
  not in the lists misspells by one letter ("medeciner" ~ "mediciner"). A word no document
  uses stands for its translations nearly as a word counts (``QUERY_WEIGHT["absent"]``), and
  for the word of the documents one edit away that most of them use ("ladstolpar" ~
  "laddstolpar": ``respelled``).

Two ways to ask: ``matching`` (every word must occur, or one of the words either side of "OR"
or "ELLER": the register, test results) and
``ranked`` (BM25-like weighting over the shared terms: similar cases).

On PostgreSQL, ``matching`` reads an inverted index instead (GIN over ``core.SearchDocument``,
a row per document with its stems and their parts): the documents with every word are found by
intersecting the words' lists inside the index, a common word's list skipped through by a
rarer one's, without a row per matching stem. A document carries the marks of what a person's
scope is made of (its organisation, its handler: ``register``'s ``marks``) in the same index, so
that a search in a scope (``Reach``) intersects the words' lists with the scope's inside the
index: an advisor's search reads her own matches, not the region's. Up to ``CANDIDATES``
matches are handed over by their ids, to which the caller's scope (a person's cases) is then
applied exactly; more are met as the caller's list is walked in its order. ``ranked`` applies
a person's scope to the best matches of all documents first, and inside the ranking only when
too few of those are in it. On SQLite (the embedded default, small registers) both read the
term rows and the vocabulary, with the same answers.
"""

import math
import re
import threading
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer
from django.conf import settings
from django.db import connection, transaction
from django.db.models import DateField, DateTimeField, Field, Lookup, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

DATA = Path(__file__).parent / "search_data"
# A word with at least one letter ("3d", "5g"), or a number: only a number of three to five
# digits that is no year is kept, a name ("1177", "112"); an age, a count or a year is not.
WORD = re.compile(r"\w*[^\W\d_]\w*|\d+")
NAME_DIGITS = (3, 5)
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
# A word of a text: itself, its related words (and its English one's Swedish words), a word of the
# lists it misspells (and that word's related ones), its parts, its parts' related words.
# A wider or an everyday word's narrower or clinical ones (``lexicon_sv.txt``'s one-way lines)
# count for a little less than a word of the same meaning.
QUERY_WEIGHT = {
    "stem": 1.0,
    "related": 0.6,
    "toward": 0.5,
    "synonym": 0.4,
    "spelling": 0.5,
    "part": 0.35,
    "related_part": 0.25,
    "absent": 0.75,
}
SPELLING_MIN = 5  # a stem shorter than this is not taken for a misspelling of another
VOWELS = set("aeiouyåäö")


def _lines(name):
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


STOP_WORDS = frozenset(word for line in _lines("stopwords_sv.txt") for word in line.split())


def _pairs(name) -> dict[str, str]:
    """``a, b = word`` lines: each of a, b stands for the word."""
    found = {}
    for line in _lines(name):
        forms, meant = line.split("=", 1)
        for form in forms.split(","):
            found[form.strip().lower()] = meant.strip().lower()
    return found


# An abbreviation of care work → the word it stands for ("pat" → "patient").
ABBREVIATIONS = _pairs("abbreviations_sv.txt")
# An irregular form → its base form ("tänder" → "tand", "egna" → "egen").
IRREGULAR = _pairs("irregular_sv.txt")
# Forms of one word that Snowball stems apart or into another word's stem (a strong verb's
# "äter", "grät"; "läka", to heal, stemmed as "läkare"): read as the word they are forms of.
IRREGULAR.update(_pairs("forms_sv.txt"))
# A word Snowball cuts into another one, and its forms → the term they share ("pappa", not
# "papper"'s "papp").
UNSTEMMED = _pairs("unstemmed_sv.txt")


_local = threading.local()


def _stemmer():
    """Snowball's Swedish stemmer, one per thread: it keeps the word it works on in itself, and
    two threads of a server (gunicorn's threads) stemming at once corrupted each other's words
    (an IndexError, a page answered 500)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("swedish")
    return stemmer


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
# "dator" → "dat", as "dator"; "konferenser" → "konferens" → "konfer", as "konferens"). Not
# after "-or", which Snowball also takes from a singular ("sensor" → "sens", stemmed once more
# "sen", while "sensorer" → "sensor" → "sens"); a plural in "-or" ("flickor") has nothing more
# to lose.
INFLECTIONS = frozenset(
    "er en ar et at na arna erna orna arnas ernas ornas ers ets ars ors".split()
)


# The genitive of a plural ("patienters", "sjuksköterskors", "rullstolars"), of an agent noun
# ("läkares") and of a definite neuter singular ("sårets", "systemets"; not "-ats": "plats").
GENITIVE = ("ers", "ors", "ars", "ares", "ets")


# Neuter adjectives Snowball keeps whole ("digitalt", "nationellt"): without their "-t".
NEUTER = ("alt", "ellt")
# The forms of a verb in "-era" and its noun in "-ering", which Snowball stems apart
# ("prioritera" "prioritr", "prioriterar" "priorit", "prioritering" whole): all as the verb's
# root, before at least four letters ("kamera" is no verb).
ERA = sorted(
    "era erar erade erat erad erade erades eras erats erande ering eringen eringar eringarna"
    " eringens".split(),
    key=len,
    reverse=True,
)


@cache
def stem(word: str) -> str:
    word = word.lower()
    if word in UNSTEMMED:
        return UNSTEMMED[word]
    word = IRREGULAR.get(word, word)
    if len(word) >= 6 and word.endswith(NEUTER):
        word = word[:-1]
    ending = next((e for e in ERA if word.endswith(e) and len(word) - len(e) >= 4), None)
    if ending:
        word = word[: -len(ending)]
    first = _stemmer().stemWord(word)
    if len(word) >= 7 and word.endswith(GENITIVE) and first in (word[:-1], word[:-2]):
        # The genitive "-s" of a plural or a definite form, the only ending Snowball then takes
        # ("patienters" → "patienter", "läkares" → "läkar"): stemmed as the form itself is.
        return stem(word[:-1])
    if len(first) >= 6 and first.endswith("orn"):
        # The definite "-n" after "-or", which Snowball keeps ("doktorn", "sensorns").
        first = _stemmer().stemWord(first[:-1])
    if first != word and word.startswith(first) and word[len(first) :] in INFLECTIONS:
        first = _stemmer().stemWord(first)
    return _tidy(first)


def _kept(word: str) -> bool:
    if not word.isdigit():
        return len(word) >= 2
    return NAME_DIGITS[0] <= len(word) <= NAME_DIGITS[1] and not 1900 <= int(word) <= 2099


def normal(text: str) -> str:
    """``text`` in Unicode's compatibility composition (NFKC), as a search reads a document and a
    query alike: an "å" typed as "a" and a combining ring (a Mac, a PDF) is the "å" of the
    documents, a full-width "ＡＩ" is "AI", a ligature "ﬁ" is "fi"."""
    return unicodedata.normalize("NFKC", text) if not text.isascii() else text


def words(text: str, *, keep_stop_words=False) -> list[str]:
    """The lower-cased words of ``text`` that say something (å, ä, ö kept), an abbreviation of
    care work as the word it stands for ("ssk": "sjuksköterska", ``abbreviations_sv.txt``) and
    a number only when it is a name ("1177")."""
    found = [w for w in WORD.findall(normal(text).lower().replace("_", " ")) if _kept(w)]
    found = [ABBREVIATIONS.get(w, w) for w in found]
    return found if keep_stop_words else [w for w in found if w not in STOP_WORDS]


def searchable(q: str) -> bool:
    """Whether ``q`` holds a word the search looks for (two letters or more, or a number that
    is a name): "s", "%" or "*" hold none, and find nothing (``matching``)."""
    return bool(words(q, keep_stop_words=True))


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


# The Swedish word lists of related words: general words of health care and innovation, the
# lexicon of everyday and clinical names of illnesses, bodies, devices, places and professions,
# and the lexicon of the domains of a region's care and innovation work, gone through one by one
# (symptoms as a patient says them, examinations, the administration of care, home and remote
# care, ambulance care, buildings and air, technology as a company pitches it).
RELATED_FILES = ("related_sv.txt", "lexicon_sv.txt", "lexicon_domains_sv.txt")


def _members(line: str) -> tuple[set[str], set[tuple[str, ...]]]:
    """The stems of a line's single words, and its phrases of several words (their stems):
    "ont i magen", "iva-avdelning"."""
    single, phrases = set(), set()
    for member in line.split(","):
        found = tuple(stem(w) for w in words(member))
        whole = tuple(stem(w) for w in words(member, keep_stop_words=True))
        if len(found) == 1 and len(whole) > 1:
            # A phrase whose other words are little words ("kissa på sig", "skrivas ut") is
            # the phrase, met with its little words: not its one word alone ("kissa" is no
            # incontinence, "skriva" no discharge).
            phrases.add(whole)
        elif len(found) == 1:
            single.add(found[0])
        elif found:
            phrases.add(found)
    return single, phrases


@cache
def _groups():
    """The lists' lines, read once: ``a, b, c`` names one thing (each word looks for the others);
    ``a, b > c, d`` is one way: an everyday or a wider word (a, b) looks for the clinical or the
    narrower ones (c, d), which do not look for it ("lungsjukdom > kol": a text about KOL is
    not about every lung disease). A phrase of several words ("ont i magen", "iva-avdelning")
    is met in a text as its words one after the other and looks for its line's single words;
    its words alone do not ("ont" is no stomach ache, "avdelning" no IVA). (related, toward,
    phrases): stem → the stems it looks for; the stems of a phrase → the stems it looks for."""
    related_, toward_, phrases_ = defaultdict(set), defaultdict(set), defaultdict(set)
    for name in RELATED_FILES:
        for line in _lines(name):
            if ">" in line:
                sources, targets = line.split(">", 1)
                sources, source_phrases = _members(sources)
                targets = _members(targets)[0]  # a phrase is met in a text, never looked for
                for source in sources:
                    toward_[source] |= targets - {source}
                for phrase in source_phrases:
                    phrases_[phrase] |= targets
                continue
            group, group_phrases = _members(line)
            for member in group:
                related_[member] |= group - {member}
            for phrase in group_phrases:
                phrases_[phrase] |= group
    freeze = lambda found: {k: frozenset(v) for k, v in found.items() if v}  # noqa: E731
    return freeze(related_), freeze(toward_), freeze(phrases_)


@cache
def _related() -> dict[str, frozenset[str]]:
    return _groups()[0]


@cache
def _toward() -> dict[str, frozenset[str]]:
    return _groups()[1]


@cache
def _phrases() -> dict[tuple[str, ...], frozenset[str]]:
    return _groups()[2]


PHRASE_MAX = 4  # the longest phrase of the lists met in a text, in words (stop words gone)


def phrases(text_stems: list[str]) -> list[tuple[int, frozenset[str]]]:
    """(index in ``text_stems``, stems looked for) of the lists' phrases a text's stems hold, one
    word after the other ("ont i magen": "magont", "buksmärta")."""
    known, found = _phrases(), []
    for i in range(len(text_stems) - 1):
        for n in range(2, min(PHRASE_MAX, len(text_stems) - i) + 1):
            meant = known.get(tuple(text_stems[i : i + n]))
            if meant:
                found.append((i, meant))
    return found


def related(stem_: str) -> frozenset[str]:
    return _related().get(stem_, frozenset())


def toward(stem_: str) -> frozenset[str]:
    """The clinical or narrower words an everyday or a wider word looks for, one way."""
    return _toward().get(stem_, frozenset())


# Viggo Kann's Swedish thesaurus (``thesaurus_sv.txt``, made from Debian's mythes-sv by
# ``scripts/thesaurus_sv.py``): general language, many senses to a word ("spruta": "ejakulera",
# "ensam": "häst"). It serves as a bridge from a person's own word to the words of the lists
# above (health care's and innovation's): a synonym counts only when the lists know it ("pratar":
# "språk", "varnar": "larm"), and only for a word the lists do not map themselves. Its links of
# everyday word to everyday word found one case more of 380 probes and suggested cases for up to
# four more of 100 texts no case covers (session 16: README, search index).
THESAURUS = "thesaurus_sv.txt"
# Endings Snowball cuts that make another word of the stem ("hjärtlig", warm, → "hjärt", as
# "hjärta"): a word stemmed so is left out, its meaning went with the ending.
DERIVED = ("ig", "lig", "het", "els", "else")


def _whole(word: str, stem_: str) -> bool:
    """Whether ``stem_`` keeps ``word``: what Snowball took from it is an inflection, not an
    ending that makes another word of it."""
    return not (word.startswith(stem_) and word[len(stem_) :].startswith(DERIVED))


@cache
def _thesaurus() -> dict[str, frozenset[str]]:
    """stem → the listed stems the thesaurus gives as its synonyms (both ways: the thesaurus's
    links go both ways), for the stems of four letters or more that are no stop word, no weak
    word and not in the lists themselves."""
    links = defaultdict(set)
    for line in _lines(THESAURUS):
        head, synonyms_ = line.split(":", 1)
        found = [(w, stem(w)) for w in (head.strip(), *(s.strip() for s in synonyms_.split(",")))]
        found = [s for w, s in found if _whole(w, s)]
        if len(found) < 2 or found[0] != stem(head.strip()):
            continue
        for s in found[1:]:
            links[found[0]].add(s)
            links[s].add(found[0])
    listed = _listed()
    left_out = STOP_WORDS | _weak() | set(_related()) | set(_toward())
    return {
        s: frozenset(kept)
        for s, others in links.items()
        if len(s) >= PART_MIN and s not in left_out
        if (kept := {o for o in others if o in listed and o != s and len(o) >= PART_MIN})
    }


def synonyms(stem_: str) -> frozenset[str]:
    """The words of the lists the thesaurus gives as synonyms of a word no list maps."""
    return _thesaurus().get(stem_, frozenset())


@cache
def _listed() -> frozenset[str]:
    """Every stem the Swedish lists of related words know, on either side of a one-way line."""
    found = set(_related()) | set(_toward())
    for targets in (*_toward().values(), *_phrases().values()):
        found |= targets
    return frozenset(found)


def _english_stemmer():
    stemmer = getattr(_local, "english", None)
    if stemmer is None:
        stemmer = _local.english = snowballstemmer.stemmer("english")
    return stemmer


@cache
def english_stem(word: str) -> str:
    return _english_stemmer().stemWord(word.lower())


@cache
def _english() -> dict[tuple[str, ...], frozenset[str]]:
    """English words and phrases (their English stems) → the Swedish stems they stand for
    (``search_data/related_en.txt``)."""
    found = defaultdict(set)
    for line in _lines("related_en.txt"):
        english, swedish = line.split("=", 1)
        meant = {stem(w) for phrase in swedish.split(",") for w in words(phrase)}
        for phrase in english.split(","):
            key = tuple(english_stem(w) for w in words(phrase))
            if key:
                found[key] |= meant
    return {key: frozenset(meant) for key, meant in found.items()}


ENGLISH_PHRASE = 3  # the longest English phrase of the list, in words


def english(text_words: list[str]) -> list[tuple[int, frozenset[str]]]:
    """(index of the word in ``text_words``, Swedish stems) of the English words and phrases
    (of up to ``ENGLISH_PHRASE`` words, after the stop words are gone) that ``text_words`` holds,
    longest first where two begin at one word ("chest pain" as "bröstsmärta", "chest" as
    "bröst")."""
    glossary = _english()
    stems_ = [english_stem(w) for w in text_words]
    found, i = [], 0
    while i < len(stems_):
        for n in range(min(ENGLISH_PHRASE, len(stems_) - i), 0, -1):
            meant = glossary.get(tuple(stems_[i : i + n]))
            if meant:
                found.append((i, meant))
                break
        else:
            n = 1
        i += n  # the words of a phrase are its own, not each a word of the list too
    return found


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter added, dropped, changed, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differ = [i for i in range(len(a)) if a[i] != b[i]]
        return len(differ) == 1 or (
            len(differ) == 2
            and differ[1] == differ[0] + 1
            and a[differ[0]] == b[differ[1]]
            and a[differ[1]] == b[differ[0]]
        )
    short, long_ = sorted((a, b), key=len)
    i = next((i for i in range(len(short)) if short[i] != long_[i]), len(short))
    return short[i:] == long_[i + 1 :]


@cache
def misspelled(stem_: str) -> frozenset[str]:
    """The stems of the shipped word lists that ``stem_`` may misspell, one letter apart
    ("medecin" → "medicin"): only for a stem that the lists do not know as it is, of at least
    ``SPELLING_MIN`` letters, with the same first letter. Many are words of their own ("smart",
    "smärta"): the ranking asks only for the stems no document uses."""
    if len(stem_) < SPELLING_MIN or stem_ in _listed():
        return frozenset()
    listed = _listed_by_beginning()
    return frozenset(
        k
        for size in (len(stem_) - 1, len(stem_), len(stem_) + 1)
        for k in listed.get((stem_[0], size), ())
        if _one_edit_apart(stem_, k)
    )


# The letters a misspelling may have added or changed (Swedish, and the "é" of "idé").
LETTERS = "abcdefghijklmnopqrstuvwxyzåäöé"
RESPELL_WORDS = 2  # words of a text no document uses that are looked up as misspellings, at most
# (each some 650 strings to look up: at a million stems on PostgreSQL some 16 ms for four words)
# Strings asked at once on SQLite: some 650 per word of ten letters, in one query (SQLite takes
# 32,766 parameters since 3.32).
RESPELL_CHUNK = 8000


def edits(stem_: str) -> set[str]:
    """The strings one edit from ``stem_``: a letter dropped, added or changed, or two
    neighbours swapped. A compound's linking "s" missing or added in its joint is one of them."""
    splits = [(stem_[:i], stem_[i:]) for i in range(len(stem_) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    found |= {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    found |= {a + c + b for a, b in splits for c in LETTERS}
    found.discard(stem_)
    return found


def respelled(name, absent) -> dict[str, str]:
    """stem → the stem of the vocabulary of type ``name`` it misspells: for the stems of
    ``absent`` (no document uses them) of ``SPELLING_MIN`` letters or more that the shipped lists
    do not know, the stem one edit away that the most documents use ("läkemdel" →
    "läkemedl"), for the longest ``RESPELL_WORDS`` of them. One look-up of the vocabulary (on
    SQLite, of the process's memory of it: ``_vocabulary_kept``)."""
    asked = sorted(
        (s for s in absent if len(s) >= SPELLING_MIN and s not in _listed()),
        key=lambda s: (-len(s), s),
    )[:RESPELL_WORDS]
    if not asked:
        return {}
    candidates = {s: edits(s) for s in asked}
    wanted = sorted(set().union(*candidates.values()))
    kept = _vocabulary_kept(name)
    if kept is not None:
        counted = {t: kept[t] or 1 for t in wanted if t in kept}
    else:
        counted = {}
        terms = _vocabulary_sql()[0]
        for chunk in _chunks(wanted, RESPELL_CHUNK):
            listed, params = among("term", chunk)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT term, documents FROM {terms} WHERE doc_type = %s AND {listed}",
                    [name, *params],
                )
                counted.update({term: documents or 1 for term, documents in cursor.fetchall()})
    found = {}
    for s, options in candidates.items():
        known = [t for t in options if t in counted]
        if known:
            found[s] = min(known, key=lambda t: (-counted[t], t))
    return found


_vocabulary: dict[str, tuple[dict[str, int | None], float]] = {}


def _vocabulary_kept(name) -> dict[str, int | None] | None:
    """On SQLite (the embedded default, a small register), the stems of type ``name`` and their
    documents, read once and kept ``KNOWN_KEPT`` seconds by the process: asking the database
    for a misspelling's thousand-odd candidates cost some 10 ms a suggestion there, while the
    vocabulary of a few thousand cases is some hundred kilobytes. ``None`` on PostgreSQL, which
    answers the candidates from its index in one query."""
    if connection.vendor != "sqlite":
        return None
    now = time.monotonic()
    kept = _vocabulary.get(name)
    if kept is None or now - kept[1] >= KNOWN_KEPT:
        terms = _vocabulary_sql()[0]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT term, documents FROM {terms} WHERE doc_type = %s", [name])
            kept = _vocabulary[name] = (dict(cursor.fetchall()), now)
    return kept[0]


ROOT_MIN = 7  # letters a word no document uses shares with a listed word of the same root


@cache
def same_root(stem_: str) -> frozenset[str]:
    """The stems of the shipped word lists that begin as ``stem_`` does for at least
    ``ROOT_MIN`` letters: another derivation of the same root ("prediktiv" → "prediktion",
    "stigmatiserande" → "stigmatisering"), for a stem the lists do not know as it is. Like a
    misspelling, only asked for the stems no document uses."""
    if len(stem_) < ROOT_MIN or stem_ in _listed():
        return frozenset()
    return frozenset(
        k
        for k in _listed_by_root().get(stem_[:ROOT_MIN], ())
        if k != stem_ and not _compound_of(k, stem_)
    )


def _compound_of(a: str, b: str) -> bool:
    """Whether two stems share a word rather than a root: one begins with the whole other ("
    behandlingsriktlinjer" of "behandling"), or what they begin with alike is a word of the
    language, with or without a compound's linking "s" ("informations|insatser" and
    "informations|driven", "sjukhus|parkering" and "sjukhus|byggnad"): compounds of one word
    and another, about something else each, not derivations of one root ("prediktiv",
    "prediktion")."""
    if a.startswith(b) or b.startswith(a):
        return True
    shared = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), 0)
    common = a[:shared]
    heads = [common, common[:-1]] if common.endswith("s") else [common]
    general = _general()
    return any(
        len(head) >= PART_MIN and (head in general or stem(head) in general) for head in heads
    )


@cache
def _listed_by_root() -> dict[str, list[str]]:
    found = defaultdict(list)
    for k in _listed():
        if len(k) >= ROOT_MIN:
            found[k[:ROOT_MIN]].append(k)
    return dict(found)


@cache
def _listed_by_beginning() -> dict[tuple[str, int], list[str]]:
    """The stems of the word lists that a misspelling may stand for, by first letter and length."""
    found = defaultdict(list)
    for k in _listed():
        if len(k) >= SPELLING_MIN:
            found[(k[0], len(k))].append(k)
    return dict(found)


@cache
def _written() -> dict[str, str]:
    """A stem of the shipped word lists → the shortest word of the lists that has it (mostly its
    base form: "läkemedel", not "läkemedlen"), to be shown to a person instead of the stem."""
    found = {}
    lines = [line for name in RELATED_FILES for line in _lines(name)]
    lines += [line.split("=", 1)[1] for line in _lines("related_en.txt") if "=" in line]
    for line in lines:
        for w in words(line.replace(",", " ").replace(">", " ")):
            s = stem(w)
            if s not in found or len(w) < len(found[s]):
                found[s] = w
    return found


def suggestion(q: str) -> str:
    """Words to try when nothing matched ``q`` ("Did you mean …?"): each word that the shipped
    lists do not know and may misspell ("läkemdel" → "läkemedel"), or an English word or phrase
    they translate ("wound" → "sår", "pressure ulcer" → "trycksår"), written as the lists write
    it; the other words as they were. "" when there is nothing to suggest."""
    typed = read(q)[0]  # the words the search read
    written, glossary, known = _written(), _english(), _listed()

    def instead(stems_):
        shortest = sorted(stems_, key=lambda m: (len(m), m))
        return next((written[m] for m in shortest if m in written), None)

    found = []
    i = 0
    while i < len(typed):
        unknown = [w not in STOP_WORDS and stem(w) not in known for w in typed[i:]]
        for n in range(min(ENGLISH_PHRASE, len(typed) - i), 0, -1):
            meant = glossary.get(tuple(english_stem(w) for w in typed[i : i + n]))
            if meant and all(unknown[:n]) and instead(meant):
                found.append(instead(meant))
                break
        else:
            n = 1
            found.append((unknown[0] and instead(misspelled(stem(typed[i])))) or typed[i])
        i += n
    return " ".join(found) if found != typed else ""


def warm():
    """Read the word lists every search reads (``ops.warm``: once, in a server's master, before
    its workers start; some 60 ms, and the thesaurus's 15 000 words stemmed some 0.4 s more, that
    each worker's first search would otherwise wait)."""
    _related()
    _toward()
    _phrases()
    _listed()
    _thesaurus()
    _english()
    _listed_by_beginning()
    _listed_by_root()
    listed_stems()
    _weak()
    _written()
    _general()


def document_terms(heading: str, body: str = "") -> dict[str, tuple[int, bool]]:
    """stem → (weight, in heading) of a document: a word in the heading counts three times.
    Its parts are not the document's: they are found through the vocabulary."""
    counts = defaultdict(int)
    for s in stems(heading):
        counts[s] += HEADING_WEIGHT
    in_heading = set(counts)
    for s in stems(body):
        counts[s] += 1
    return {s: (STEM * min(n, MAX_COUNT), s in in_heading) for s, n in counts.items()}


# --- What is indexed -------------------------------------------------------------------------


@dataclass
class DocType:
    name: str
    model: type
    heading: object  # obj -> str
    body: object  # obj -> str
    fields: frozenset  # saving one of these (or all) reindexes the object
    marks: dict = None  # mark → the attribute it is made of (see ``register``)
    position: dict = None  # attribute → its weight in the document's place (see ``register``)

    def marks_of(self, values: dict) -> str:
        """A document's marks from its object's attributes (``values``: attribute → value)."""
        return " ".join(
            f"@{mark}:{values[attr]}"
            for mark, attr in (self.marks or {}).items()
            if values.get(attr) is not None
        )

    def position_of(self, values: dict) -> int:
        """A document's place in its list's order from its object's attributes (a date, or a
        moment, counts as its day's number: ``day_number``)."""
        return sum(
            day_number(values.get(attr) or 0) * weight for attr, weight in self.position.items()
        )

    def attrs(self) -> list:
        """The object's attributes its marks and its place are made of."""
        return list(dict.fromkeys([*self.marks.values(), *self.position]))

    def mark_fields(self) -> set:
        """The model's fields whose change changes the marks or the place, by name and by
        column (``organisation`` and ``organisation_id``)."""
        fields = {f.attname: f.name for f in self.model._meta.concrete_fields}
        attrs = set(self.attrs())
        return attrs | {fields.get(attr, attr) for attr in attrs}


TYPES: dict[str, DocType] = {}

# A list ordered by a day, newest first, then by key: its place is the day's number times DAY
# plus the key (``position={"created": search.DAY, "id": 1}``), the same scale for every such
# list, so that two lists merge by their places.
DAY = 10**12


def day_number(value) -> int:
    """A date's number (``date.toordinal``), a moment's day's in the region's time zone (as
    ``TruncDate`` reads it), or the value itself."""
    if isinstance(value, datetime):
        value = timezone.localtime(value, timezone.get_default_timezone()).date()
    if isinstance(value, date):
        return value.toordinal()
    return value


def _day_number_sql(field, column: str) -> str:
    """``day_number`` of a column in SQL (PostgreSQL), as the number it is for a number."""
    if isinstance(field, DateTimeField):
        zone = settings.TIME_ZONE.replace("'", "''")
        column = f"({column} AT TIME ZONE '{zone}')::date"
    if isinstance(field, DateField):
        return f"({column} - DATE '0001-01-01' + 1)"
    return column


def register(name, model, *, heading, body=lambda obj: "", fields=(), marks=None, position=None):
    """Index ``model``'s objects as documents of type ``name``: on every save (of ``fields``,
    or of the whole object) and delete, and on ``reindex``. A bulk load calls ``index_many``.

    ``marks``: mark → attribute of the object (``{"org": "organisation_id"}``): a document
    carries its marks ("@org:17") in the inverted index beside its words, so that a search
    in a person's scope (her organisation's documents, the ones she handles) intersects the
    words' lists with the scope's inside the index (``Reach``), instead of finding every
    document with the words and testing each against the scope afterwards. Saving one of the
    attributes writes the marks again. The first mark is the document's scope (a case's
    organisation): its words are kept qualified by it too (``SCOPED_TOKENS``), so that a search
    in some organisations reads only their lists of each word.

    ``position``: attribute → weight (``{"registry_year": 10**9, "registry_seq": 1}``): the
    document's place in its list's order as one number, the list's first the highest. A search's
    matches (``Candidates.by_place``) then come in the list's order from their own rows."""
    doc = TYPES[name] = DocType(
        name, model, heading, body, frozenset(fields), marks or {}, position or {}
    )

    def saved(sender, instance, update_fields=None, raw=False, **kwargs):
        if raw:
            return
        if update_fields is None or not doc.fields or doc.fields & set(update_fields):
            index_many([instance], name)
        elif doc.attrs() and doc.mark_fields() & set(update_fields):
            values = {attr: getattr(instance, attr, None) for attr in doc.attrs()}
            _documents().filter(doc_type=name, doc_id=instance.pk).update(
                marks=doc.marks_of(values), position=doc.position_of(values)
            )

    def deleted(sender, instance, **kwargs):
        _entries().filter(doc_type=name, doc_id=instance.pk).delete()
        _documents().filter(doc_type=name, doc_id=instance.pk).delete()

    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"search-save-{name}")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"search-del-{name}")


def _entries(model=None):
    if model is None:
        from .models import SearchEntry as model
    return model.objects


def _documents(model=None):
    if model is None:
        from .models import SearchDocument as model
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


def _vocabulary_models():
    from .models import SearchPart, SearchPartCount, SearchTerm

    return SearchTerm, SearchPart, SearchPartCount


def add_to_vocabulary(name, terms, *, vocabulary=None) -> int:
    """Keep the stems of type ``name`` not yet known, and their parts (a write with known
    words costs one look-up). ``vocabulary``: a migration's ``(SearchTerm, SearchPart,
    SearchPartCount)``."""
    if not terms:
        return 0
    term_model, part_model, _counts = vocabulary or _vocabulary_models()
    terms = set(terms)
    known = set()
    listed = sorted(terms)
    for start in range(0, len(listed), 500):
        chunk = listed[start : start + 500]
        rows = term_model.objects.filter(doc_type=name, term__in=chunk)
        known |= set(rows.values_list("term", flat=True))
    new = sorted(terms - known)
    if not new:
        return 0
    term_model.objects.bulk_create(
        [term_model(doc_type=name, term=t) for t in new], batch_size=2000, ignore_conflicts=True
    )
    part_model.objects.bulk_create(
        [part_model(part=p, term=t) for t in new for p in parts(t)],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return len(new)


def count_documents(names=None, *, vocabulary=None, entries=None) -> int:
    """Count again in how many documents each stem of these types (default all) occurs, and
    for each part the stems it stands for and their documents: daily, after ``reindex`` and
    after a bulk load. Between counts a new stem's number is empty and is counted when asked;
    a known one's may lag a little, which says nothing for its rarity."""
    term_model, part_model, count_model = vocabulary or _vocabulary_models()
    entry_model = entries or _entries().model
    quote = connection.ops.quote_name
    terms, parts_table = quote(term_model._meta.db_table), quote(part_model._meta.db_table)
    counts, rows = quote(count_model._meta.db_table), quote(entry_model._meta.db_table)
    changed = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # After a bulk load the planner knows nothing of the vocabulary and would join it
            # row by row (minutes for a few thousand words): let it look first.
            cursor.execute(f"ANALYZE {terms}, {parts_table}")
        for name in names or list(TYPES):
            if connection.vendor == "postgresql":  # one pass over the index, not one per stem
                cursor.execute(f"UPDATE {terms} SET documents = 0 WHERE doc_type = %s", [name])
                cursor.execute(
                    f"UPDATE {terms} t SET documents = c.n FROM (SELECT term, COUNT(*) AS n "
                    f"FROM {rows} WHERE doc_type = %s GROUP BY term) c "
                    "WHERE t.doc_type = %s AND t.term = c.term",
                    [name, name],
                )
            else:
                cursor.execute(
                    f"UPDATE {terms} SET documents = (SELECT COUNT(*) FROM {rows} e "
                    f"WHERE e.doc_type = {terms}.doc_type AND e.term = {terms}.term) "
                    "WHERE doc_type = %s",
                    [name],
                )
            changed += cursor.rowcount
            cursor.execute(f"DELETE FROM {counts} WHERE doc_type = %s", [name])
            cursor.execute(
                f"INSERT INTO {counts} (doc_type, part, stems, documents) "
                f"SELECT t.doc_type, p.part, COUNT(*), SUM(t.documents) FROM {parts_table} p "
                f"JOIN {terms} t ON t.term = p.term WHERE t.doc_type = %s "
                "GROUP BY t.doc_type, p.part",
                [name],
            )
            # The empty part begins every stem: its row holds the type's size as counted, the
            # documents with a word (``total``).
            cursor.execute(
                f"INSERT INTO {counts} (doc_type, part, stems, documents) SELECT %s, %s,"
                f" (SELECT COUNT(*) FROM {terms} WHERE doc_type = %s),"
                f" (SELECT COUNT(DISTINCT doc_id) FROM {rows} WHERE doc_type = %s)",
                [name, SIZE_PART, name, name],
            )
    _counted.clear()  # this process's; another's lag as long as it keeps them (COUNTED_KEPT)
    return changed


def count_new_stems(name, terms) -> int:
    """Count the documents of those of ``terms`` (stems of type ``name``) not counted yet: a bulk
    load's new stems, so that the search reads them counted (the misspelling correction ranks
    its candidates by them) before the daily count. A stem new to the vocabulary is in few
    documents, each counted through the index. Returns how many were counted."""
    table, rows = _vocabulary_sql()[0], connection.ops.quote_name(_entries().model._meta.db_table)
    counted = 0
    with connection.cursor() as cursor:
        for chunk in _chunks(sorted(terms), 400):
            listed, params = among("term", chunk)
            cursor.execute(
                f"UPDATE {table} SET documents = (SELECT COUNT(*) FROM {rows} e "
                f"WHERE e.doc_type = {table}.doc_type AND e.term = {table}.term) "
                f"WHERE doc_type = %s AND documents IS NULL AND {listed}",
                [name, *params],
            )
            counted += cursor.rowcount
    _vocabulary.pop(name, None)  # this process's memory of the vocabulary (SQLite) is read anew
    return counted


def index_many(objs, name, *, model=None, vocabulary=None, documents=None):
    """(Re)build the entries of these objects (after a bulk load, which sends no signal). A
    migration passes its historical ``SearchEntry`` as ``model`` and, once they exist, its
    ``(SearchTerm, SearchPart)`` as ``vocabulary`` and its ``SearchDocument`` as ``documents``."""
    objs = list(objs)
    if not objs:
        return 0
    ids = [o.pk for o in objs]
    with transaction.atomic():
        _entries(model).filter(doc_type=name, doc_id__in=ids).delete()
        rows = [row for obj in objs for row in entries_of(name, obj, model)]
        if model is None or vocabulary:
            add_to_vocabulary(name, {row.term for row in rows}, vocabulary=vocabulary)
        _entries(model).bulk_create(rows, batch_size=2000)
        if model is None and len(objs) > 1:  # a bulk load, not one object's save
            count_new_stems(name, {row.term for row in rows})
        if model is None or documents is not None:
            _documents(documents).filter(doc_type=name, doc_id__in=ids).delete()
            found = [(row.doc_id, row.term, row.heading) for row in rows]
            attrs = _attrs_of_objects(name, objs)
            _documents(documents).bulk_create(
                _document_rows(name, found, documents, attrs), batch_size=2000
            )
    return len(rows)


def _attrs_of_objects(name, objs) -> dict[int, dict]:
    """document id → the attributes of its object its marks and place are made of."""
    doc = TYPES.get(name)
    if doc is None or not doc.attrs():
        return {}
    attrs = doc.attrs()
    return {o.pk: {a: getattr(o, a, None) for a in attrs} for o in objs}


def attrs_of_ids(name, ids, model=None) -> dict[int, dict]:
    """``_attrs_of_objects`` read from the documents' objects (``model``: a migration's)."""
    doc = TYPES.get(name)
    if doc is None or not doc.attrs() or not ids:
        return {}
    model = model or doc.model
    attrs = doc.attrs()
    rows = model._default_manager.filter(pk__in=ids).values_list("pk", *attrs)
    return {row[0]: dict(zip(attrs, row[1:], strict=True)) for row in rows}


@cache
def _tokens_of(stem_: str) -> frozenset[str]:
    return frozenset(parts(stem_)) | {stem_}


def tokens(stems_) -> str:
    """The words under which a document with these stems is found in the inverted index: each
    stem and its beginnings and endings (``parts``), once each, separated by spaces."""
    found = set()
    for s in stems_:
        found |= _tokens_of(s)
    return " ".join(sorted(found))


def _document_rows(name, rows, model=None, attrs=None):
    """``rows``: (document id, stem, in heading) of some documents of type ``name``;
    ``attrs``: document id → the attributes its marks and place are made of."""
    from .models import SearchDocument

    model = model or SearchDocument
    doc, attrs = TYPES.get(name), attrs or {}
    extra = {}
    if doc is not None and _has_field(model, "marks"):
        extra["marks"] = lambda values: doc.marks_of(values)
    if doc is not None and _has_field(model, "position"):
        extra["position"] = lambda values: doc.position_of(values)
    terms, heading = defaultdict(list), defaultdict(list)
    for doc_id, term, in_heading in rows:
        terms[doc_id].append(term)
        if in_heading:
            heading[doc_id].append(term)
    return [
        model(
            doc_type=name,
            doc_id=doc_id,
            terms=tokens(found),
            heading=tokens(heading[doc_id]),
            **{field: made(attrs.get(doc_id, {})) for field, made in extra.items()},
        )
        for doc_id, found in terms.items()
    ]


def _has_field(model, name) -> bool:
    """Whether this ``SearchDocument`` (a migration's, perhaps from before marks or places)
    has the field ``name``."""
    return any(f.name == name for f in model._meta.get_fields())


def build_documents(names=None, *, entries=None, documents=None, chunk=5000) -> int:
    """Write each document's row of words (``core.SearchDocument``) again from the index's
    entries: after a bulk load that wrote entries only, and in the migration that made the
    table. Read in chunks of documents, so memory stays flat."""
    entry_model = entries or _entries().model
    document_model = documents or _documents().model
    written = 0
    with transaction.atomic():
        for name in names or list(TYPES):
            document_model.objects.filter(doc_type=name).delete()
            rows = entry_model.objects.filter(doc_type=name)
            last = -1
            while True:
                ids = list(
                    rows.filter(doc_id__gt=last)
                    .order_by("doc_id")
                    .values_list("doc_id", flat=True)
                    .distinct()[:chunk]
                )
                if not ids:
                    break
                found = rows.filter(doc_id__gte=ids[0], doc_id__lte=ids[-1]).values_list(
                    "doc_id", "term", "heading"
                )
                made = _document_rows(name, found, document_model, attrs_of_ids(name, ids))
                document_model.objects.bulk_create(made, batch_size=2000)
                written, last = written + len(made), ids[-1]
    return written


# A document's stems as the inverted index (PostgreSQL's GIN) keeps them: each prefixed by its
# document type ("case:sår"), so that one index serves every type and a search of one type
# never reads another's lists.
TOKENS = "string_to_array(doc_type || ':' || replace({column}, ' ', ' ' || doc_type || ':'), ' ')"
# A document's words and its marks ("case:@org:17"), in one index: a search in a scope is an
# intersection of lists inside it. (The heading's index, for the public register, has none.)
COLUMNS = {"terms": "(terms || ' ' || marks)", "heading": "heading"}


def tokens_sql(column: str) -> str:
    return TOKENS.format(column=COLUMNS[column])


def document_index_sql() -> list[str]:
    return [
        f"CREATE INDEX IF NOT EXISTS search_document_{column} ON core_searchdocument "
        f"USING gin (({tokens_sql(column)}))"
        for column in ("terms", "heading")
    ]


# A document's words qualified by its first mark, its scope (``register``'s first ``marks``: a
# case's organisation), in an inverted index of their own: "case:@org:17:sår". A search in a
# person's scope then reads her organisations' lists of each word, a fortieth of the region's,
# where intersecting the region's lists with her organisation's mark decoded every common
# word's whole list (some 10 ms a search at a million cases, against 0.3). Documents without
# marks are not in it.
SCOPED_PREFIX = "doc_type || ':' || split_part(marks, ' ', 1) || ':'"
SCOPED_TOKENS = (
    f"string_to_array({SCOPED_PREFIX} || replace(terms, ' ', ' ' || {SCOPED_PREFIX}), ' ')"
)
SCOPED_WHERE = "marks <> ''"


def scoped_index_sql(*, concurrently=False) -> str:
    """The inverted index of the words qualified by their document's scope (``SCOPED_TOKENS``),
    built ``concurrently`` (PostgreSQL, outside a transaction) in a region that keeps writing."""
    how = " CONCURRENTLY" if concurrently else ""
    return (
        f"CREATE INDEX{how} IF NOT EXISTS search_document_scoped ON core_searchdocument "
        f"USING gin (({SCOPED_TOKENS})) WHERE {SCOPED_WHERE}"
    )


def mark_documents(names=None, *, documents=None, ids=None) -> int:
    """Write every document's marks and place again from its object (``register``'s
    ``marks`` and ``position``): after a bulk load that wrote the documents' words only, and in
    the migrations that added them (``documents``: a migration's ``SearchDocument``, which may
    have only the marks). One statement per type on PostgreSQL; SQLite reads the objects in
    chunks. ``ids``: only the documents of these objects (a bulk update's)."""
    document_model = documents or _documents().model
    table = connection.ops.quote_name(document_model._meta.db_table)
    written = 0
    for name in names or list(TYPES):
        doc = TYPES[name]
        wanted = {
            "marks": bool(doc.marks) and _has_field(document_model, "marks"),
            "position": bool(doc.position) and _has_field(document_model, "position"),
        }
        if not any(wanted.values()):
            continue
        meta, quote = doc.model._meta, connection.ops.quote_name
        if connection.vendor == "postgresql":

            def column(attr, meta=meta):
                return f"m.{connection.ops.quote_name(meta.get_field(attr).column)}"

            sets = {}
            if wanted["marks"]:
                parts_ = ", ".join(f"'@{m}:' || {column(a)}" for m, a in doc.marks.items())
                sets["marks"] = f"concat_ws(' ', {parts_})"
            if wanted["position"]:
                sets["position"] = " + ".join(
                    f"COALESCE({_day_number_sql(meta.get_field(a), column(a))}, 0)::bigint"
                    f" * {int(w)}"
                    for a, w in doc.position.items()
                )
            # Only the rows whose marks or place change are written: a row written again is a
            # new row in the inverted index too, and the old one is left for the vacuum.
            only, only_params = "", []
            if ids is not None:
                only = " AND d.doc_id = ANY(%s::bigint[])"
                only_params = ["{" + ",".join(str(int(pk)) for pk in ids) + "}"]
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} d SET {', '.join(f'{c} = {v}' for c, v in sets.items())}"
                    f" FROM {quote(meta.db_table)} m WHERE d.doc_type = %s"
                    f" AND d.doc_id = m.{quote(meta.pk.column)}{only}"
                    f" AND ({', '.join(f'd.{c}' for c in sets)}, NULL)"
                    f" IS DISTINCT FROM ({', '.join(sets.values())}, NULL)",
                    [name, *only_params],
                )
                written += cursor.rowcount
            continue
        rows = document_model.objects.filter(doc_type=name)
        listed = list(rows.values_list("doc_id", flat=True)) if ids is None else sorted(ids)
        for start in range(0, len(listed), 2000):
            chunk = listed[start : start + 2000]
            for doc_id, values in attrs_of_ids(name, chunk).items():
                changed = {}
                if wanted["marks"]:
                    changed["marks"] = doc.marks_of(values)
                if wanted["position"]:
                    changed["position"] = doc.position_of(values)
                written += rows.filter(doc_id=doc_id).update(**changed)
    return written


def _type_of(model) -> str | None:
    """The document type ``model``'s objects are indexed as, if any."""
    return next((name for name, doc in TYPES.items() if doc.model is model), None)


def _written_again(model, ids, touched: set) -> None:
    """The documents of these objects of ``model`` written again after a write that sent no
    signal changed the ``touched`` fields: their words when one of the indexed fields
    changed (or any, for a type that names none), else their marks and places when one of
    those changed."""
    name = _type_of(model)
    if name is None or not ids:
        return
    doc = TYPES[name]
    if not doc.fields or doc.fields & touched:
        listed = sorted(ids)
        for start in range(0, len(listed), 500):
            index_many(model._default_manager.filter(pk__in=listed[start : start + 500]), name)
    elif doc.attrs() and doc.mark_fields() & touched:
        mark_documents([name], ids=ids)


class IndexedQuerySet(QuerySet):
    """The queryset of a type the search indexes (``register``): an ``update`` or
    ``bulk_update`` that sends no signal still writes the documents of the objects it changed
    again, their words or their marks and places, in its transaction. A document's marks are
    a copy of what a person's scope is made of: a case moved by a bulk update must not stay in
    its old organisation's searches, nor leave the new one's."""

    def _touches(self, fields) -> bool:
        name = _type_of(self.model)
        if name is None:
            return False
        doc, fields = TYPES[name], set(fields)
        return not doc.fields or bool(doc.fields & fields) or bool(doc.mark_fields() & fields)

    def update(self, **kwargs):
        if not self._touches(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            ids = set(self.values_list("pk", flat=True))
            done = super().update(**kwargs)
            _written_again(self.model, ids, set(kwargs))
        return done

    update.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        if not self._touches(fields):
            return super().bulk_update(objs, fields, batch_size=batch_size)
        objs = list(objs)
        with transaction.atomic(using=self.db):
            done = super().bulk_update(objs, fields, batch_size=batch_size)
            _written_again(self.model, {o.pk for o in objs}, set(fields))
        return done

    bulk_update.alters_data = True


def mark_after_migrate(**kwargs):
    """Every document's marks and place made true again after ``migrate``: a migration's data
    update writes through its historical models, which send no signal and know no
    ``IndexedQuerySet``. Only the documents whose marks or place differ are written (one
    statement per type on PostgreSQL)."""
    if kwargs.get("plan") == [] or not TYPES:
        return
    using = kwargs.get("using")
    if using is not None and using != connection.alias:
        return
    from django.db import DatabaseError

    try:
        with transaction.atomic():
            mark_documents()
    except DatabaseError:  # migrated back to before the documents had their marks
        pass


def reindex(names=None, *, chunk=500) -> dict[str, int]:
    """Rebuild the index of these document types (default all): ``manage.py reindex``. Rebuilding
    them all rebuilds the vocabulary too (the words no document uses any more are dropped)."""
    done = {}
    with transaction.atomic():
        term_model, part_model, _counts = _vocabulary_models()
        if not names:
            part_model.objects.all().delete()
        for name in names or list(TYPES):
            doc = TYPES[name]
            _entries().filter(doc_type=name).delete()
            _documents().filter(doc_type=name).delete()
            term_model.objects.filter(doc_type=name).delete()
            batch, count = [], 0
            for obj in doc.model._default_manager.order_by("pk").iterator(chunk_size=chunk):
                batch.append(obj)
                if len(batch) >= chunk:
                    index_many(batch, name)
                    count, batch = count + len(batch), []
            index_many(batch, name)
            done[name] = count + len(batch)
        count_documents(list(done))
    return done


def reindex_in_migration(apps, names=None, *, chunk=500) -> dict[str, int]:
    """``reindex`` as a migration runs it, after the rules that make a text's terms changed:
    every document of these types (default all) written again from the migration's own
    (historical) models, so that a model's later fields are never asked for. Seconds at a
    region's scale (thousands of documents)."""
    entries = apps.get_model("core", "SearchEntry")
    documents = apps.get_model("core", "SearchDocument")
    vocabulary = tuple(
        apps.get_model("core", model) for model in ("SearchTerm", "SearchPart", "SearchPartCount")
    )
    done = {}
    for name in names or list(TYPES):
        meta = TYPES[name].model._meta
        model = apps.get_model(meta.app_label, meta.model_name)
        batch, count = [], 0
        for obj in model._default_manager.order_by("pk").iterator(chunk_size=chunk):
            batch.append(obj)
            if len(batch) >= chunk:
                index_many(batch, name, model=entries, vocabulary=vocabulary, documents=documents)
                count, batch = count + len(batch), []
        index_many(batch, name, model=entries, vocabulary=vocabulary, documents=documents)
        done[name] = count + len(batch)
    count_documents(list(done), vocabulary=vocabulary, entries=entries)
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


@dataclass(frozen=True)
class Reach:
    """A person's scope as the inverted index tests it (``register``'s marks): the documents
    with one of ``marks`` ("@org:17", "@handler:5"), or one of ``ids`` (a scope's few
    documents no mark stands for: the cases a person is named on). It must hold every document
    of the scope (more is harmless: the caller still applies the scope itself)."""

    marks: tuple = ()
    ids: tuple = ()


# Words that join the words either side of them as alternatives in a search ("sår OR
# trycksår", "sår eller trycksår"): what a person who writes them means, in a search engine
# as in a sentence. Anywhere else (first, last) they are the stop words they are.
EITHER = frozenset({"or", "eller"})


# A slash between two words ("VR/AR", "sår/trycksår", "app / webb"): either of them.
SLASH = re.compile(r"(?<=[^\W\d_])\s*/\s*(?=[^\W\d_])")


def slashed(q: str) -> str:
    """``q`` with a slash between two words read as "OR" (``EITHER``): "VR/AR" finds what "VR"
    or "AR" finds, as the writer means, not only what has both."""
    return SLASH.sub(" OR ", q) if "/" in q else q


def alternatives(typed: list[str]) -> list[list[str]]:
    """The stems ``matching`` looks for in the words ``typed`` (``words(q, keep_stop_words=
    True)``), as groups of which a document must have one each: every word but a stop word its
    own group ("sår trycksår": both), the words either side of "OR"/"ELLER" one group ("sår OR
    trycksår": either; "sår OR trycksår häl": either, and "häl"). Stop words between them are
    passed over ("sår OR the ulcer")."""
    groups: list[list[str]] = []
    either = False
    for word in typed:
        if word in EITHER:
            either = bool(groups)
        elif word not in STOP_WORDS:
            if either:
                groups[-1].append(stem(word))
            else:
                groups.append([stem(word)])
            either = False
    return groups


# Words a search looks for at most: a sentence pasted into a search box (some ten words that
# say something, its stop words not counted) is read whole; each word more is one more list to
# intersect in the index (PostgreSQL) or one more look-up (SQLite). Past it, the words left out
# are named on the page (``read``, ``{% search_help %}``), never dropped silently.
MAX_SEARCHED = 16


def read(q: str) -> tuple[list[str], list[str]]:
    """The words of ``q`` a search reads (``words(q, keep_stop_words=True)``, up to the
    ``MAX_SEARCHED``-th word that is no stop word, the stop words among them kept for "OR" and
    for a search made of stop words alone), and the words it leaves out (those past it that
    are no stop words): a search of more words than that finds what the first ones find, and
    the page says which were left out."""
    typed = words(q, keep_stop_words=True)
    counted = [i for i, word in enumerate(typed) if word not in STOP_WORDS] or range(len(typed))
    if len(counted) <= MAX_SEARCHED:
        return typed, []
    cut = counted[MAX_SEARCHED]
    said = [w for w in typed[cut:] if w not in STOP_WORDS] or typed[cut:]
    return typed[:cut], said


def matching(name, q: str, scope=None, *, reach=None, heading_only=False):
    """Querysets or lists of document ids (one per word of ``q``; on PostgreSQL one for all):
    a document matches when its id is in every one (``pk__in=`` each). Every word matches its
    own inflections and compounds that begin or end with it; the words either side of "OR" or
    "ELLER" match either (``alternatives``); up to ``MAX_SEARCHED`` words are read (``read``).
    A search made only of stop words looks for the words they begin; one with no word at all
    ("s", "%") matches nothing.
    ``scope``: the documents the caller will keep (SQLite reads only their rows; PostgreSQL
    applies it after the index, see the module's docstring);
    ``reach``: that scope as the inverted index tests it, or a function that works it out
    when it is needed (PostgreSQL: the words' lists are intersected with the scope's inside
    the index, so a small scope reads only its own matches)."""
    typed = read(slashed(q))[0]
    groups = alternatives(typed) or [[w[:MAX_TERM]] for w in typed]
    forms = {
        group: list(dict.fromkeys(f for term in group for f in _forms(term)))
        for group in dict.fromkeys(tuple(dict.fromkeys(group)) for group in groups)
    }
    forms = unfolded(name, forms)
    if not forms:
        # Nothing to look for ("s", "%", "*"): no document matches, as for a word no document
        # has. An empty list of conditions would let every caller's list through unsearched:
        # 26 actors "found" for "s" where the register found none.
        return [_entries().none().values("doc_id") if connection.vendor != "postgresql" else []]
    if connection.vendor == "postgresql":  # the words' parts are in the inverted index
        column = "heading" if heading_only else "terms"
        return [_in_documents(name, list(forms.values()), column, None if heading_only else reach)]
    wider = expansions(name, [f for found in forms.values() for f in found], limit=MAX_MATCHED)
    wanted = [sorted(set(found) | {t for f in found for t in wider[f]}) for found in forms.values()]
    rows = _entries().filter(doc_type=name)
    if heading_only:
        rows = rows.filter(heading=True)
    rows = _scoped(rows, scope)
    return [rows.filter(term__in=terms).values("doc_id") for terms in wanted]


# A letter typed for å, ä or ö by whoever leaves them out (a keyboard without them, a phone).
UNFOLD = {"a": "aåä", "o": "oö"}
UNFOLD_MAX = 27  # spellings of one searched word tried at most (three a's)


def _spellings(term: str) -> list[str]:
    """``term`` with each "a" read as "a", "å" or "ä", each "o" as "o" or "ö" and a last "e"
    as "e" or "é" (itself first); only ``term`` when it has å, ä, ö or é of its own, or too
    many to try."""
    if any(c in "åäöé" for c in term):
        return [term]
    found = [""]
    for c in term:
        found = [f + o for f in found for o in UNFOLD.get(c, c)]
        if len(found) > UNFOLD_MAX:
            return [term]
    if term.endswith("e"):  # "ide", "entre": "idé", "entré"
        found += [f[:-1] + "é" for f in found]
    return found


def unfolded(name, forms: dict) -> dict:
    """``forms`` (a group of searched words → their stems and forms, see ``matching``) with,
    for a word typed without å, ä and ö that no document of type ``name`` uses as typed (no
    stem, no beginning or ending of one), its spellings with them that documents do use:
    "sar" finds "sår", "lakemedlen" "läkemedlen", "dronare" "drönare", "hjartsvikt"
    "hjärtsvikt", on every surface and database alike. A word the documents use as it is
    typed ("mal", "for") is only that word. One look-up of the vocabulary, for the words with
    an "a" or an "o" only."""
    asked = {f for found in forms.values() for f in found if len(_spellings(f)) > 1}
    if not asked:
        return forms
    tried = {f: [s for s in _spellings(f) if s != f] for f in asked}
    known = _in_vocabulary(name, sorted(asked.union(*tried.values())))
    return {
        group: list(
            dict.fromkeys(
                found
                + [
                    s
                    for f in found
                    if f in asked and f not in known
                    for s in tried[f]
                    if s in known
                ]
            )
        )
        for group, found in forms.items()
    }


_spelt: dict[tuple[str, str], tuple[bool, float]] = {}


def _in_vocabulary(name, candidates: list[str]) -> set[str]:
    """The ones of ``candidates`` that are a stem of type ``name``, or a beginning or ending
    of one (``parts``). What a process found is kept ``KNOWN_KEPT`` seconds (as ``_known_terms``
    keeps its stems): nearly every searched word has an "a" or an "o", and asking the database
    on every search cost each search two round trips (each list of the results search four);
    a word new to the vocabulary meanwhile only changes whether its other spellings are
    searched too, never whether it is found as typed."""
    now, found, asked = time.monotonic(), set(), []
    for term in candidates:
        kept = _spelt.get((name, term))
        if kept is None or now - kept[1] >= KNOWN_KEPT:
            asked.append(term)
        elif kept[0]:
            found.add(term)
    if asked:
        read = _read_vocabulary(name, asked)
        if len(_spelt) + len(asked) > KNOWN_MAX:
            _spelt.clear()
        _spelt.update({(name, term): (term in read, now) for term in asked})
        found |= read
    return found


def _read_vocabulary(name, candidates: list[str]) -> set[str]:
    """``_in_vocabulary`` as the database answers it: the stems in one look-up, each other one
    by whether any stem of the type has it (the database stops at the first: "vård" begins
    thousands of stems)."""
    terms, part_table, _counts = _vocabulary_sql()
    found = set()
    for chunk in _chunks(candidates, 400):
        listed, params = among("term", chunk)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term FROM {terms} WHERE doc_type = %s AND {listed}", [name, *params]
            )
            found |= {row[0] for row in cursor.fetchall()}
    rest = [c for c in candidates if c not in found]
    for chunk in _chunks(rest, 100) if rest else ():
        one = (
            f"SELECT CAST(%s AS VARCHAR(64)) WHERE EXISTS (SELECT 1 FROM {part_table} p"
            f" JOIN {terms} t ON t.term = p.term AND t.doc_type = %s WHERE p.part = %s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join([one] * len(chunk)),
                [v for c in chunk for v in (c, name, c)],
            )
            found |= {row[0] for row in cursor.fetchall()}
    return found


PLANNER = ("enable_seqscan", "enable_indexscan")
CANDIDATES = 5000  # matches of a search read at once by their ids; more are met in the list
# … of a small type (``_small``: the test results): a word in a tenth of its documents is common
# there, met walking its list; reading 5 000 ids first cost 9 ms of the database's and 4 ms of
# the processor's, for a page of 25 and a count that stops at 250.
SMALL_CANDIDATES = 1000


def _candidates(name) -> int:
    """How many of a search's matches of type ``name`` are read at once by their ids."""
    return min(CANDIDATES, SMALL_CANDIDATES) if _small(name) else CANDIDATES


def _in_documents(name, wanted: list[list[str]], column: str, reach=None):
    """The ids of the documents of type ``name`` with one of each list's stems, found through the
    inverted index (PostgreSQL): a list of ids when there are no more than ``CANDIDATES`` (the
    caller's scope then reads only those), otherwise the query of them, which the database
    meets as it walks the caller's list in order and stops at a page; read through the index,
    its first ``CANDIDATES + 1`` ids come with it (``some``: a caller that counts no further
    than a cap counts them, not the walk). In a ``reach`` (a
    person's scope) the index is asked first whenever every word is common in the region
    (``_reach_needed``): its matches there are few however common the words are. A rare word's
    few matches are read with their marks and tested against the reach here (``_in_reach``)."""
    counts = _counts(name, wanted)
    after = None  # a reach tested on the matches' own marks, after the index
    if reach is not None and not _reach_needed(name, wanted, counts):
        after, reach = reach, None
    if callable(reach):  # worked out only when it is needed (it may cost a look-up)
        reach = reach()
    if reach is None and _common(name, wanted, counts):
        return _documents_query(name, wanted, column, counts)
    most = _candidates(name)
    sql, params = document_query(
        name, wanted, column, limit=most + 1, reach=reach, marks=after is not None
    )
    with connection.cursor() as cursor:
        # Through the inverted index, whatever the planner expects: reading the rows in any
        # order and testing each costs far more, even when a page's worth is found early. One
        # round trip, one transaction (the statements of one call run as one): the planner's
        # settings are set for this statement and set back after it.
        off, on = (
            "; ".join(f"SET LOCAL {setting} = {value}" for setting in PLANNER)
            for value in ("off", "on")
        )
        cursor.execute(f"{off}; {sql}; {on}", params)
        raw = cursor.cursor
        for _setting in PLANNER:
            raw.nextset()
        rows = raw.fetchall()
    if not rows:
        return []  # no match: nothing further is asked of the database
    if after is not None and len(rows) <= most:
        rows, reached = _in_reach(rows, after)
        if not rows:
            return []
        return Candidates(rows, reached=reached)
    rows = [row[:2] for row in rows] if after is not None else rows
    if len(rows) <= most:  # one parameter, however many ids (compiled and planned at once)
        return Candidates(rows, reached=reach is not None)
    walk = _documents_query(name, wanted, column, counts, reach)
    # The first matches read, for a caller that counts no further than them (``some``).
    walk.some = Candidates(rows, reached=reach is not None)
    return walk


def _in_reach(rows, reach):
    """The ``(id, place, marks)`` rows of a search's few matches that are in ``reach`` (or a
    function that works it out), tested on the marks read with them: the matches of a rare
    word are then hers without reading each one's object to test her scope (a page's rows still
    are). Whether they were: a reach of ``None`` cannot narrow (she sees every case, or is named
    on too many to list), and the rows are kept as they are."""
    reach = reach() if callable(reach) else reach
    if reach is None:
        return [row[:2] for row in rows], False
    marks, ids = set(reach.marks), set(reach.ids)
    kept = [row[:2] for row in rows if row[0] in ids or marks.intersection(row[2].split())]
    return kept, True


class Candidates(RawSQL):
    """The ids of a search's matches as one array parameter, written as the array's text:
    psycopg writes a list of 5 000 numbers element by element, each time it is sent (some 6 ms).
    ``size``: how many there are, so that a caller need not count them again; ``by_place``: the
    ids in their list's order (highest place first, the register's newest), read from the
    matches' own rows, so that a caller need not read each one's object again to sort them, and
    ``places`` their places in that order (two lists of one scale, ``DAY``, merge by them);
    ``reached``: found inside a person's ``Reach``. ``within`` tests a
    key against the array itself (``= ANY``): the database then reads those rows by their key in
    one pass, and a person's scope is tested on them; joined as a set of ids, the planner cannot
    tell how many there are and walked a million cases for an advisor's scope (0.7 s)."""

    def __init__(self, rows, *, reached=False):
        # (id, place) rows: the ids in their list's order (``register``'s ``position``).
        rows = sorted(rows, key=lambda row: (row[1], row[0]), reverse=True)
        self.by_place = [row[0] for row in rows]
        self.places = [row[1] for row in rows]
        self.text = "{" + ",".join(map(str, self.by_place)) + "}"
        super().__init__("SELECT unnest(%s::bigint[])", (self.text,))
        self.size = len(rows)
        self.reached = reached  # found inside a person's reach: in her scope as its marks say

    def kept_in(self, scope, enough=None, *, first=None) -> list[int]:
        """``by_place`` narrowed to the ids ``scope`` (a queryset of the type's objects: a
        person's) holds, tested on the objects themselves by their keys, in the list's order, a
        chunk at a time until ``enough`` are kept. A reach is the scope as the documents' marks
        say it, a copy that a write without signals (``QuerySet.update``, a migration) leaves
        stale: what is listed or counted as hers is tested on the truth. ``first``: a part of
        the scope that an index answers alone (her organisations' cases, by organisation and
        key: no object is read), tested first; only the ids it does not hold are tested
        against the whole scope (none, when her matches were all found in her organisations)."""
        kept, start, size = [], 0, max(enough or 0, 1000)
        while start < len(self.by_place) and (enough is None or len(kept) < enough):
            chunk = self.by_place[start : start + size]
            seen, rest = set(), chunk
            for part in (first, scope) if first is not None else (scope,):
                listed = "{" + ",".join(map(str, rest)) + "}"
                rows = part.filter(pk__in_array=listed).order_by().values_list("pk", flat=True)
                seen |= set(rows)
                rest = [pk for pk in rest if pk not in seen]
                if not rest:
                    break
            kept += [pk for pk in chunk if pk in seen]
            start, size = start + size, size * 4
        return kept


@Field.register_lookup
class InArray(Lookup):
    """``key__in_array="{1,2,3}"``: the key is one of the array's (PostgreSQL's ``= ANY``)."""

    lookup_name = "in_array"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, self.rhs]


def within(field: str, ids) -> Q:
    """The objects whose ``field`` is one of a search's matches ``ids`` (one of the values
    ``matching`` returns): the filter that reads them best."""
    if isinstance(ids, Candidates):
        return Q(**{f"{field}__in_array": ids.text})
    return Q(**{f"{field}__in": ids})


class Placed:
    """The ids of a walk's matches (``_documents_query``) in their list's order, highest place
    first (``register``'s ``position``), read a slice at a time: a word common in the register
    is met walking its documents by their places (the index ``search_document_place``), a
    page's worth of matches read for a page, each a document's row, not its object's and then
    its document's. A slice is read when it is iterated."""

    def __init__(self, walk, start=0, stop=None):
        self.walk, self.start, self.stop = walk, start, stop
        # In a person's reach (``Reach``): only the matches her scope's marks stand for.
        found = getattr(walk, "found", None)
        self.reached = found is not None and found[-1] is not None

    def __getitem__(self, part):
        if not isinstance(part, slice) or part.step not in (None, 1):
            raise TypeError("Placed is read in slices")
        start = self.start + (part.start or 0)
        stop = None if part.stop is None else self.start + part.stop
        if self.stop is not None:
            stop = self.stop if stop is None else min(stop, self.stop)
        return Placed(self.walk, start, stop)

    def __iter__(self):
        found = getattr(self.walk, "found", None)
        if found is not None and self.stop is not None and connection.vendor == "postgresql":
            name, wanted, column, share, size, listed, reach = found
            # The walk reads about ``stop / share`` documents' rows of words; a window reads the
            # words' lists in the index, whatever their length (a word in most documents: a
            # walk meets a page at once, where its list is long).
            if reach is not None or listed < self.stop / max(share, 1e-9) * WALK_PER_ENTRY:
                return iter(
                    _in_windows(name, wanted, column, share, size, reach, self.start, self.stop)
                )
        if self.reached:
            raise ValueError("A walk in a reach is read in windows, a slice at a time")
        ids = self.walk.order_by("-position", "-doc_id").values_list("doc_id", flat=True)
        return iter(list(ids[self.start : self.stop]))


WINDOW_MIN = 4000  # documents: the newest a common word's first window holds at least
WINDOW_GROWTH = 4
# Reading and testing a document's row of words costs about as much as this many entries of the
# index's lists (at a million cases: some 15 µs against 0.15 µs).
WALK_PER_ENTRY = 100


def _in_windows(name, wanted, column, share, size, reach, start, stop) -> list[int]:
    """The ids of matches ``start:stop`` of a common word (in ``reach`` if given), highest place
    first, read through the inverted index in windows of the newest documents: the index's
    matches are intersected with a window's places (``search_document_place``), a window about
    twice as wide as the words' ``share`` of the documents says the page needs, widened until
    it holds the page's matches (words found together less often than their shares say) or is
    the whole type (``size``: about how many documents it has). Each window costs its matches,
    not its documents: walking the documents
    themselves read and tested each one's row of words (some 25 ms for a page of a word in one
    document of a hundred, at a million cases, and without bound for words rarely together)."""
    window = max(WINDOW_MIN, int(stop / max(share, 1e-9) * 2))
    off, on = (
        "; ".join(f"SET LOCAL {setting} = {value}" for setting in PLANNER)
        for value in ("off", "on")
    )
    with connection.cursor() as cursor:
        while True:
            low = None  # a window of half the documents or more: the whole type, uncounted
            if window < size // 2:
                cursor.execute(
                    "SELECT position FROM core_searchdocument WHERE doc_type = %s"
                    " ORDER BY position DESC OFFSET %s LIMIT 1",
                    [name, window],
                )
                low = cursor.fetchone()
            within = (
                ("", ())
                if low is None
                else (" AND doc_type = %s AND position >= %s", (name, low[0]))
            )
            sql, params = document_query(
                name, wanted, column, limit=None, reach=reach, within=within
            )
            cursor.execute(
                f"{off}; SELECT doc_id FROM ({sql}) AS found"
                f" ORDER BY position DESC, doc_id DESC LIMIT %s; {on}",
                [*params, stop],
            )
            raw = cursor.cursor
            for _setting in PLANNER:
                raw.nextset()
            rows = raw.fetchall()
            if low is None or len(rows) >= stop:
                return [row[0] for row in rows[start:stop]]
            window *= WINDOW_GROWTH


def placed(ids):
    """``ids`` (one of the values ``matching`` returns) as a ``Placed`` walk when it is one (a
    common word's, on PostgreSQL), else ``None``."""
    if isinstance(ids, QuerySet) and ids.model is _documents().model:
        return Placed(ids)
    return None


def _documents_query(name, wanted, column, counts=None, reach=None):
    """The documents with one stem of each list, as a query the database meets a document at a
    time as it walks a list in order: a word is looked for in the document's row of words
    (``strpos``, a few microseconds), not through the inverted index. ``found``: what a walk
    of them in their places' order needs to read them through the index instead, a window at
    a time (``_in_windows``): the words, their expected share of the documents and the
    ``reach`` they were found in (then only the matches in it are walked)."""
    tested, params = _tested(wanted, column)
    walk = _documents().filter(doc_type=name).extra(where=[tested], params=params).values("doc_id")
    counts = counts or _counts(name, wanted)
    # Entries of the words' lists the index reads: the rarest word's, skipping through the
    # others' by it (once for each word).
    listed = min(sum(counts[0][t] for t in forms) for forms in wanted) * len(wanted)
    walk.found = (name, wanted, column, _share(wanted, counts), counts[1], listed, reach)
    return walk


def _share(wanted, counts) -> float:
    """The share of the documents expected to hold a stem of each list (words taken as
    independent, a word's forms by its largest)."""
    found, size = counts
    share = 1.0
    for forms in wanted:  # a word's forms share documents: the largest stands for it
        share *= min(1.0, max(found[t] for t in forms) / size) if size else 1.0
    return share


COMMON_FROM = 200_000  # documents of a type; fewer are always read through the index
SIZE_KEPT = 600  # seconds a process keeps a type's size to choose how to read it (see _common)
_sizes: dict[str, tuple[int, float]] = {}


def _small(name) -> bool:
    """Whether type ``name`` had fewer than ``COMMON_FROM`` documents when a search of this
    process last looked (in the last ``SIZE_KEPT`` seconds): the test results, not the
    register. Only the way a search reads its matches depends on it, never what it finds; a
    small type's search then spares the look-up of its words' counts."""
    kept = _sizes.get(name)
    return kept is not None and time.monotonic() - kept[1] < SIZE_KEPT and kept[0] < COMMON_FROM


def _common(name, wanted, counts=None) -> bool:
    """Whether a search's matches are expected to be more than ``CANDIDATES`` in a large type
    (as the words were last counted by ``count_documents``): the list then meets a page of them
    at once, where reading them all through the index would cost more than the page. A
    document's words are taken as independent, which expects fewer matches than related words
    have: a search of words often found together is read through the index first and met in the
    list when it has more. Several words each common but rarely together ("långsiktigt
    landstinget innovationsarbete") are read through the index, not walked for: a walk for
    matches that are few costs far more than reading too many through the index. ``counts``:
    the words' counts (``_counts``) if the caller has them already."""
    counts = counts or _counts(name, wanted)
    size = counts[1]
    return size >= COMMON_FROM and size * _share(wanted, counts) > CANDIDATES


def _counts(name, wanted) -> tuple[dict, int]:
    """In how many documents each of these stems and parts occurs, and about how many documents
    there are: one look-up; none for a type this process found small a moment ago
    (``_small``: it is then read through the index whatever its words)."""
    if _small(name):
        return defaultdict(int), 0
    terms, _parts, counts = _vocabulary_sql()
    listed = sorted({t for forms in wanted for t in forms})
    marks = ", ".join(["%s"] * len(listed))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term, documents FROM {terms} WHERE doc_type = %s AND documents IS NOT NULL"
            f" AND term IN ({marks}) UNION ALL SELECT part, documents FROM {counts}"
            f" WHERE doc_type = %s AND part IN ({marks}) UNION ALL"
            " SELECT NULL, MAX(doc_id) FROM core_searchdocument WHERE doc_type = %s",
            [name, *listed, name, *listed, name],
        )
        found, size = defaultdict(int), 0
        for term, documents in cursor.fetchall():
            if term is None:
                size = documents or 0
            else:
                found[term] += documents
    _sizes[name] = (size, time.monotonic())
    return found, size


REACH_FROM = 1000  # matches in the region at most, below which a scope is tested after


def _reach_needed(name, wanted, counts) -> bool:
    """Whether a search in a person's scope is worth intersecting with it inside the index:
    not when its rarest word is in so few documents that testing the scope on them costs less
    than reading the scope's lists (a new word in the register, an exact name). A bound, not
    an estimate: words found together more often than chance are caught too."""
    found, size = counts
    if size < COMMON_FROM:
        return False
    return min(sum(found[t] for t in forms) for forms in wanted) > REACH_FROM


def document_query(
    name,
    wanted: list[list[str]],
    column="terms",
    limit=CANDIDATES + 1,
    reach=None,
    marks=False,
    within=("", ()),
):
    """SQL and parameters of the ids and places (and ``marks``: their marks) of the documents
    with one stem of each list (PostgreSQL), in ``reach`` if given: those with one of its marks,
    intersected inside the index, and those of its ids, read by their key and tested one by
    one. ``limit=None``: all of them; ``within``: a further condition (SQL, parameters) on the
    documents, a window of their places (``_in_windows``)."""
    tokens = [[f"{name}:{t}" for t in terms] for terms in wanted]
    where = [f"{tokens_sql(column)} && %s::text[]"] * len(tokens)
    # The stems carry their document type: the type needs no condition of its own.
    read = "doc_id, position, marks" if marks else "doc_id, position"
    sql = f"SELECT {read} FROM core_searchdocument WHERE " + " AND ".join(where)
    extra, extra_params = within
    last = (" LIMIT %s", [limit]) if limit else ("", [])
    if reach is None:
        return f"{sql}{extra}{last[0]}", [*tokens, *extra_params, *last[1]]
    parts_, params = [], []
    scoped, marks_ = _scope_marks(name, reach.marks) if column == "terms" else ((), reach.marks)
    if scoped:  # her scope's own lists of each word (``SCOPED_TOKENS``)
        where = [f"{SCOPED_TOKENS} && %s::text[]"] * len(wanted)
        parts_.append(
            "SELECT doc_id, position FROM core_searchdocument"
            f" WHERE {SCOPED_WHERE} AND {' AND '.join(where)}{extra}"
        )
        params += [[f"{name}:{m}:{t}" for m in scoped for t in terms] for terms in wanted]
        params += extra_params
    if marks_:
        parts_.append(f"{sql} AND {tokens_sql(column)} && %s::text[]{extra}")
        params += [*tokens, [f"{name}:{mark}" for mark in marks_], *extra_params]
    if reach.ids:
        tested, tested_params = _tested(wanted, column)
        parts_.append(
            "SELECT doc_id, position FROM core_searchdocument WHERE doc_type = %s"
            f" AND doc_id = ANY(%s::bigint[]) AND {tested}{extra}"
        )
        params += [name, "{" + ",".join(map(str, reach.ids)) + "}", *tested_params, *extra_params]
    if not parts_:
        return f"SELECT doc_id, position FROM core_searchdocument WHERE false{last[0]}", last[1]
    return " UNION ".join(parts_) + last[0], [*params, *last[1]]


def _scope_marks(name, marks) -> tuple[tuple, tuple]:
    """``marks`` of a reach split into those of the type's scope (its first mark, whose
    documents' words are in ``SCOPED_TOKENS``) and the others."""
    doc = TYPES.get(name)
    first = next(iter(doc.marks), None) if doc is not None else None
    if first is None:
        return (), tuple(marks)
    scoped = tuple(m for m in marks if m.startswith(f"@{first}:"))
    return scoped, tuple(m for m in marks if m not in scoped)


def _tested(wanted, column):
    """A document's row of words tested for one stem of each list (``strpos``, a few
    microseconds a row): for rows read by their key, not found through the index."""
    where, params = [], []
    for terms in wanted:
        where.append(
            "(" + " OR ".join([f"strpos(' ' || {column} || ' ', %s) > 0"] * len(terms)) + ")"
        )
        params += [f" {t} " for t in terms]
    return " AND ".join(where), params


MAX_MATCHED = 5000  # stems a searched word may stand for ("vård" begins many compounds)
MAX_EXPANSION = 200  # a part shared by more stems than this says little when comparing texts


def _chunks(listed: list, size: int):
    """``listed`` a chunk of ``size`` at a time (SQLite's placeholders are counted); on
    PostgreSQL at once, written as arrays (``among``)."""
    if connection.vendor == "postgresql":
        size = max(len(listed), 1)
    for start in range(0, len(listed), size):
        yield listed[start : start + size]


def _vocabulary_sql():
    return tuple(connection.ops.quote_name(m._meta.db_table) for m in _vocabulary_models())


def text_array(values) -> str:
    """``values`` written as the text of a PostgreSQL array (``'{"a","b"}'``), sent as one
    parameter: psycopg scans a query for its placeholders again at every call when it has
    hundreds of them (some 4 ms for a text's terms), and writes a list element by element."""
    values = list(values)
    listed = '","'.join(map(str, values))
    if "\\" in listed or '"' in listed:  # a word of the index has neither
        listed = '","'.join(str(v).replace("\\", "\\\\").replace('"', '\\"') for v in values)
    return '{"' + listed + '"}' if values else "{}"


def among(column: str, values, kind: str = "text", *, using=connection) -> tuple[str, list]:
    """SQL that ``column`` is one of ``values``, and its parameters: on PostgreSQL one array
    parameter (``text_array``), elsewhere a placeholder for each."""
    if using.vendor == "postgresql":
        return f"{column} = ANY(%s::{kind}[])", [text_array(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


@Field.register_lookup
class InTerms(Lookup):
    """``term__in_terms=[...]``: the value is one of the list's (``among``: one parameter on
    PostgreSQL)."""

    lookup_name = "in_terms"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        sql, params = among(lhs, self.rhs, using=connection)
        return sql, [*lhs_params, *params]


def expansions(name, parts_: list[str], *, limit: int | None) -> dict[str, set[str]]:
    """part → the stems of type ``name`` it begins or ends (a part of more than ``limit`` stems
    stands for none: it says too little, and reading them all would cost too much; ``None``:
    the caller knows the parts' sizes already)."""
    terms, part_table, _counts = _vocabulary_sql()
    found = defaultdict(set)
    for chunk in _chunks(sorted(set(parts_)), 500):
        listed, listed_params = among("p.part", chunk)
        sql = (
            f"SELECT p.part, p.term FROM {part_table} p JOIN {terms} t ON t.term = p.term "
            f"AND t.doc_type = %s WHERE {listed}"
        )
        params = [name, *listed_params]
        if limit is not None:
            listed, listed_params = among("p2.part", chunk)
            sql += (
                f" AND p.part IN (SELECT p2.part FROM {part_table} p2 JOIN {terms} t2"
                f" ON t2.term = p2.term AND t2.doc_type = %s WHERE {listed}"
                " GROUP BY p2.part HAVING COUNT(*) <= %s)"
            )
            params += [name, *listed_params, limit]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for part, term in cursor.fetchall():
                found[part].add(term)
    return found


def _forms(term: str) -> list[str]:
    """A searched word's stem, and without the definite "-n" after a vowel that Snowball keeps
    ("miljön" finds "miljö" and "miljöer"). Only for finding: similar cases do not use it, where
    "mobilen" meeting every "mobil" says too little. The word without its "-n" is stemmed too:
    Snowball keeps "kylväskan" whole but makes "kylväska" "kylväsk"."""
    if len(term) >= 5 and term[-1] == "n" and term[-2] in VOWELS:
        return list(dict.fromkeys([term, term[:-1], stem(term[:-1])]))
    return [term]


def narrow(qs, name, q: str, *, via="pk", scope=None):
    """``qs`` narrowed to the objects whose document of type ``name`` (the object itself, or the
    one its field ``via`` points to) has every word of ``q``; the index rows read are those of
    ``scope`` (default ``qs`` itself when ``via`` is the object's own key)."""
    if scope is None and via == "pk":
        scope = qs
    for ids in matching(name, q, scope):
        qs = qs.filter(within(via, ids))
    return qs


def negated(stem_: str) -> str | None:
    """The listed word a word negates with "o-" ("otrygg" → "trygg", "osäker" → "säker"): about
    the same subject. Only for a word the lists do not know, of a listed word of four letters or
    more ("olika" is no negation of "lika")."""
    if stem_.startswith("o") and stem_ not in _listed() and stem_[1:] in _related():
        return stem_[1:] if len(stem_) >= PART_MIN + 1 else None
    return None


# Everyday verbs of moving, sitting, seeing, thinking, reading, doing and filling in: a nurse
# "sitter", a relative "går", a patient "läser" in texts about anything, so they count for less
# than a word of the subject when texts are compared (``WEAK_WEIGHT``; "skriva" is not one of
# them: "skrivs ut" is a discharge).
WEAK_WORDS = (
    "gå går gick gått komma kommer kom sitta sitter satt ligga ligger låg stå står titta tittar"
    " se ser såg tänka tänker veta vet läsa läser göra gör ta tar ge ger"
    " hålla håller sätta sätter ställa ställer lägga lägger hända händer hänt använda använder"
    " fylla fyller hinna hinner träffa träffar"
)
WEAK_WEIGHT = 0.3


@cache
def _weak() -> frozenset[str]:
    return frozenset(stem(w) for w in WEAK_WORDS.split())


def query_terms(
    text: str, unknown=frozenset(), absent=frozenset(), respelled=None
) -> dict[str, dict[int, float]]:
    """term → {word: weight} of a text to compare: each word's stem, its related words, its
    beginning and endings (a compound's parts), and the related words of those, its English
    word's Swedish ones, the word it negates; for the stems in ``unknown`` (no document uses
    them) the listed words they misspell too. ``word`` is the position of the word the term
    stands for, so that a word counts once however many of its terms a document shares; a term
    two words stand for ("rullstolar", "rollatorer": "hjälpmedel") counts for each of them."""
    found = defaultdict(dict)

    def add(term, weight, word):
        if weight > found[term].get(word, 0):
            found[term][word] = weight

    text_words, distinct = words(text), {}
    for i, w in enumerate(text_words):  # the words of the first MAX_WORDS distinct stems
        if stem(w) not in distinct:
            if len(distinct) == MAX_WORDS:
                text_words = text_words[:i]
                break
            distinct[stem(w)] = len(distinct)
    weak = _weak()

    def mapped(s, kind, meant):
        """A word no document uses stands for the words the lists translate it to: they count
        for nearly as much as the word itself would, not as a second reading beside it; unless
        the text says the word it is translated to itself ("boka" beside "tid")."""
        if s in absent and meant not in distinct:
            return max(QUERY_WEIGHT[kind], QUERY_WEIGHT["absent"])
        return QUERY_WEIGHT[kind]

    for n, s in enumerate(distinct):
        if s in weak:
            add(s, WEAK_WEIGHT, n)
            continue
        add(s, QUERY_WEIGHT["stem"], n)
        for p in parts(s):
            add(p, QUERY_WEIGHT["part"], n)
            for r in related(p):  # "hjärtavdelning" begins with "hjärt": "kardiologi"
                add(r, QUERY_WEIGHT["related_part"], n)
        for r in related(s):
            add(r, mapped(s, "related", r), n)
        for r in toward(s):  # "sockersjuka": "diabetes"; "lungsjukdom": "kol", less
            add(r, mapped(s, "toward", r), n)
        for r in synonyms(s):  # "pratar": "språk", less than a word of the lists
            add(r, mapped(s, "synonym", r), n)
        if base := negated(s):  # "otrygg": "trygg", and so "säker"
            for r in (base, *related(base)):
                add(r, QUERY_WEIGHT["related"], n)
        for m in (misspelled(s) | same_root(s)) if s in unknown else ():  # "medeciner"
            for r in (m, *related(m), *toward(m)):
                add(r, QUERY_WEIGHT["spelling"], n)
        if respelled and s in respelled:  # a word of the documents, misspelled: "läkemdel"
            m = respelled[s]
            for r in (m, *related(m), *toward(m)):
                add(r, QUERY_WEIGHT["spelling"], n)
    for i, meant in phrases([stem(w) for w in text_words]):  # "ont i magen": "buksmärta"
        for r in meant:
            add(r, QUERY_WEIGHT["related"], distinct[stem(text_words[i])])
    # A phrase with its little words ("kissa på sig"), met in the text as written: it stands
    # for its first word of its own.
    whole = [stem(w) for w in words(text, keep_stop_words=True)]
    for i, meant in phrases(whole):
        own = next((w for w in whole[i : i + PHRASE_MAX] if w in distinct), None)
        for r in meant if own is not None else ():
            add(r, QUERY_WEIGHT["related"], distinct[own])
    for i, meant in english(text_words):  # "wounds": "sår"; "chest pain": "bröstsmärta"
        n = distinct[stem(text_words[i])]
        for r in meant:
            add(r, mapped(stem(text_words[i]), "related", r), n)
            for rr in related(r) | toward(r):  # "nurses": "sjuksköterska", so "vårdpersonal"
                add(rr, QUERY_WEIGHT["part"], n)
    return dict(found)


def document_frequency(name, wanted: list[str], cap: int) -> dict[str, tuple[int, int]]:
    """term → (in how many documents it occurs, how many stems it stands for): a stem itself,
    or a part through the stems of the vocabulary it begins or ends. Read from the counts of
    the vocabulary (``count_documents``), one look-up per term; the stems new since the last
    count are few and are counted now, each no further than ``cap + 1`` (an index range scan).
    A part standing for several stems may count a document twice: an estimate."""
    return _frequency(name, wanted, cap)[0]


def _frequency(name, wanted: list[str], cap: int) -> tuple[dict[str, tuple[int, int]], int]:
    """``document_frequency`` and ``total``, read together: one round trip (on SQLite for each
    400 terms) for the counted terms, the stems not counted yet that were asked (themselves or
    by a part) with their documents counted in the index, and the type's size."""
    terms, part_table, counts = _vocabulary_sql()
    quote = connection.ops.quote_name
    rows = quote(_entries().model._meta.db_table)
    size_sql = f" UNION ALL SELECT 'size', NULL, NULL, {_size_sql(name)}, NULL"
    found = defaultdict(lambda: [0, 0])
    size = None
    for chunk in _chunks(sorted(set(wanted)), 400):
        kept = _counted_kept(name, chunk)
        asked = [t for t in chunk if t not in kept]
        listed = [among(column, chunk) for column in ("p.part", "t.term")]
        new, uncounted = defaultdict(set), {}
        arms, params = [], []
        if asked:  # the counted stems and parts asked that this process has not kept
            listed_terms, listed_parts = among("term", asked), among("part", asked)
            arms += [
                f"SELECT 'counted', term, 1, documents, NULL FROM {terms} WHERE doc_type = %s"
                f" AND documents IS NOT NULL AND {listed_terms[0]}",
                f"SELECT 'counted', part, stems, documents, NULL FROM {counts}"
                f" WHERE doc_type = %s AND {listed_parts[0]}",
            ]
            params += [name, *listed_terms[1], name, *listed_parts[1]]
        # The stems not counted yet that were asked (all of them, kept or not: a stem new
        # since the count adds to a part kept), with the parts asked that they have and their
        # documents counted in the index (no further than ``cap + 1``: an index range scan
        # each); on the first round, about how many documents there are.
        arms.append(
            "SELECT 'new', n.term, NULL, (SELECT COUNT(*) FROM (SELECT 1 FROM"
            f" {rows} e WHERE e.doc_type = %s AND e.term = n.term LIMIT %s) c), n.part FROM"
            f" (SELECT t.term AS term, p.part AS part FROM {terms} t LEFT JOIN {part_table} p"
            f" ON p.term = t.term AND {listed[0][0]}"
            " WHERE t.doc_type = %s AND t.documents IS NULL"
            f" AND (p.part IS NOT NULL OR {listed[1][0]})) n"
        )
        params += [name, cap + 1, *listed[0][1], name, *listed[1][1]]
        with connection.cursor() as cursor:
            cursor.execute(
                " UNION ALL ".join(arms) + (size_sql if size is None else ""),
                params + ([name, SIZE_PART] if size is None else []),
            )
            read = cursor.fetchall()
        counted = dict(kept)
        for kind, term, stems_, documents, part in read:
            if kind == "counted":
                stems_before, documents_before = counted.get(term, (0, 0))
                counted[term] = (stems_before + stems_, documents_before + documents)
            elif kind == "new":
                new[term].add(part)
                uncounted[term] = documents
            else:
                size = documents or 1
        _keep_counted(name, {t: counted[t] for t in asked if t in counted})
        for term, (stems_, documents) in counted.items():
            found[term][0] += stems_
            found[term][1] += documents
        wanted_here = set(chunk)
        for stem_, ps in new.items():
            for term in {p for p in ps if p} | ({stem_} & wanted_here):
                found[term][0] += 1
                found[term][1] += uncounted[stem_]
    frequency = {t: (documents, n) for t, (n, documents) in found.items() if documents}
    return frequency, size if size is not None else total(name)


# The counted numbers of a stem or part (``count_documents``: daily, after ``reindex`` and
# after a bulk load) kept by the process for this many seconds: a suggestion box asks the same
# words' numbers at every keystroke, some 400 stems and parts of a text (a thousand index
# look-ups, the most of a suggestion's time in the database). Only numbers read as counted are
# kept (they may lag a count by as long, where they lag the documents by a day already); a
# stem not counted yet, or no stem at all, is asked each time.
COUNTED_KEPT = 600
COUNTED_MAX = 200_000  # entries kept at most (then forgotten at once): some 30 MB
_counted: dict[tuple[str, str], tuple[float, tuple[int, int]]] = {}


def _counted_kept(name, terms) -> dict[str, tuple[int, int]]:
    """term → (stems, documents) of ``terms`` as this process read them counted a moment ago."""
    now, found = time.monotonic(), {}
    for term in terms:
        kept = _counted.get((name, term))
        if kept is not None and now - kept[0] < COUNTED_KEPT:
            found[term] = kept[1]
    return found


def _keep_counted(name, counted: dict[str, tuple[int, int]]) -> None:
    if len(_counted) + len(counted) > COUNTED_MAX:
        _counted.clear()
    now = time.monotonic()
    _counted.update({(name, term): (now, numbers) for term, numbers in counted.items()})


# The part whose row of counts (``count_documents``) holds a type's size: the empty string,
# the beginning of every stem, and never a part of one (``PART_MIN``).
SIZE_PART = ""


def _size_sql(name) -> str:
    """SQL of the type's size (two parameters: the type's name and ``SIZE_PART``): its
    documents with a word as last counted (``count_documents``: daily, after ``reindex`` and a
    bulk load), one index look-up; before any count, the highest id of its model. Not the
    highest id once counted: rows deleted or rolled back leave it ahead of the documents, which
    would make every word look rarer and a suggestion more eager (on PostgreSQL a sequence
    never goes back)."""
    model = TYPES[name].model
    quote = connection.ops.quote_name
    counts = _vocabulary_sql()[2]
    return (
        f"COALESCE((SELECT documents FROM {counts} WHERE doc_type = %s AND part = %s),"
        f" (SELECT MAX({quote(model._meta.pk.column)}) FROM {quote(model._meta.db_table)}))"
    )


def total(name) -> int:
    """About how many documents of this type there are (``_size_sql``: as last counted, an
    index look-up)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_size_sql(name)}", [name, SIZE_PART])
        return cursor.fetchone()[0] or 1


# A short beginning (a stem of at most SHORT_BEGINNING letters: "koll" of "kollat") meets a
# longer stem only when the rest of it, if it is LONG_REST letters or more, is a word: a shorter
# rest is an inflection or a syllable whatever it is ("patient|er", "hemm|onitorering"), which
# a vocabulary of a few hundred documents cannot tell from a word.
SHORT_BEGINNING = 5
LONG_REST = 6


@cache
def listed_stems() -> frozenset[str]:
    """The stems of the shipped word lists (related Swedish words, the Swedish words of the
    English list, the words abbreviations and irregular forms stand for): words, whether or not
    a document uses them."""
    found = set(_listed())
    for meant in _english().values():
        found |= meant
    for forms in (ABBREVIATIONS, IRREGULAR, UNSTEMMED):
        found |= {stem(w) for w in forms.values()}
    return frozenset(found)


def rest_forms(whole: str, part: str) -> frozenset[str] | None:
    """The forms in which what is left of the stem ``whole`` beside its beginning ``part`` would
    be a word of its own: the rest, and the rest without the linking "s" of a compound
    ("graviditet|s|enkät"). Empty when the rest is shorter than ``LONG_REST`` (nothing to look
    up); ``None`` when ``part`` does not begin ``whole``."""
    if not whole.startswith(part) or whole == part:
        return None
    rest = whole[len(part) :]
    if len(rest) < LONG_REST:
        return frozenset()
    forms = {rest, stem(rest)}
    if rest.startswith("s") and len(rest) > PART_MIN:
        forms |= {rest[1:], stem(rest[1:])}
    return frozenset(forms)


def supported_splits(name, meets: dict[str, set[str]]) -> dict[str, set[str]]:
    """term → the stems of ``meets[term]`` (the stems it begins or ends) that are compounds of
    it and a word: a short beginning meets a longer stem only when the long rest of that stem
    is a word too, known to the vocabulary of type ``name`` or to the shipped lists ("koll" of
    "kollat" does not meet "kollektivtrafik": "ektivtrafik" is no word; "nack" meets
    "nacksmärta"). A stem a term ends keeps its meeting: what comes before a compound's last
    word is itself most often a word or a compound ("vård|avdelning", "ambulans|fordon"). At
    most one look-up of the vocabulary, only when a short beginning meets a long stem."""
    wanted = {
        (t, whole): rest_forms(whole, t) if len(t) <= SHORT_BEGINNING else None
        for t, found in meets.items()
        for whole in found
    }
    asked = {form for forms in wanted.values() if forms for form in forms}
    listed = listed_stems()
    known = {form for form in asked if form in listed}
    known |= _known_terms(name, sorted(asked - known))
    kept = {t: set() for t in meets}
    for (t, whole), forms in wanted.items():
        if forms is None or not forms or forms & known:
            kept[t].add(whole)
    return kept


KNOWN_KEPT = 600  # seconds a process keeps whether a word is a stem of the vocabulary
KNOWN_MAX = 50_000  # words kept at most (then forgotten at once)
_known: dict[tuple[str, str], tuple[bool, float]] = {}


def _known_terms(name, candidates: list[str]) -> set[str]:
    """The ones of ``candidates`` that are stems of the vocabulary of type ``name``. What a
    process found is kept ``KNOWN_KEPT`` seconds: a suggestion box asks the same words at every
    keystroke, and a word new to the vocabulary only changes which compounds a word meets."""
    now, found, asked = time.monotonic(), set(), []
    for term in candidates:
        kept = _known.get((name, term))
        if kept is None or now - kept[1] >= KNOWN_KEPT:
            asked.append(term)
        elif kept[0]:
            found.add(term)
    if not asked:
        return found
    read = set()
    terms = _vocabulary_sql()[0]
    for chunk in _chunks(asked, 500):
        listed, params = among("term", chunk)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term FROM {terms} WHERE doc_type = %s AND {listed}", [name, *params]
            )
            read |= {row[0] for row in cursor.fetchall()}
    if len(_known) + len(asked) > KNOWN_MAX:
        _known.clear()
    _known.update({(name, term): (term in read, now) for term in asked})
    return found | read


# The share of a text's own weight a document must reach to be suggested: below it, the few
# words they share say too little of what the text is about (30 realistic texts about needs no
# demo case covers got a suggestion 22 times; none of the probe sets loses a found case).
SCORE_FLOOR = 0.10
# However long or short the text, the words a document shares with it must together say more
# than one word does that only one of the documents uses (``rarity`` as evidence: log(1 + n)),
# this many times: two everyday words ("väntar", "få"; "tid", "läkarna") that a case of a few
# hundred happens to use say less than one precise word, and meet some case of a register by
# chance whatever the text is about. A precise word and an everyday one, or three words of the
# subject, say more. What an everyday word can say is bounded by the language
# (``GENERAL_DOCUMENTS``), not by the register: beyond ``EVERYDAY_DOCUMENTS`` documents the need
# stays that of a word one in as many uses (in a million cases, two words a thousand use each
# still find their case).
# A case that shares this much of a short text's own weight (``own_weight``: "drönarleveranser
# av blodprover", both words common in a register of drone cases) is what the text is about,
# however common its words: the least need is only that of a text whose shared words are a
# small part of what it says.
LEAST_EVIDENCE = 1.1
EVERYDAY_DOCUMENTS = 200
COVERED = 0.5
# A text's own weight is that of its strongest words, at most this many: about a paragraph's
# worth. A long text (a person's day, her unit, her colleagues, and the need in a sentence or
# two) otherwise drowns its point in its other words, each of which no case uses weighing as
# the rarest; a text of up to this many words is weighed whole, as before.
OWN_WORDS = 30


# How common a word is in Swedish at large (``search_data/general_sv.txt``, wordfreq's list) weighs
# beside how common it is in the documents: a few hundred cases cannot tell an everyday word
# that one of them happens to use ("natt", "papper") from a precise one, and both look the
# rarest. The language counts as ``GENERAL_DOCUMENTS`` documents more, in which a word occurs
# as often as its share of running text times ``GENERAL_LENGTH`` words a document (a case's
# title and description: the demo's have 15 words in the middle): at a region's few hundred
# cases the language decides, at a million the documents' own counts do.
GENERAL_DOCUMENTS = 6000
GENERAL_LENGTH = 30


GENERAL_LIST = "general_sv.txt"  # wordfreq's small Swedish list, stemmed (scripts/general_sv.py)


@cache
def _general() -> dict[str, float]:
    """stem → its share of running Swedish (the word forms of the stem together): wordfreq's
    small Swedish list, some 30,000 words, as ``search_data/general_sv.txt`` holds it stemmed
    (CC BY-SA 4.0, made by ``scripts/general_sv.py``), read once per process (``warm``)."""
    found = {}
    for line in (DATA / GENERAL_LIST).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            s, share = line.split("\t")
            found[s] = float(share)
    return found


@cache
def _general_least() -> float:
    """The share of a word the list does not hold: less than its least common word's."""
    return min(_general().values(), default=0.0)


def rarity(term: str, df: int, n: int, *, evidence=False) -> float:
    """How telling a term is (an idf): of its share of ``n`` documents (``df`` of them use it)
    and of the general language's (``GENERAL_DOCUMENTS``). A term no document uses counts as one
    that one document uses. As ``evidence`` (whether a case is suggested at all, not in which
    order) no term is rarer than its share of the documents alone says: a word half the cases
    use is no evidence of a case, however rare it is in the language."""
    general = min(1.0, GENERAL_LENGTH * _general().get(term, _general_least()))
    df = max(df, 1)
    share = (df + GENERAL_DOCUMENTS * general) / (n + GENERAL_DOCUMENTS)
    if evidence:
        share = max(share, df / n)
    return math.log(1 + 1 / share)


def at_least(n: int, frequency: dict[str, tuple[int, int]], text_stems) -> int:
    """The number of documents: ``n`` as last counted (daily, after a bulk load), or more when a
    word of the text is in more documents than that (a register that grew since its count, a
    new region's first cases): as many as its commonest word's, itself or a term that stands
    for one stem (a part of several adds up its compounds', and may count a document twice)."""
    exact = (df for t, (df, stems_) in frequency.items() if stems_ == 1 or t in text_stems)
    return max([n, *exact])


def least_evidence(n: int) -> float:
    """The evidence a document must share with any text to be suggested, in a register of ``n``
    documents: ``LEAST_EVIDENCE`` times that of a word only one of them uses (of a word one in
    ``EVERYDAY_DOCUMENTS`` uses, in a larger register)."""
    return LEAST_EVIDENCE * math.log(1 + min(max(n, 1), EVERYDAY_DOCUMENTS))


def own_weight(text: str, frequency: dict, n: int) -> float:
    """What a text's words could weigh at most as evidence (``rarity``): the sum of the rarity
    of its ``OWN_WORDS`` rarest distinct stems, a stem no document uses counted as one that one
    document uses (a word of a new subject weighs most)."""
    rarity_ = sorted(
        (
            rarity(s, frequency.get(s, (0, 0))[0], n, evidence=True)
            for s in dict.fromkeys(stems(text))
        ),
        reverse=True,
    )
    return sum(rarity_[:OWN_WORDS])


# --- What counts as evidence that a text and a document are about the same thing ----------
#
# A document is suggested only when at least two words of the text meet it with evidence, and
# their evidence reaches ``SCORE_FLOOR`` of the text's own and ``least_evidence`` (see
# ``_ranked``). Some meetings say nothing of a shared subject and carry no evidence, though they
# still rank (``no_evidence``).


def _literal(term: str, stem_: str, parts_: set[str]) -> bool:
    """Whether ``term`` is the word ``stem_`` itself or one of its parts, letter for letter (not
    a related word, a translation or a correction)."""
    return term == stem_ or term in parts_


@lru_cache(maxsize=20_000)
def _a_word(part: str) -> bool:
    """Whether a part of a word is a word of its own: a stem of Swedish at large (``wordfreq``'s
    list) or of the shipped lists, itself or stemmed ("ställning", "smärta"; not "ning",
    "dning", "ation", "onal")."""
    general, listed = _general(), listed_stems()
    return any(form in general or form in listed for form in (part, stem(part)))


def _suffix(term: str, stem_: str) -> bool:
    """Whether ``term`` is an ending of ``stem_`` (not also its beginning) that is no word: what
    it meets in a document is another word with the same ending ("utredning" meets
    "spridning" by "dning", "klinisk" meets "kronisk" by "nisk"), not the same subject."""
    return (
        term != stem_ and stem_.endswith(term) and not stem_.startswith(term) and not _a_word(term)
    )


def no_evidence(text: str, wanted: dict[str, dict[int, float]]) -> set[tuple[str, int]]:
    """The (term, word) of a text's terms (``query_terms``) that are no evidence of a shared
    subject, though they still rank:

    - an ending of a word that is no word itself (``_suffix``: "tandställning" meets
      "akutmottagning" by "ning");
    - a stem or part that several words of the text have letter for letter ("natt" and
      "nattetid", "blodcentralen" and "blodgrupp" sharing "blod") is one word's evidence, not
      one for each: it stays with the word that has it with the most weight (the first of them
      if equal). A related word two words stand for ("rullstolar", "rollatorer": "hjälpmedel")
      is evidence for each: they say it twice, in two words of their own."""
    distinct = list(dict.fromkeys(stems(text)))
    parts_of = {}
    none = set()
    for term, by_word in wanted.items():
        owners = []
        for word in by_word:
            if word >= len(distinct):
                continue
            s = distinct[word]
            if s not in parts_of:
                parts_of[s] = parts(s)
            if _literal(term, s, parts_of[s]):
                if _suffix(term, s):
                    none.add((term, word))
                else:
                    owners.append(word)
        if len(owners) > 1:
            keep = max(owners, key=lambda w: (by_word[w], -w))
            none |= {(term, w) for w in owners if w != keep}
    return none


SCOPE_AFTER = 4  # a scope is applied to this many times the best matches first (see ranked)


def ranked(name, text: str, scope=None, *, exclude=None, limit=5) -> list[tuple[int, float]]:
    """(document id, score) of the documents of ``scope`` most like ``text``, best first (see
    ``_ranked``). A scope with conditions (a person's) is applied to the best matches of all
    documents first: most documents a person is shown similar ones of are in her scope, and
    reading the scope's ids for every term costs more than the ranking. Only when too few of
    them are in it is the scope applied inside the ranking."""
    if scope is None or not (scope.query.where or scope.query.is_sliced):
        return _ranked(name, text, None, exclude=exclude, limit=limit)
    wider = max(limit * SCOPE_AFTER, 20)
    best = _ranked(name, text, None, exclude=exclude, limit=wider)
    allowed = set(scope.filter(pk__in=[pk for pk, _score in best]).values_list("pk", flat=True))
    kept = [(pk, score) for pk, score in best if pk in allowed]
    if len(kept) >= limit or len(best) < wider:
        return kept[:limit]
    return _ranked(name, text, scope, exclude=exclude, limit=limit)


def ranked_objects(name, text: str, scope=None, *, exclude=None, limit=5) -> list:
    """The objects of ``scope`` (a queryset of the type's model, its ``select_related`` kept;
    default all of them) most like ``text``, best first: ``ranked``, with a person's scope
    tested in the query that reads the objects (one query, not one to test the best matches
    and another to read them)."""
    rows = TYPES[name].model._default_manager.all() if scope is None else scope
    conditional = bool(rows.query.where)
    wider = max(limit * SCOPE_AFTER, 20) if conditional else limit
    best = [pk for pk, _score in _ranked(name, text, None, exclude=exclude, limit=wider)]
    found = rows.filter(pk__in=best).in_bulk() if best else {}
    kept = [found[pk] for pk in best if pk in found]
    if not conditional or len(kept) >= limit or len(best) < wider:
        return kept[:limit]
    best = [pk for pk, _score in _ranked(name, text, rows, exclude=exclude, limit=limit)]
    found = rows.filter(pk__in=best).in_bulk() if best else {}
    return [found[pk] for pk in best if pk in found]


def _dominant(pairs) -> list[tuple[str, int, float, float, float]]:
    """The (document term, word, value, evidence, scale) rows a ranking can take its best from:
    of the rows of one term and word (a stem met as itself, and again as the compound of a part
    of the same word, or of several), one whose value, evidence and scale are all no higher
    than another's can never be the best of a document's entry, whatever its weight, and is
    left out, so that the database joins each entry to fewer rows (a third as many for a text
    of glued words)."""
    by_key = defaultdict(list)
    for doc_term, word, value, evidence, scale in pairs:
        by_key[doc_term, word].append((scale, value, evidence))
    kept = []
    for (doc_term, word), found in by_key.items():
        found = sorted(set(found), reverse=True)  # a higher scale first
        for i, (scale, value, evidence) in enumerate(found):
            if not any(v >= value and e >= evidence for _s, v, e in found[:i]):
                kept.append((doc_term, word, value, evidence, scale))
    return kept


# Digits after the point a similarity score is compared by: the database adds a document's
# words' values in an order of its own, and two documents with the same words (an application
# sent to two calls, a need sent twice) scored a few 1e-15 apart, in an order of their own: the
# suggestions differed between SQLite and PostgreSQL. Rounded, they are equal, and the newer
# comes first on both.
SCORE_DIGITS = 9


def rounded_score(sql: str) -> str:
    """SQL of the score ``sql`` rounded to ``SCORE_DIGITS`` digits, as a float on both
    databases (PostgreSQL rounds only a numeric to a number of digits)."""
    return f"CAST(ROUND(CAST({sql} AS NUMERIC), {SCORE_DIGITS}) AS DOUBLE PRECISION)"


def _ranked(name, text: str, scope=None, *, exclude=None, limit=5) -> list[tuple[int, float]]:
    """(document id, score) of the documents most like ``text``, best first.

    BM25-like: for each word of the text, the best of its shared terms: the term's rarity
    (idf, ``rarity``: in the documents and in Swedish at large) times its saturated weight in
    the document times its weight for the word (the word itself counts more than a related
    word, which counts more than a part of the word); summed over the words. A term meets a
    document's stem itself, or a stem it begins or ends (found in the vocabulary; the stem then
    counts as a part, at half its weight). Only the most telling terms are looked up, none that
    occurs in more than ``MAX_POSTINGS`` documents; at least two words of the text must be
    shared with evidence of their own (``no_evidence``: not a word's ending that is no word, not
    a stem another word of the text has letter for letter), and they must carry at least
    ``SCORE_FLOOR`` of the text's own weight (``own_weight``, that of its ``OWN_WORDS``
    strongest words), both weighed as evidence (no word rarer than the documents' own counts
    say): a text that shares two common words with a case is about something else, while a
    long text's point in a sentence or two still counts. Whatever the text's length, they must
    also say more than one word one document uses (``least_evidence``), unless the document
    covers half of what a short text says (``COVERED``)."""
    wanted = query_terms(text)
    if not wanted:
        return []
    frequency, n = _frequency(name, list(wanted), MAX_POSTINGS)
    # A word no document uses, one letter from a listed word, is taken for its misspelling; a
    # word the documents use is a word ("smart" is not "smärta"): a second look-up, for these.
    unknown = frozenset(
        s for s in stems(text) if s not in frequency and (misspelled(s) or same_root(s))
    )
    absent = frozenset(s for s in stems(text) if s not in frequency)
    # A word no document uses, one edit from a word they use, is taken for its misspelling: a
    # look-up of the vocabulary, for these words only.
    respelled_ = respelled(name, absent - unknown)
    # The text's terms are weighed again only when a word no document uses has a translation
    # (or the text is in English, whose words no document uses): a word of no list changes none.
    in_lists = any(related(s) or toward(s) or synonyms(s) for s in absent)
    translated = in_lists or english(words(text))
    if unknown or respelled_ or (absent and translated):
        wanted_before, wanted = wanted, query_terms(text, unknown, absent, respelled_)
        new = [t for t in wanted if t not in wanted_before]
        if new:
            frequency = {**frequency, **_frequency(name, new, MAX_POSTINGS)[0]}
    # Evidence is weighed in a register at least as large as its commonest word says: the
    # order (``rarity_``, which terms are looked up) in the register as counted.
    seen = at_least(n, frequency, set(stems(text)))
    own = own_weight(text, frequency, seen)
    floor = max(SCORE_FLOOR * own, min(least_evidence(seen), COVERED * own))
    rarity_ = {
        t: rarity(t, df, n)
        for t, (df, stems_) in frequency.items()
        if df <= MAX_POSTINGS and stems_ <= MAX_EXPANSION + 1
    }
    proof = {t: rarity(t, frequency[t][0], seen, evidence=True) for t in rarity_}
    value = {t: idf * max(wanted[t].values()) for t, idf in rarity_.items()}
    chosen = sorted(value, key=lambda t: -value[t])[:MAX_QUERY_TERMS]
    if not chosen:
        return []
    wider = expansions(name, chosen, limit=None)  # each stands for MAX_EXPANSION stems at most
    wider = supported_splits(name, {t: wider[t] - {t} for t in chosen})
    meets = {t: [t, *sorted(wider[t])] for t in chosen}
    unproven = no_evidence(text, wanted)
    pairs = _dominant(
        (
            doc_term,
            word,
            float(rarity_[t] * weight),
            0.0 if (t, word) in unproven else float(proof[t] * weight),
            1.0 if doc_term == t else PART / STEM,
        )
        for t in chosen
        for word, weight in sorted(wanted[t].items())
        for doc_term in meets[t]
    )
    doc_terms = sorted({p[0] for p in pairs})
    rows = _scoped(_entries().filter(doc_type=name, term__in_terms=doc_terms), scope)
    if exclude is not None:
        rows = rows.exclude(doc_id=exclude)
    sql, params = rows.values("doc_id", "term", "weight").query.sql_with_params()
    if connection.vendor == "postgresql":  # five array parameters, not five for each pair
        weight = "CAST(e.weight AS DOUBLE PRECISION) * m.scale"
        mapping = (
            "SELECT * FROM unnest(%s::text[], %s::int[], %s::float8[], %s::float8[], %s::float8[])"
        )
        mapped = [text_array(column) for column in zip(*pairs, strict=True)]
    else:
        weight = "CAST(e.weight AS REAL) * m.scale"
        mapping = "VALUES " + ", ".join(["(%s, %s, %s, %s, %s)"] * len(pairs))
        mapped = [v for pair in pairs for v in pair]
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH m (term, word, value, evidence, scale) AS ({mapping}) "
            f"SELECT doc_id, {rounded_score('SUM(best)')} FROM ("
            f" SELECT e.doc_id AS doc_id, m.word AS word, MAX(m.value * {weight} * %s"
            f" / ({weight} + %s)) AS best, MAX(m.evidence * {weight} * %s / ({weight} + %s))"
            f" AS evidence FROM ({sql}) e JOIN m ON e.term = m.term GROUP BY e.doc_id, m.word"
            ") words GROUP BY doc_id"
            " HAVING SUM(CASE WHEN evidence > 0 THEN 1 ELSE 0 END) >= 2 AND SUM(evidence) >= %s"
            " ORDER BY 2 DESC, 1 DESC LIMIT %s",
            [
                *mapped,
                K1 + 1,
                K1 * STEM,
                K1 + 1,
                K1 * STEM,
                *params,
                floor,
                limit,
            ],
        )
        return [(doc_id, score) for doc_id, score in cursor.fetchall()]
