"""The honest bench's plan at a tiny scale: its own people per role and scope, varied paths,
seeded searches with misses, writes through the forms, the search index's size; and the old
bench's plan (one log-in per role, the same few URLs, warm-up, no writes) measured beside it."""

import random
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection

from slussen.bench import plan
from slussen.bench.load import Writer, drive, login
from slussen.core import search

VOCABULARY = "sår läkemedel drönare hjärtsvikt nacksmärta vårdplan journal mottagning".split()
TITLES = ["Drönare för läkemedel", "Vårdplan vid hjärtsvikt", "Journal på mottagning"]


def test_searches_are_seeded_varied_with_several_words_and_misses():
    first = plan.queries(random.Random(3), TITLES, VOCABULARY, 50)
    assert first == plan.queries(random.Random(3), TITLES, VOCABULARY, 50)
    assert len(set(first)) > 30
    assert sum(len(q.split()) >= 2 for q in first) >= 35
    known = {search.stem(w) for w in VOCABULARY}
    misses = [q for q in first if any(search.stem(w) not in known for w in q.split())]
    # Beginnings of words are not stems of the vocabulary either: at least the non-words.
    assert sum(any(w not in " ".join(VOCABULARY) for w in q.split()) for q in misses) >= 10


def test_similar_texts_are_varied():
    cases = [(t, " ".join(VOCABULARY * 3)) for t in TITLES]
    texts = plan.texts(random.Random(3), cases, VOCABULARY, 20)
    assert len(set(texts)) == 20
    assert all(len(d) <= 400 for _t, d in texts)


def test_the_old_method_walks_the_paths_in_turn_from_the_first(live_server):
    """As the old bench did: client k from its k-th path (the honest clients start at a seeded
    random path)."""
    paths = {"*": [f"/bench-in-turn/{i}/" for i in range(5)]}
    sessions = [("someone@bench.example.org", live_server.url, {})]
    result = drive(sessions, paths, 120.0, 1, requests=3, in_turn=True)
    assert result["error_sample"] == [f"404 /bench-in-turn/{i}/" for i in range(3)]
    result = drive(sessions, paths, 120.0, 1, requests=3)
    assert result["error_sample"] != [f"404 /bench-in-turn/{i}/" for i in range(3)]


pg = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the bench's dataset is loaded with COPY"
)


@pytest.fixture
def built(transactional_db):
    from slussen.bench import dataset

    builder, _sizes = dataset.build(0.0001, log=lambda text: None)
    return builder


@pg
def test_people_paths_and_writes_come_from_the_dataset(built, live_server):
    from slussen.accounts.models import Organisation
    from slussen.cases.models import Case

    who = plan.people(built, per_role=3)
    assert {k: len(v) for k, v in who.items()} == {
        "coordinator": 3,
        "advisor": 3,
        "head": 3,
        "employee": 3,
        "expert": 3,
    }
    # Advisors of three different organisations, none with organisations below it.
    orgs = {org for _pk, _email, org in who["advisor"]}
    assert len(orgs) == 3
    assert not Organisation.objects.filter(parent__in=orgs).exists()

    context = plan.plan_context(built, who, n=30)
    for _pk, email, org in who["advisor"]:
        ids = [int(path.rstrip("/").rsplit("/", 1)[1]) for path in context["case"][email]]
        assert len(ids) > 10
        assert set(Case.objects.filter(pk__in=ids).values_list("organisation", flat=True)) == {org}
        years = Case.objects.filter(pk__in=ids).values_list("registry_year", flat=True)
        assert len(set(years)) >= 5  # spread over the register, not the newest cases
    searches = [parse_qs(urlsplit(p).query)["q"][0] for p in context["search"]["*"]]
    assert len(set(searches)) > 20 and sum(len(q.split()) > 1 for q in searches) > 15
    assert len(set(context["register"]["*"])) > 20

    index = plan.index_size()
    assert index["rows"]["case"] > 0 and index["rows"]["testbed_record"] > 0
    assert index["table_bytes"] > 0
    assert set(index["index_bytes"]) == {
        "core_searchentry_pkey", "search_entry_doc", "search_entry_unique", "search_entry_ranking"
    }  # fmt: skip

    # Every client logs in as its own person and sees her own pages.
    base = live_server.url
    sessions = [
        (email, base, login(base, email, built_password())) for _pk, email, _org in who["advisor"]
    ]
    result = drive(sessions, context["case"], 120.0, 3, requests=9)  # the count ends it, not time
    assert result["errors"] == 0 and result["requests"] == 9
    result = drive(sessions, context["results"], 120.0, 3, requests=6)
    assert result["errors"] == 0
    # The call overview of the two calls of the dataset's two sizes, as a coordinator.
    assert sorted(context["sized"]) == [20, 200]
    email = "bench-coordinator@bench.example.org"
    coordinator = [(email, base, login(base, email, built_password()))]
    for _pk, paths in context["sized"].values():
        result = drive(coordinator, {"*": paths}, 120.0, 1, requests=5)
        assert result["errors"] == 0 and result["requests"] == 5

    # The writes go through the forms and are saved.
    jobs = plan.writes(built, who, 1.0)["jobs"]
    kinds = {job["kind"] for job in jobs}
    assert {"registration", "comment"} <= kinds
    cases, comments = Case.objects.count(), _comments()
    chosen = [next(j for j in jobs if j["kind"] == kind) for kind in sorted(kinds)]
    writer = Writer(base, chosen, 0)
    for job in chosen:
        writer.write(job)
    done = writer.results()
    assert all(r["errors"] == 0 and r["requests"] == 1 for r in done.values()), done
    assert Case.objects.count() == cases + 1
    assert _comments() == comments + 1

    check_old_method(built, who, context, base)


