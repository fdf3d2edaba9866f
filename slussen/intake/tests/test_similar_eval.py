"""Similar cases survive paraphrase: the shipped probes against the demo region, and the
held-out ones written apart from the ranking (``eval/heldout.json``, ``eval/heldout_s12.json``,
``eval/heldout_s13.json``, ``eval/heldout_s14.json``, ``eval/heldout_s15.json``, kept as
first written), and texts that match no case, which should
get no suggestion (``eval/unrelated_s13.json``)."""

import os

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from slussen.cases.models import Case
from slussen.core.models import SearchEntry
from slussen.intake import evaluation


def seed_fresh_demo():
    """``seed_demo`` as on a fresh database, where ``manage.py similar_eval`` runs: on
    PostgreSQL the tests before this one left the sequences of the tables far ahead (a rolled
    back row keeps its id). The ranking no longer takes a type's size from its highest id (it
    is counted, ``core/tests/test_search_size.py``); the ids are reset all the same, so that
    the demo is the one ``similar_eval`` measures."""
    if connection.vendor == "postgresql":
        models = [m for m in apps.get_models() if m.__module__.startswith("slussen.")]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_paraphrases_find_the_demo_case_among_the_first_three(db, settings, capsys):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_fresh_demo()
    # Every case is indexed, the fund applications' bulk-created ones too.
    indexed = set(SearchEntry.objects.filter(doc_type="case").values_list("doc_id", flat=True))
    assert set(Case.objects.values_list("pk", flat=True)) == indexed
    assert Case.objects.filter(kind="fund_application").count() > 100

    probes = evaluation.load()
    assert len(probes) >= 40
    result = evaluation.evaluate(probes)
    assert result.recall_at_3 >= 0.9, result.misses
    assert result.mrr >= 0.8

    call_command("similar_eval")
    assert "recall@3" in capsys.readouterr().out


