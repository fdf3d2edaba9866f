"""What the load clients ask for: the people they log in as (many per role, each with her own
scope), varied paths with real ids and words of the dataset, searches and texts drawn with a
seeded generator, and the writes made during the load. Read from a built dataset."""

import os
import random

from django.db import connection
from django.urls import reverse

from slussen.bench import dataset

PEOPLE_PER_ROLE = int(os.environ.get("BENCH_PEOPLE", "10"))
# Letters to make words that occur nowhere (a search that finds nothing).
LETTERS = "abdefghijklmnoprstuvyåäö"


def people(builder, per_role=PEOPLE_PER_ROLE):
    """Who the clients log in as, by role, each with her own scope: {role: [(user id, e-mail,
    organisation id)]}. Advisors of an organisation with none below it (one organisation),
    heads of innovation units (their organisation and those below it), coordinators
    (region-wide), employees, experts; the builder's own ``bench-…`` people among them."""
    rng = random.Random(11)
    leaves = "NOT EXISTS (SELECT 1 FROM accounts_organisation c WHERE c.parent_id = o.id)"
    roles = {
        "coordinator": ("coordinator", "TRUE"),
        "advisor": ("advisor", f"{leaves} AND o.kind <> 'external'"),
        "head": ("innovation_head", "TRUE"),
        "employee": ("employee", "TRUE"),
        "expert": ("expert", "TRUE"),
    }
    found = {}
    with connection.cursor() as cursor:
        for key, (role, where) in roles.items():
            cursor.execute(
                "SELECT u.id, u.email, m.organisation_id FROM accounts_user u "
                "JOIN accounts_membership m ON m.user_id = u.id "
                "JOIN accounts_organisation o ON o.id = m.organisation_id "
                f"WHERE m.role = %s AND u.is_active AND {where} "
                "AND u.email LIKE %s ORDER BY u.id",
                [role, "%@bench.example.org"],
            )
            rows = cursor.fetchall()
            # Spread over the organisations: one person of each in turn.
            by_org = {}
            for row in rows:
                by_org.setdefault(row[2], []).append(row)
            orgs = sorted(by_org)
            rng.shuffle(orgs)
            picked = []
            while len(picked) < per_role and any(by_org.values()):
                for org in orgs:
                    if by_org[org] and len(picked) < per_role:
                        picked.append(by_org[org].pop(0))
            found[key] = picked
    return found


def vocabulary(rows):
    """Words of titles and descriptions, by frequency (duplicates kept)."""
    from slussen.core import search

    return [w for row in rows for text in row for w in search.words(text or "")]


def non_word(rng):
    return "".join(rng.choice(LETTERS) for _ in range(rng.randint(6, 10)))


def queries(rng, titles, vocabulary_, n):
    """``n`` searches as people type them, drawn with a seeded generator from the data's
    vocabulary: two or three words of one title (they should find it), two words drawn apart
    (they may find nothing), a word and the beginning of another, and misses (a word and a
    word that occurs nowhere, or only a non-word)."""
    found = []
    for i in range(n):
        kind = i % 10
        if kind < 4:
            title = rng.choice(titles).split()
            k = min(len(title), rng.randint(2, 3))
            start = rng.randrange(len(title) - k + 1)
            q = " ".join(title[start : start + k])
        elif kind < 6:
            q = " ".join(rng.sample(vocabulary_, 2))
        elif kind < 8:
            word, other = rng.sample(vocabulary_, 2)
            q = f"{word} {other[: max(4, len(other) // 2)]}"
        elif kind < 9:
            q = f"{rng.choice(vocabulary_)} {non_word(rng)}"
        else:
            q = non_word(rng)
        found.append(q.lower())
    return found


