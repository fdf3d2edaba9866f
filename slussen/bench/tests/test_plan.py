"""The honest bench's plan at a tiny scale: its own people per role and scope, varied paths,
seeded searches with misses, writes through the forms, the search index's size."""

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
    assert index["table_bytes"] > 0 and len(index["index_bytes"]) == 3

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


def built_password():
    from slussen.bench import dataset

    return dataset.PASSWORD


def _comments():
    from slussen.cases.models import CaseEvent

    return CaseEvent.objects.filter(type="comment").count()