def test_held_out_probes_find_the_demo_case_among_the_first_three(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_fresh_demo()
    for name in ("heldout.json", "heldout_s12.json"):
        probes = evaluation.load(evaluation.PROBES.parent / name)
        assert len(probes) >= 30
        result = evaluation.evaluate(probes)
        assert result.recall_at_3 >= 0.9, (name, result.misses)
    # The fourth blind set (session 13): 50 of 60 on the code it was written against (0.833), 52
    # of 60 after that session's fixes (0.867), 53 or 54 of 60 with session 14's lexicon of
    # everyday and clinical names (0.883-0.900: two fresh demos differ by a probe; the set is
    # no longer blind, the lexicon holds some of its words), 56 of 60 with session 15's one
    # place per project in the suggestion box (0.933). One probe of margin.
    probes = evaluation.load(evaluation.PROBES.parent / "heldout_s13.json")
    assert len(probes) == 60
    result = evaluation.evaluate(probes)
    assert result.recall_at_3 >= MIN_RECALL_S13, result.misses
    # The fifth blind set (session 14), written before any of that session's fixes by an
    # engineer who never read the ranking: 39 of 60 (0.650) before them and after them; 41 of 60
    # (0.683) after session 15 (a tuning set since); 47 of 60 (0.783) with session 16's thesaurus
    # ("pratar": "språk", "varnar": "larm") and its weighing of words by how common they are in
    # Swedish at large. Far from 0.9; held here so that it does not fall further (one probe of
    # margin).
    probes = evaluation.load(evaluation.PROBES.parent / "heldout_s14.json")
    assert len(probes) == 60
    result = evaluation.evaluate(probes)
    assert result.recall_at_3 >= MIN_RECALL_S14, result.misses
    # The sixth blind set (session 15), written before any of that session's fixes by an
    # engineer who never read the ranking, half of it from the seeds' project descriptions: 51 of
    # 60 (0.850) before them, 52 of 60 (0.867) after, 53 of 60 (0.883) with session 16's
    # weighing of words by how common they are in Swedish at large. One probe of margin.
    probes = evaluation.load(evaluation.PROBES.parent / "heldout_s15.json")
    assert len(probes) == 60
    result = evaluation.evaluate(probes)
    assert result.recall_at_3 >= MIN_RECALL_S15, result.misses
    # The seventh blind set (session 16), written before that session's ranking changes were
    # merged, by an engineer who never read the ranking, more than half of it from the seeds'
    # projects: 47 of 60 (0.783) on the code it was written against, 49 of 60 (0.817) with the
    # session's thesaurus and weighing of words by how common they are in Swedish at large. One
    # probe of margin.
    probes = evaluation.load(evaluation.PROBES.parent / "heldout_s16.json")
    assert len(probes) == 60
    result = evaluation.evaluate(probes)
    assert result.recall_at_3 >= MIN_RECALL_S16, result.misses
    # The eighth blind set (session 17), written before that session's ranking changes were
    # merged, by an engineer who never read the ranking, 37 of its probes from the seeds'
    # projects: 54 of 60 (0.900) on the code it was written against, 56 of 60 (0.933) with the
    # session's lexicon of the care's domains and its rules of evidence. One probe of margin.
    probes = evaluation.load(evaluation.PROBES.parent / "heldout_s17.json")
    assert len(probes) == 60
    result = evaluation.evaluate(probes)
    assert result.recall_at_3 >= MIN_RECALL_S17, result.misses
    # The ninth blind set (session 18), written before that session's changes were merged, by an
    # engineer who never read the ranking, 33 of its probes from the seeds' projects: 55 of 60
    # (0.917) on the code it was written against, 57 of 60 (0.950) with the demo's fund
    # applications written as applicants write them and the second walk through the domains.
    # One probe of margin.
    probes = evaluation.load(evaluation.PROBES.parent / "heldout_s18.json")
    assert len(probes) == 60
    result = evaluation.evaluate(probes)
    assert result.recall_at_3 >= MIN_RECALL_S18, result.misses
    # The tenth blind set (session 19), written before that session's changes were merged, by
    # an engineer who never read the ranking, 32 of its probes from the seeds' projects, in new
    # voices (midwife, radiographer, dietitian, simple Swedish…): 58 of 60 (0.967) on the code
    # it was written against and after the session's rule of least evidence. One probe of
    # margin.
    probes = evaluation.load(evaluation.PROBES.parent / "heldout_s19.json")
    assert len(probes) == 60
    result = evaluation.evaluate(probes)
    assert result.recall_at_3 >= MIN_RECALL_S19, result.misses
    # Long texts with their need in a sentence or two (session 14): 9 of 18 before the floor was
    # measured against a text's strongest words, 13 of 18 after, 14 of 18 with session 16's
    # weighing of words by how common they are in Swedish at large; 12 of 18 since the demo's
    # generated fund applications describe their projects as applicants do (session 18: two
    # long texts now meet a richer application first, "fasta … före besök", "bilder …
    # algoritm"). No margin: a floor under what the demo's texts give, not the ranking's.
    probes = evaluation.load(evaluation.PROBES.parent / "longtexts_s14.json")
    result = evaluation.evaluate(probes)
    assert result.recall_at_3 >= MIN_RECALL_LONG, result.misses


# Session 17's lexicon of the care's domains: s13 59, s14 55, s15 56, s16 56 of 60; session 18's
# walk through the domains not yet walked (medicines to disability and aids), on the demo whose
# fund applications speak as applicants do: s13 58, s14 57, s15 57, s16 58, s17 57 of 60, long
# texts 14 of 18 (main without it: 57, 56, 55, 58, 57 of 60 and 12 of 18); one probe of margin
# under each. Session 19's least evidence (two everyday words suggest nothing: unrelated texts
# with a suggestion 128 to 93 of 190) cost one probe of s14 and one of s18: s13 58, s14 56,
# s15 57, s16 58, s17 57, s18 56, s19 58 of 60, long texts 14 of 18. The floors are one probe
# under each, counted in probes (a floor of 0.96 on 58 of 60 left none: 0.96 × 60 = 57.6).
MIN_RECALL_S13 = 0.95
MIN_RECALL_S14 = 0.91
MIN_RECALL_S15 = 0.93
MIN_RECALL_S16 = 0.95
MIN_RECALL_S17 = 0.93
MIN_RECALL_S18 = 0.91
MIN_RECALL_S19 = 0.95
MIN_RECALL_LONG = 0.72


# The share of the texts of ``eval/unrelated_s13.json`` that got a suggestion: 22 of 30 before
# session 13 (0.733), 19 of 30 after it (0.633), 16 of 30 (0.533) since session 17's evidence
# (a stem two words share letter for letter counts once, an ending that is no word not at
# all); one text of margin above that. 19 of 30 (0.633) since the demo's generated fund
# applications describe their projects in an applicant's words instead of "<theme> inom
# <organisation>." (session 18): more of their words for an unrelated text to meet. 12 of 30
# (0.400) since the shared words must say more than one word one case uses
# (``search.least_evidence``, session 19); one text of margin above that.
MAX_FALSE_SUGGESTIONS = 0.44


def test_texts_about_nothing_the_region_has_mostly_get_no_suggestion(db, settings, capsys):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_fresh_demo()
    texts = evaluation.load_unrelated(evaluation.UNRELATED)
    assert len(texts) >= 30
    noise = evaluation.false_suggestions(texts)
    assert noise.rate <= MAX_FALSE_SUGGESTIONS, noise.suggested

    call_command("similar_eval", unrelated=str(evaluation.UNRELATED))
    assert "false suggestion rate" in capsys.readouterr().out