def texts(rng, cases, vocabulary_, n):
    """``n`` texts to find similar cases for: half a case of the dataset reworded (words
    dropped, shuffled, some replaced), half new text from the vocabulary."""
    found = []
    for i in range(n):
        if i % 2 == 0:
            title, description = rng.choice(cases)
            kept = [w for w in (description or "").split() if rng.random() < 0.7]
            for _ in range(len(kept) // 5):
                kept[rng.randrange(len(kept))] = rng.choice(vocabulary_)
            rng.shuffle(kept)
            words = title.split()
            title = " ".join(rng.sample(words, max(1, len(words) - 1)))
            description = " ".join(kept)
        else:
            title = " ".join(rng.choices(vocabulary_, k=rng.randint(3, 7)))
            description = " ".join(rng.choices(vocabulary_, k=rng.randint(15, 50)))
        found.append((title.capitalize(), description[:400]))
    return found


def sample_ids(cursor, table, rng, k, where="TRUE", params=()):
    """About ``k`` ids of ``table`` spread over the whole table (seeded, without a scan)."""
    cursor.execute(f"SELECT min(id), max(id) FROM {table}")
    low, high = cursor.fetchone()
    if low is None:
        return []
    picked = rng.sample(range(low, high + 1), min(k, high - low + 1))
    cursor.execute(
        f"SELECT id FROM {table} WHERE id = ANY(%s) AND {where} ORDER BY id", [picked, *params]
    )
    return [row[0] for row in cursor.fetchall()]


def plan_context(builder, who, n=300):
    """Paths with real ids and words from the dataset, varied: {"*": [...]} for everyone or
    per person (her own cases)."""
    from urllib.parse import urlencode

    rng = random.Random(7)
    last_year = builder.this_year - 1
    years = list(range(builder.this_year - 9, builder.this_year + 1))
    with connection.cursor() as cursor:
        ids = sample_ids(cursor, "cases_case", rng, 600)
        cursor.execute(
            "SELECT title, description FROM cases_case WHERE id = ANY(%s) ORDER BY id", [ids]
        )
        cases = cursor.fetchall()
        ids = sample_ids(cursor, "testbeds_record", rng, 400)
        cursor.execute(
            "SELECT title, body FROM testbeds_record WHERE id = ANY(%s) ORDER BY id", [ids]
        )
        records = cursor.fetchall()
        # Each advisor's own cases, spread over every year of the register.
        own = {}
        for _pk, email, org in who["advisor"]:
            ids = sample_ids(cursor, "cases_case", rng, 20000, "organisation_id = %s", [org])
            own[email] = [reverse("cases:detail", args=[pk]) for pk in ids[:300]]
        cursor.execute(
            "SELECT a.call_id FROM fund_application a JOIN fund_call c ON c.id = a.call_id "
            "WHERE a.decided_at IS NOT NULL AND c.title NOT LIKE %s "
            "GROUP BY a.call_id ORDER BY a.call_id DESC",
            [dataset.SIZED_TITLE + "%"],
        )
        calls = [row[0] for row in cursor.fetchall()]
        # The calls of two sizes (``dataset.sized_calls``): {applications: call id}.
        cursor.execute(
            "SELECT c.id, count(a.id) FROM fund_call c JOIN fund_application a "
            "ON a.call_id = c.id WHERE c.title LIKE %s GROUP BY c.id ORDER BY 2",
            [dataset.SIZED_TITLE + "%"],
        )
        sized = cursor.fetchall()
        cursor.execute("SELECT id FROM accounts_organisation WHERE kind <> 'external'")
        orgs = [row[0] for row in cursor.fetchall()]
    register = reverse("cases:register")
    kinds = ["idea", "need", "proposal", "collaboration", "fund_application", ""]
    states = ["new", "assessing", "referred", "closed", "accepted", ""]

    def filters(with_org, pages=True):
        found = []
        for _ in range(n):
            query = {
                "kind": rng.choice(kinds),
                "state": rng.choice(states),
                "year": rng.choice([*years, "", ""]),
                "organisation": rng.choice(orgs) if with_org and rng.random() < 0.3 else "",
                "page": rng.choice([1, 1, 1, 2, 3]) if pages else 1,
            }
            found.append(urlencode({k: v for k, v in query.items() if v not in ("", 1)}))
        return found

    def overview(pk, page):
        path = reverse("fund:overview", args=[pk])
        return path if page == 1 else f"{path}?page={page}"

    case_vocabulary = vocabulary(cases)
    record_vocabulary = vocabulary(records)
    similar = reverse("intake:similar")
    results = reverse("testbeds:results")
    api = reverse("api:cases")
    return {
        "last_year": last_year,
        "register": {"*": [f"{register}?{f}" for f in filters(True)]},
        "register_advisor": {"*": [f"{register}?{f}" for f in filters(False)]},
        "search": {
            "*": [
                f"{register}?{urlencode({'q': q})}"
                for q in queries(rng, [t for t, _d in cases], case_vocabulary, n)
            ]
        },
        "similar": {
            "*": [
                f"{similar}?{urlencode({'title': t, 'description': d})}"
                for t, d in texts(rng, cases, case_vocabulary, n)
            ]
        },
        "results": {
            "*": [
                f"{results}?{urlencode({'q': q})}"
                for q in queries(rng, [t for t, _b in records], record_vocabulary, n)
            ]
        },
        "case": own,
        "overview": {"*": [reverse("fund:overview", args=[call]) for call in calls[:8]]},
        # The first pages of the smaller and the larger call, nothing changed between them.
        "sized": {n: (pk, [overview(pk, page) for page in range(1, 6)]) for pk, n in sized},
        "statistics": {"*": [reverse("fund:statistics") + f"?year={y}" for y in years[:-1]]},
        "api": {"*": [f"{api}?{f}" for f in filters(False, pages=False)]},
    }


def writes(builder, who, per_second):
    """The writes made during the load, through the forms: ideas registered by employees,
    comments by advisors on their own organisation's cases, reviews saved by experts."""
    rng = random.Random(13)
    jobs = []
    with connection.cursor() as cursor:
        for _pk, email, org in who["employee"]:
            jobs.append(
                {
                    "kind": "registration",
                    "email": email,
                    "form": reverse("intake:idea"),
                    "post": reverse("intake:idea"),
                    "data": {
                        "kind": "idea",
                        "title": "Mätning under last: bättre flöde på mottagningen",
                        "problem": "Patienterna väntar länge i kö vid inskrivningen.",
                        "for_whom": "Patienter och personal",
                        "organisation": org,
                    },
                }
            )
        for _pk, email, org in who["advisor"]:
            for pk in sample_ids(cursor, "cases_case", rng, 5000, "organisation_id = %s", [org])[
                :5
            ]:
                jobs.append(
                    {
                        "kind": "comment",
                        "email": email,
                        "form": reverse("cases:detail", args=[pk]),
                        "post": reverse("cases:comment", args=[pk]),
                        "data": {"body": "Kommentar under mätningen.", "internal": "on"},
                    }
                )
        # Reviews an expert has declared for and not finished, in applications under review.
        cursor.execute(
            "SELECT r.application_id, u.email, array_agg(c.id ORDER BY c.id) "
            "FROM fund_review r JOIN accounts_user u ON u.id = r.expert_id "
            "JOIN fund_application a ON a.id = r.application_id "
            "JOIN core_workflowstate s ON s.id = a.state_id "
            "JOIN fund_criterion c ON c.call_id = a.call_id "
            "WHERE s.code = 'review' AND NOT r.has_conflict AND r.submitted_at IS NULL "
            "GROUP BY 1, 2 ORDER BY 1 LIMIT 30"
        )
        for application, email, criteria in cursor.fetchall():
            data = {
                "step": "score",
                "recommendation": rng.choice(["grant", "grant_with_changes", "reject"]),
            }
            for criterion in criteria:
                data[f"score_{criterion}"] = str(rng.randint(1, 5))
                data[f"comment_{criterion}"] = "Bedömt under mätningen."
            path = reverse("fund:review", args=[application])
            jobs.append(
                {"kind": "review", "email": email, "form": path, "post": path, "data": data}
            )
    # The kinds in turn (a registration, a comment, a review, …), each kind's jobs shuffled.
    by_kind = {}
    for job in jobs:
        job["password"] = dataset.PASSWORD
        by_kind.setdefault(job["kind"], []).append(job)
    for found in by_kind.values():
        rng.shuffle(found)
    longest = max((len(found) for found in by_kind.values()), default=0)
    jobs = [
        found[i % len(found)] for i in range(longest) for _kind, found in sorted(by_kind.items())
    ]
    return {"per_second": per_second, "jobs": jobs}


def index_size():
    """The one search index (``core.SearchEntry``): rows per document type, bytes of the table
    and of each of its indexes."""
    from slussen.core.models import SearchEntry

    table = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT doc_type, count(*) FROM {table} GROUP BY 1 ORDER BY 1")
        rows = dict(cursor.fetchall())
        cursor.execute("SELECT pg_table_size(%s::regclass)", [table])
        table_bytes = cursor.fetchone()[0]
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index "
            "WHERE indrelid = %s::regclass ORDER BY 1",
            [table],
        )
        indexes = dict(cursor.fetchall())
        cursor.execute(
            "SELECT (SELECT count(*) FROM core_searchterm), (SELECT count(*) FROM core_searchpart),"
            " pg_total_relation_size('core_searchterm') + pg_total_relation_size('core_searchpart')"
        )
        stems, parts, vocabulary_bytes = cursor.fetchone()
        cursor.execute(
            "SELECT count(*), pg_table_size('core_searchdocument'),"
            " pg_indexes_size('core_searchdocument') FROM core_searchdocument"
        )
        documents, documents_bytes, documents_index_bytes = cursor.fetchone()
    return {
        "table": table,
        "rows": rows,
        "table_bytes": table_bytes,
        "index_bytes": indexes,
        "vocabulary": {"stems": stems, "parts": parts, "bytes": vocabulary_bytes},
        "documents": {
            "rows": documents,
            "bytes": documents_bytes,
            "index_bytes": documents_index_bytes,
        },
    }