def check_old_method(built, who, context, base):
    """The old bench's plan on the same dataset, and ``BENCH_METHOD=both``: the honest method,
    then the old, through the same driver; the table shows the old paced p95 beside."""
    from slussen.bench import __main__ as bench
    from slussen.cases.models import Case

    old = plan.old_plan(built)
    # One log-in per role, shared by every client of a page.
    assert old["users"] == {
        role: [[f"bench-{role}@bench.example.org", built_password()]]
        for role in ["coordinator", "advisor", "employee", "expert"]
    }
    assert old["writes"] == {"per_second": 0, "jobs": []}  # nothing written during the load
    paths = old["paths"]
    for key in ["floor", "start", "queue", "portfolio", "overview", "statistics", "report_pdf"]:
        assert len(paths[key]) == 1, key  # one URL per page
    assert len(paths["register"]) == 6 and len(paths["api"]) == 4
    words = [parse_qs(urlsplit(p).query)["q"][0] for p in paths["search"]]
    assert 10 <= len(words) <= 20 and all(len(w.split()) == 1 for w in words)
    assert 10 <= len(paths["similar_employee"]) <= 20
    # The newest cases of one organisation (Karolinska), the same on every run.
    ids = {int(path.rstrip("/").rsplit("/", 1)[1]) for path in paths["case"]}
    karolinska = Case.objects.filter(organisation=built.orgs["karolinska"]).order_by("-pk")
    assert ids == set(karolinska.values_list("pk", flat=True)[:200])
    assert plan.old_plan(built) == old
    # The call the old bench measured, not one of the sized calls added after it.
    assert paths["overview"][0] not in {p for _pk, ps in context["sized"].values() for p in ps}
    # Pages the old bench did not have: no paths, "–" in the table.
    assert set(paths) < {t.key for t in [bench.FLOOR, *bench.TARGETS]}
    assert "search_advisor" not in paths and "similar_employee" in paths

    assert bench.METHODS["both"] == ["honest", "old"]
    plans = bench.load_plans(
        bench.METHODS["both"],
        built,
        who,
        context,
        only={"start", "search_advisor"},
        seconds=0.3,
        clients=2,
        think=0.05,
        cold_seconds=0.2,
        per_second=5,
    )
    honest = {t["name"]: t for t in plans["honest"]["targets"]}
    targets = {t["name"]: t for t in plans["old"]["targets"]}
    assert set(honest) == {"floor", "start", "search_advisor"}
    assert set(targets) == {"floor", "start"}
    # The old: warmed up, no cold pass, clients in turn; the honest: a cold pass and writes.
    assert all(t["warmup"] == 40 and not t["cold_seconds"] for t in targets.values())
    assert all(t["in_turn"] for t in targets.values())
    assert honest["start"]["cold_seconds"] and not honest["start"]["in_turn"]
    assert plans["honest"]["writes"]["jobs"] and not plans["old"]["writes"]["jobs"]

    results, done = bench.run_load(base, plans["honest"])
    old_results, old_done = bench.run_load(base, plans["old"])
    assert old_done == {} and sum(r["requests"] + r["errors"] for r in done.values())
    assert old_results["start"]["plan"] == {"people": 1, "paths": 1}
    assert "cold" in results["start"] and "cold" not in old_results["start"]
    assert old_results["start"]["paced"]["errors"] == 0

    text = bench.table(results, who, old_results).splitlines()
    assert "| Old bench, same dataset (p95 ms paced) | Old bench, capacity req/s |" in text[0]
    assert text[0].count("|") == text[1].count("|")
    rows = {line.split(" | ")[0].lstrip("| "): line.split(" | ") for line in text[2:]}
    column = text[0].split(" | ").index("Old bench, same dataset (p95 ms paced)")
    start = rows["Start page (advisor)"]
    assert start[column] == str(old_results["start"]["paced"]["p95_ms"])
    assert start[column + 1] == str(old_results["start"]["saturated"]["rps"])
    assert rows["Register search (advisor)"][column : column + 2] == ["–", "–"]
    assert "Old bench" not in bench.table(results, who)


def built_password():
    from slussen.bench import dataset

    return dataset.PASSWORD


def _comments():
    from slussen.cases.models import CaseEvent

    return CaseEvent.objects.filter(type="comment").count()
