"""Measure Slussen's fund pages against Hypha's on the same data with the same driver
(``slussen/bench/load.py``): the same clients, seconds and concurrency, runs alternating
between the two servers so that what else the machine does hits both alike.

Run by ``scripts/compare-hypha`` in Slussen's virtualenv, with both gunicorns started:
  SLUSSEN_BASE, HYPHA_BASE   the two servers
  HYPHA_INFO                 the JSON of ``seed.py sessions`` (Hypha's logged-in staff, rounds)
  DATABASE_URL               Slussen's bench database (for its calls' and applications' ids)
  COMPARE_CLIENTS (20), COMPARE_SECONDS (10), COMPARE_RUNS (3), COMPARE_ONLY (pair keys)
Writes var/bench/hypha-compare.md and .json and prints the table.
"""

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # Slussen's repository
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "slussen.bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

from slussen.bench import dataset  # noqa: E402
from slussen.bench.load import drive, login  # noqa: E402
from slussen.bench.plan import people  # noqa: E402


def log(text):
    print(text, file=sys.stderr, flush=True)


def slussen_side(rng):
    """Paths of Slussen's fund pages on the bench's calls of two sizes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, count(a.id), c.grant_year FROM fund_call c JOIN fund_application a "
            "ON a.call_id = c.id WHERE c.title LIKE %s GROUP BY c.id ORDER BY 2",
            [dataset.SIZED_TITLE + "%"],
        )
        calls = {n: (pk, year) for pk, n, year in cursor.fetchall()}
        found = {}
        for n, (pk, _year) in calls.items():
            cursor.execute("SELECT id FROM fund_application WHERE call_id = %s ORDER BY id", [pk])
            ids = [row[0] for row in cursor.fetchall()]
            found[n] = rng.sample(ids, min(300, len(ids)))
        cursor.execute("SELECT DISTINCT grant_year FROM fund_call ORDER BY 1")
        years = [row[0] for row in cursor.fetchall()]
    paths = {}
    for n, (pk, _year) in calls.items():
        overview = reverse("fund:overview", args=[pk])
        paths[f"list_{n}"] = [overview] + [f"{overview}?page={p}" for p in range(2, 6)]
        applications = reverse("fund:applications")
        paths[f"status_{n}"] = [
            f"{applications}?call={pk}&state=granted" + ("" if page == 1 else f"&page={page}")
            for page in range(1, 6)
        ]
        paths[f"detail_{n}"] = [reverse("fund:application", args=[a]) for a in found[n]]
    statistics_ = reverse("fund:statistics")
    paths["statistics"] = [f"{statistics_}?year={y}" for y in years]
    paths["floor"] = [reverse("core:health")]
    return paths


def hypha_side(info):
    paths = {}
    for n, round_ in info["rounds"].items():
        r = round_["round"]
        listing = "/apply/submissions/all/"
        paths[f"list_{n}"] = [f"{listing}?round={r}"] + [
            f"{listing}?round={r}&page={p}" for p in range(2, 6)
        ]
        paths[f"status_{n}"] = [
            f"{listing}?round={r}&status=accepted" + ("" if p == 1 else f"&page={p}")
            for p in range(1, 6)
        ]
        paths[f"detail_{n}"] = [f"/apply/submissions/{pk}/" for pk in round_["submissions"]]
        paths[f"reviews_{n}"] = [f"/apply/submissions/{pk}/reviews/" for pk in round_["decided"]]
    rounds = [round_["round"] for round_ in info["rounds"].values()]
    paths["statistics"] = ["/apply/submissions/result/"] + [
        f"/apply/submissions/result/?round={r}" for r in rounds
    ]
    paths["floor"] = ["/health/"]
    return paths


# (key, what Slussen serves, what Hypha serves); keys ending in _N are per call size.
PAIRS = [
    ("floor", "/health/ (one small answer behind the middleware)", "/health/"),
    ("list", "call overview, pages 1–5 (ranked by weighted score)",
     "submissions list of the round, pages 1–5"),
    ("status", "all applications: the call, state granted, pages 1–5",
     "submissions list: the round, status accepted, pages 1–5"),
    ("detail", "an application's page (answers, reviews, scores)",
     "a submission's page"),
    ("reviews", "an application's page (its reviews are on it)",
     "a submission's reviews"),
    ("statistics", "fund statistics, per year", "submissions results (totals, values)"),
]  # fmt: skip


def main():
    clients = int(os.environ.get("COMPARE_CLIENTS", "20"))
    seconds = float(os.environ.get("COMPARE_SECONDS", "10"))
    runs = int(os.environ.get("COMPARE_RUNS", "3"))
    only = {k for k in os.environ.get("COMPARE_ONLY", "").split(",") if k}
    bases = {"slussen": os.environ["SLUSSEN_BASE"], "hypha": os.environ["HYPHA_BASE"]}
    info = json.loads(Path(os.environ["HYPHA_INFO"]).read_text())
    rng = random.Random(7)
    paths = {"slussen": slussen_side(rng), "hypha": hypha_side(info)}
    # The application's page is also the page of its reviews in Slussen.
    for key in list(paths["hypha"]):
        if key.startswith("reviews_"):
            paths["slussen"][key] = paths["slussen"]["detail_" + key.split("_")[1]]
    sizes = sorted(int(n) for n in info["rounds"])
    coordinators = [email for _pk, email, _org in people(dataset.Existing())["coordinator"]]
    sessions = {
        "slussen": [
            (email, bases["slussen"], login(bases["slussen"], email, dataset.PASSWORD))
            for email in coordinators
        ],
        "hypha": [
            (email, bases["hypha"], {info["cookie"]: key}) for email, key in info["sessions"]
        ],
    }
    targets = []
    for key, slussen_label, hypha_label in PAIRS:
        keys = [key] if key in paths["hypha"] else [f"{key}_{n}" for n in sizes]
        for k in keys:
            if only and k not in only and key not in only:
                continue
            if k in paths["slussen"] and k in paths["hypha"]:
                targets.append((k, slussen_label, hypha_label))
    log(
        f"{len(targets)} pairs, {runs} alternating runs of {seconds:g} s, {clients} clients; "
        f"{len(sessions['slussen'])} Slussen coordinators, {len(sessions['hypha'])} Hypha staff"
    )
    results = {k: {"slussen": [], "hypha": []} for k, _s, _h in targets}
    # Warm every worker of both servers on every page first.
    for k, _s, _h in targets:
        for side in ("slussen", "hypha"):
            drive(sessions[side], {"*": paths[side][k]}, 2.0, clients, 60, seed=1)
    for run in range(runs):
        order = ("slussen", "hypha") if run % 2 == 0 else ("hypha", "slussen")
        for k, _s, _h in targets:
            for side in order:
                result = drive(
                    sessions[side], {"*": paths[side][k]}, seconds, clients, seed=10 + run
                )
                results[k][side].append(result)
                log(
                    f"  run {run + 1} {k:<14} {side:<8} {result['rps']:>7} req/s "
                    f"p50 {result['p50_ms']} ms p95 {result['p95_ms']} ms "
                    f"{result['errors']} errors {result['error_sample'][:1]}"
                )
    lines = [
        "| Page (Slussen / Hypha) | Slussen req/s | p50 ms | p95 ms | Hypha req/s | p50 ms "
        "| p95 ms | Slussen ÷ Hypha | Bytes S / H | Errors S / H |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    summary = {}
    for k, slussen_label, hypha_label in targets:
        row = {}
        for side in ("slussen", "hypha"):
            done = results[k][side]
            row[side] = {
                "rps": round(statistics.median(r["rps"] for r in done), 1),
                "rps_runs": [r["rps"] for r in done],
                "p50_ms": round(statistics.median(r["p50_ms"] or 0 for r in done), 1),
                "p95_ms": round(statistics.median(r["p95_ms"] or 0 for r in done), 1),
                "bytes": done[-1]["bytes"],
                "errors": sum(r["errors"] for r in done),
            }
        ratio = row["slussen"]["rps"] / row["hypha"]["rps"] if row["hypha"]["rps"] else None
        row["ratio"] = round(ratio, 1) if ratio else None
        summary[k] = row
        size = k.rsplit("_", 1)[1] if k.rsplit("_", 1)[-1].isdigit() else ""
        label = f"{slussen_label} / {hypha_label}"
        label += f" — {int(size):,} applications" if size else ""
        s, h = row["slussen"], row["hypha"]
        lines.append(
            f"| {label} | {s['rps']} | {s['p50_ms']} | {s['p95_ms']} | {h['rps']} "
            f"| {h['p50_ms']} | {h['p95_ms']} | {row['ratio'] or '–'}× | {s['bytes']} / "
            f"{h['bytes']} | {s['errors']} / {h['errors']} |"
        )
    meta = {
        "clients": clients,
        "seconds": seconds,
        "runs": runs,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "finished": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "hypha_commit": os.environ.get("HYPHA_COMMIT", ""),
        "workers": os.environ.get("COMPARE_WORKERS", ""),
    }
    text = "\n".join(
        [
            "# Slussen's fund pages against Hypha's, same data, same driver",
            "",
            f"{clients} concurrent clients per page, {runs} alternating runs of {seconds:g} s "
            f"(median of the runs), gunicorn with {meta['workers']} sync workers each, DEBUG "
            f"off, {meta['cpus']} CPUs shared with the clients and other work (load average "
            f"after: {meta['load_average'][0]}); Hypha {meta['hypha_commit'][:12]}.",
            "",
            *lines,
            "",
        ]
    )
    out = Path(settings.VAR_DIR) / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "hypha-compare.md").write_text(text, encoding="utf-8")
    (out / "hypha-compare.json").write_text(
        json.dumps({"meta": meta, "pages": summary, "runs": results}, indent=2), encoding="utf-8"
    )
    print(text)
    log(f"Written to {out / 'hypha-compare.md'} and .json")


if __name__ == "__main__":
    main()