def old_plan(builder):
    """The old bench's method, kept to measure the same pages on the same dataset beside the
    honest one (``BENCH_METHOD=old`` or ``both``), as its code did before the honest bench
    replaced it: one person per role (the builder's ``bench-…`` people) whose log-in all the
    clients share; the same few paths per page (one URL for most; six register filters; 20
    single words of the data searched as the coordinator; 20 case texts for similar cases as
    the employee; the 200 newest cases of one organisation; one call; one year; four API
    filters); every page warmed before it is timed; nothing written during the load.
    {"users": {role: [[email, password]]}, "paths": {target key: [...]}, "writes": {...}}:
    the pages it did not have have no key."""
    from urllib.parse import urlencode

    rng = random.Random(7)
    last_year = builder.this_year - 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM cases_case WHERE organisation_id = %s ORDER BY id DESC LIMIT 200",
            [builder.orgs["karolinska"].pk],
        )
        case_ids = [row[0] for row in cursor.fetchall()]
        # The same words on every run over the same data: cases picked by id with a seeded
        # generator.
        cursor.execute("SELECT min(id), max(id) FROM cases_case")
        low, high = cursor.fetchone()
        picked = rng.sample(range(low, high + 1), min(20, high - low + 1))
        cursor.execute(
            "SELECT title, description FROM cases_case WHERE id = ANY(%s) ORDER BY id", [picked]
        )
        texts = cursor.fetchall()
        # The newest call with decisions; the calls of two sizes came after the old bench
        # (``dataset.sized_calls``): it never saw them.
        cursor.execute(
            "SELECT a.call_id FROM fund_application a JOIN fund_call c ON c.id = a.call_id "
            "WHERE a.decided_at IS NOT NULL AND c.title NOT LIKE %s "
            "GROUP BY a.call_id ORDER BY a.call_id DESC LIMIT 1",
            [dataset.SIZED_TITLE + "%"],
        )
        call = cursor.fetchone()[0]
    register = reverse("cases:register")
    filters = [
        "kind=idea",
        "state=closed",
        "kind=need&state=referred",
        f"year={last_year}",
        f"kind=proposal&year={last_year}",
        "state=new",
    ]
    words = [title.split()[0] for title, _description in texts if title]
    similar = reverse("intake:similar")
    api = reverse("api:cases")
    return {
        "users": {
            key: [[f"bench-{key}@bench.example.org", dataset.PASSWORD]]
            for key in dataset.BENCH_PEOPLE
        },
        "paths": {
            "floor": [reverse("core:health")],
            "start": [reverse("core:home")],
            "register": [f"{register}?{f}" for f in filters],
            "search": [f"{register}?{urlencode({'q': w})}" for w in words],
            "similar_employee": [
                f"{similar}?{urlencode({'title': t, 'description': d[:400]})}" for t, d in texts
            ],
            "case": [
                reverse("cases:detail", args=[pk]) for pk in rng.sample(case_ids, len(case_ids))
            ],
            "queue": [reverse("intake:queue")],
            "portfolio": [reverse("process:portfolio")],
            "overview": [reverse("fund:overview", args=[call])],
            "statistics": [reverse("fund:statistics") + f"?year={last_year}"],
            "api": [
                f"{api}?{f}"
                for f in ["kind=idea", "state=new", f"year={last_year}", "kind=need&state=referred"]
            ],
            "report_pdf": [reverse("bokslut:report_pdf", args=[last_year])],
        },
        "writes": {"per_second": 0, "jobs": []},
    }
