"""``make bench``: build a region-scale dataset, serve it with gunicorn, measure the key pages.

Run through ``scripts/bench`` (which builds on a server with fast settings and measures after
restarting it with a region's: fsync, synchronous commits, full page writes, autovacuum).
Environment:
  BENCH_SCALE    dataset size, 1.0 = a million cases (default 1.0; 0.01 for a quick run)
  BENCH_CLIENTS  concurrent clients (20)       BENCH_SECONDS  seconds per page and run (10)
  BENCH_THINK    mean pause of a client between requests in the paced run, seconds (1.0)
  BENCH_WORKERS  gunicorn workers (2 × cores + 1)
  BENCH_PEOPLE   people per role the clients log in as (10)
  BENCH_WRITES   writes per second through the forms during the load (1)
  BENCH_COLD_SECONDS  seconds of the cold pass per page (5)
  BENCH_ONLY     measure only these pages (keys of TARGETS, comma-separated; the floor always)
  BENCH_PHASE    all (default), build (only build the dataset) or measure
  BENCH_CALL_SIZES  applications of the two fund calls whose overview is compared
                 (default 2000,20000 from scale 0.01 up; see ``dataset.sized_calls``)
  BENCH_DATABASE_URL  measure a database an earlier run built and kept, instead of building
                 one on a throwaway server (the build of a million cases takes hours)
  BENCH_METHOD   honest (default), old (the old bench's method, see below) or both (the
                 honest, then the old on the same server and dataset: the table gets the old
                 method's paced p95 and capacity beside the honest figures)

Every client logs in as its own person of the page's role and walks its own paths (see
``plan``). Each page is driven first cold (right after gunicorn started, the application's
caches emptied), then, after a warm-up, twice: without pauses (the capacity, in requests per
second, its ratio to the floor, and its p95/p99, mostly queueing) and with a think time (the
latencies people see, judged against the targets), while a writer registers ideas, comments
and saves reviews. The floor is ``/health/``: a minimal view (one ``SELECT 1``, a few bytes
of JSON) behind the same middleware, with the same logged-in session, so the ratio shows what
each page costs beyond what every request costs.

The old method (``plan.old_plan``) is the bench as it was before this one, kept to show what
it hid: one log-in per role shared by all the clients, one URL per page for most (the same 200
case pages, 20 single-word searches as the coordinator only, 20 similar-case texts), every page
warmed up, nothing written, no cold pass, judged on the paced p95. Its figures for the same
pages of a kept dataset, beside the honest ones (the build is not repeated):
  BENCH_METHOD=both BENCH_DATABASE_URL=postgres://slussen@127.0.0.1:55432/slussen scripts/bench
Results: the screen, ``var/bench/results.md`` and ``var/bench/results.json``.
"""

import json
import os
import platform
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

if __name__ == "__main__":  # imported by the tests: their settings stay
    os.environ["DJANGO_SETTINGS_MODULE"] = "slussen.bench.settings"

    import django

    django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

from slussen.bench import dataset  # noqa: E402
from slussen.bench import server as bench_server  # noqa: E402
from slussen.bench.plan import (  # noqa: E402
    index_size,
    old_plan,
    people,
    plan_context,
    writes,
)

OUT = Path(settings.VAR_DIR) / "bench"


@dataclass
class Target:
    key: str
    label: str
    role: str
    paths: object  # function of the plan context -> list of paths
    p95_ms: float | None = 100  # the target (None: none)
    clients: int | None = None  # default: BENCH_CLIENTS
    requests: int | None = None  # default: as many as fit in BENCH_SECONDS


def _sized(context, index):
    """The overview's paths of the smaller (0) or larger (-1) call of ``dataset.sized_calls``."""
    sizes = sorted(context["sized"])
    return context["sized"][sizes[index]][1] if sizes else []


FLOOR = Target(
    "floor",
    "Floor: /health/ (same middleware, session)",
    "coordinator",
    lambda c: [reverse("core:health")],
    None,
)
# One line per key page and API endpoint. Roles (many people each, see ``people``):
# coordinator (region-wide), advisor (one organisation), head (head of an innovation unit,
# the organisation and those below it), employee, expert.
TARGETS = [
    Target("start", "Start page (advisor)", "advisor", lambda c: [reverse("core:home")]),
    Target("start_head", "Start page (head of unit)", "head", lambda c: [reverse("core:home")]),
    Target("register", "Register, filtered (coordinator)", "coordinator", lambda c: c["register"]),
    Target(
        "register_advisor",
        "Register, filtered (advisor)",
        "advisor",
        lambda c: c["register_advisor"],
    ),
    Target("search", "Register search (coordinator)", "coordinator", lambda c: c["search"], 50),
    Target("search_advisor", "Register search (advisor)", "advisor", lambda c: c["search"], 50),
    Target(
        "similar",
        "Similar-case suggestions (coordinator)",
        "coordinator",
        lambda c: c["similar"],
        50,
    ),
    Target(
        "similar_advisor",
        "Similar-case suggestions (advisor)",
        "advisor",
        lambda c: c["similar"],
        50,
    ),
    Target(
        "similar_employee",
        "Similar-case suggestions (employee)",
        "employee",
        lambda c: c["similar"],
        50,
    ),
    Target(
        "results",
        "Test plans and results search (coordinator)",
        "coordinator",
        lambda c: c["results"],
        50,
    ),
    Target(
        "results_advisor",
        "Test plans and results search (advisor)",
        "advisor",
        lambda c: c["results"],
        50,
    ),
    Target("case", "Case page (advisor, own cases)", "advisor", lambda c: c["case"]),
    Target(
        "queue",
        "Work queue, intake triage (advisor)",
        "advisor",
        lambda c: [reverse("intake:queue")],
    ),
    Target(
        "queue_head",
        "Work queue, intake triage (head of unit)",
        "head",
        lambda c: [reverse("intake:queue")],
    ),
    Target(
        "portfolio",
        "Portfolio, process (coordinator)",
        "coordinator",
        lambda c: [reverse("process:portfolio")],
    ),
    Target("overview", "Fund call overview (coordinator)", "coordinator", lambda c: c["overview"]),
    Target(
        "overview_small",
        "Fund call overview, the smaller call (coordinator)",
        "coordinator",
        lambda c: _sized(c, 0),
    ),
    Target(
        "overview_large",
        "Fund call overview, the call ten times larger (coordinator)",
        "coordinator",
        lambda c: _sized(c, -1),
    ),
    Target("statistics", "Fund statistics (coordinator)", "coordinator", lambda c: c["statistics"]),
    Target("api", "API list: cases (advisor)", "advisor", lambda c: c["api"]),
    Target(
        "report_pdf",
        "Annual report PDF (coordinator)",
        "coordinator",
        lambda c: [reverse("bokslut:report_pdf", args=[c["last_year"]])],
        5000,
        1,
        3,
    ),
]


# BENCH_METHOD: the methods measured, one after the other on the same server and dataset.
METHODS = {"honest": ["honest"], "old": ["old"], "both": ["honest", "old"]}


def load_plans(
    methods, builder, who, context, *, only, seconds, clients, think, cold_seconds, per_second
):
    """The load process's plan per method: "honest" (many people per role, each her own paths,
    writes through the forms, a cold pass) and "old" (``plan.old_plan``: one person per role
    shared by the clients, the old bench's few paths, no writes, no cold pass, the clients
    walking the paths in turn), for the same pages (the old: those it had) and the same driver
    (``load``). Both warm every page up before it is timed."""
    plans = {}
    for method in methods:
        if method == "old":
            old = old_plan(builder)
            users, paths, write_plan = old["users"], old["paths"], old["writes"]
        else:
            users = {
                role: [[email, dataset.PASSWORD] for _pk, email, _org in found]
                for role, found in who.items()
            }
            paths = {t.key: t.paths(context) for t in [FLOOR, *TARGETS]}
            write_plan = writes(builder, who, per_second)
        targets = []
        for t in [FLOOR, *TARGETS]:
            if (only and t.key not in only and t is not FLOOR) or t.key not in paths:
                continue
            found = paths[t.key] if isinstance(paths[t.key], dict) else {"*": paths[t.key]}
            if not any(found.values()):  # a dataset built before these pages were measured
                continue
            cold = method != "old" and not t.requests and t is not FLOOR
            targets.append(
                {
                    "name": t.key,
                    "role": t.role,
                    "paths": found,
                    "seconds": seconds if t.requests is None else 600,
                    "clients": t.clients or clients,
                    "requests": t.requests,
                    "warmup": 1 if t.requests else 40,
                    "cold_seconds": cold_seconds if cold else 0,
                    "in_turn": method == "old",
                }
            )
        plans[method] = {
            "users": users,
            "think": think,
            "seed": 7,
            "targets": targets,
            "writes": write_plan,
        }
    return plans


def run_load(base, plan):
    """Drive the server at ``base`` with a plan of ``load_plans`` in the load process:
    (results per page, each with its plan's people and distinct paths; the writes done)."""
    load = subprocess.run(
        [sys.executable, "-m", "slussen.bench.load"],
        input=json.dumps({"base": base, **plan}),
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    results = json.loads(load.stdout)
    done_writes = results.pop("_writes", {})
    for t in plan["targets"]:
        if t["name"] in results:
            results[t["name"]]["plan"] = {
                "people": len(plan["users"][t["role"]]),
                "paths": len({p for ps in t["paths"].values() for p in ps}),
            }
    return results, done_writes


def old_lines(clients, seconds, think, both):
    """How the old method measured (``plan.old_plan``): its columns beside the honest figures
    (``both``) or the whole table."""
    where = (
        f"- {OLD_COLUMNS.replace(' | ', ' and ')}: the old bench's method, run right after the "
        "honest one on the same server and dataset"
        if both
        else "- The old bench's method (`BENCH_METHOD=old`)"
    )
    return (
        f"{where}, as it was before the honest bench replaced it: {clients} clients per page "
        "sharing one log-in per role (`bench-coordinator`, `bench-advisor` of Karolinska, "
        "`bench-employee`, `bench-expert`), walking the same few URLs in turn: one per page "
        "for the start page, queue, portfolio, one fund call and the statistics of one year; "
        "six register and four API filters; the search as the coordinator only with 20 single "
        "words (each the first of a case's title); the same 20 similar-case texts; the 200 "
        "newest cases of one organisation. Each page warmed up first (caches never "
        f"invalidated: nothing written), no cold pass; {seconds:g} s without pauses and "
        f"{seconds:g} s with a mean think time of {think:g} s, judged on the paced p95 only."
        + (" “–”: a page the old bench did not have." if both else "")
    )


def log(text):
    print(text, flush=True)


def settle(log):
    """Write what the build left in memory to disk before measuring: a region's server is not
    flushing gigabytes it has just loaded, and the page latencies should not wait for it."""
    started = time.monotonic()
    with connection.cursor() as cursor:
        try:
            cursor.execute("CHECKPOINT")  # PostgreSQL's dirty buffers (superuser only)
        except Exception:  # a kept server we may not checkpoint: the kernel's flush still helps
            pass
    os.sync()  # and the kernel's dirty pages
    log(f"Written to disk in {time.monotonic() - started:.1f} s.")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


DEPLOY_CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def serve(workers):
    """gunicorn as a region runs it (``deploy/gunicorn.conf.py``: threads, the application loaded
    and warmed once in the master, workers started again after ``max_requests``);
    ``BENCH_SERVER=plain``: sync workers, each loading the application itself."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "slussen.bench.settings"}
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    if os.environ.get("BENCH_SERVER", "deploy") == "plain":
        command = [gunicorn, "slussen.config.wsgi", "--workers", str(workers)]
        command += ["--bind", f"127.0.0.1:{port}", "--timeout", "120"]
    else:
        env.update(BIND=f"127.0.0.1:{port}", WEB_WORKERS=str(workers), WEB_TIMEOUT="120")
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)  # the configuration makes a fresh one
        command = [gunicorn, "-c", str(DEPLOY_CONFIG)]
    command += ["--log-level", "warning"]
    process = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    import urllib.request

    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/health/", timeout=2)
            return process, base
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def run_tasks():
    """A task worker beside the web server, as a region runs one (``manage.py run_worker``):
    what the pages leave to the background (mail, the portfolio's figures) is done during the
    load, on the same processors."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "slussen.bench.settings"}
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    return subprocess.Popen(
        [sys.executable, str(manage), "run_worker"],
        env=env,
        stdout=subprocess.DEVNULL,  # the mail it sends is written there (console backend)
    )


def worker_pids(master):
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return 0.0
    return 0.0


def export_memory(master, base, cookies, filters):
    """Stream the register's CSV export; sample every worker's memory meanwhile."""
    from slussen.bench.load import Client

    results = {}
    for query in filters:
        pids = worker_pids(master)
        before = {pid: rss_mb(pid) for pid in pids}
        peak = dict(before)
        done = threading.Event()

        def sample(pids=pids, peak=peak, done=done):
            while not done.is_set():
                for pid in pids:
                    peak[pid] = max(peak[pid], rss_mb(pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        started = time.perf_counter()
        response, data = Client(base, cookies).request("GET", f"{reverse('cases:export')}?{query}")
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        results[query] = {
            "status": response.status,
            "lines": data.count(b"\n") - 1,
            "mb": round(len(data) / 2**20, 1),
            "seconds": round(seconds, 2),
            "rss_growth_mb": round(max(peak[p] - before[p] for p in pids), 1),
        }
    return results


def first_pdf(base, cookies, path, rounds=3):
    """Seconds to typeset the annual report PDF when no earlier request left it in the cache
    (the load above measures the kept PDF): the shared cache is emptied before each round."""
    from django.core.cache import caches

    from slussen.bench.load import Client

    seconds = []
    for _ in range(rounds):
        caches["shared"].clear()
        started = time.perf_counter()
        response, data = Client(base, cookies).request("GET", path)
        seconds.append(round(time.perf_counter() - started, 2))
        if response.status != 200 or not data.startswith(b"%PDF"):
            raise SystemExit(f"the report PDF answered {response.status}")
    return seconds


def overview_in_process(context, rounds=30):
    """The call overview of the smaller and the larger call requested in this process, one
    request at a time, nothing else running: the first request after the caches were emptied
    (the ranking computed) and the median of the next ``rounds`` (nothing changed between
    them), in ms. {applications: {"first_ms", "median_ms", "status"}}."""
    import statistics

    from django.core.cache import caches
    from django.test import Client

    from slussen.accounts.models import User
    from slussen.fund import selectors

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email="bench-coordinator@bench.example.org"))
    found = {}
    for n, (_pk, paths) in sorted(context["sized"].items()):
        selectors._RANKINGS.clear()
        for alias in settings.CACHES:
            caches[alias].clear()
        started = time.perf_counter()
        status = client.get(paths[0]).status_code
        first = (time.perf_counter() - started) * 1000
        times = []
        for i in range(rounds):
            started = time.perf_counter()
            response = client.get(paths[i % len(paths)])
            times.append((time.perf_counter() - started) * 1000)
            status = max(status, response.status_code)
        found[n] = {
            "first_ms": round(first, 1),
            "median_ms": round(statistics.median(times), 1),
            "status": status,
        }
    return found


def fund_lines(results, in_process):
    """The fund's targets in words: the overview of a call ten times larger costs no more per
    request, and the statistics serve at least half the floor's throughput."""
    lines = []
    if in_process:
        lines.append(
            "Call overview as the call grows, in-process, one request at a time: "
            + "; ".join(
                f"{n:,} applications: first request {r['first_ms']:g} ms (ranking computed), "
                f"then median {r['median_ms']:g} ms (HTTP {r['status']})"
                for n, r in sorted(in_process.items())
            )
            + "."
        )
    small = results.get("overview_small", {}).get("saturated")
    large = results.get("overview_large", {}).get("saturated")
    if small and large and small["rps"]:
        ratio = large["rps"] / small["rps"]
        lines.append(
            f"Call overview through gunicorn: {large['rps']} req/s for the larger call against "
            f"{small['rps']} for the smaller ({ratio:.2f}; target: no less, within noise) — "
            + ("ok" if ratio >= 0.85 else "**missed**")
            + "."
        )
    floor = results.get(FLOOR.key, {}).get("saturated")
    stats = results.get("statistics", {}).get("saturated")
    if floor and stats and floor["rps"]:
        ratio = stats["rps"] / floor["rps"]
        lines.append(
            f"Fund statistics: {stats['rps']} req/s, {ratio:.2f} × the floor (target at least "
            "0.5) — " + ("ok" if ratio >= 0.5 else "**missed**") + "."
        )
    return lines


def verdict(target, run):
    if not target.p95_ms or not run or run.get("p95_ms") is None:
        return ""
    return "ok" if run["p95_ms"] < target.p95_ms and not run["errors"] else "**missed**"


OLD_COLUMNS = "Old bench, same dataset (p95 ms paced) | Old bench, capacity req/s"


def old_cells(run):
    """The old method's paced p95 and capacity of a page, "–" where it did not have the page."""
    if not run or "saturated" not in run:
        return "– | –"
    full = run["saturated"]
    paced = run.get("paced", full)  # the PDF: one client, one after another
    errors = full["errors"] + paced["errors"]
    return f"{paced['p95_ms']}" + (f" ({errors} errors)" if errors else "") + f" | {full['rps']}"


def table(results, who, old=None):
    """The pages' figures; ``old``: the old method's results on the same dataset, in two
    columns beside them (``BENCH_METHOD=both``)."""
    lines = [
        "| Page | People | Paths | Capacity req/s | × floor | p95 ms at capacity "
        "| p99 ms at capacity | p50 ms paced | p95 ms paced | p99 ms paced | p95 ms cold "
        + (f"| {OLD_COLUMNS} " if old is not None else "")
        + "| Queries/request | Target p95 ms | Paced | At capacity |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        + ("---:|---:|" if old is not None else "")
        + "---:|---:|---|---|",
    ]
    floor = results.get(FLOOR.key, {}).get("saturated")
    for target in [FLOOR, *TARGETS]:
        if target.key not in results or "saturated" not in results[target.key]:
            continue
        full = results[target.key]["saturated"]
        r = results[target.key].get("paced", full)  # the PDF: one client, one after another
        cold = results[target.key].get("cold") or {}
        ratio = f"{full['rps'] / floor['rps']:.2f}" if floor and floor["rps"] else "–"
        errors = full["errors"] + r["errors"] + cold.get("errors", 0)
        paced, capacity = verdict(target, r), verdict(target, full)
        if errors:
            sample = full["error_sample"] + r["error_sample"] + cold.get("error_sample", [])
            paced += f" ({errors} errors: {sample[:2]})"
        limit = f"{target.p95_ms:g}" if target.p95_ms else "–"
        plan = results[target.key].get("plan", {})
        lines.append(
            f"| {target.label} | {plan.get('people', '')} | {plan.get('paths', '')} "
            f"| {full['rps']} | {ratio} | {full['p95_ms']} | {full['p99_ms']} | {r['p50_ms']} "
            f"| {r['p95_ms']} | {r['p99_ms']} | {cold.get('p95_ms', '–')} "
            + (f"| {old_cells(old.get(target.key))} " if old is not None else "")
            + f"| {r['queries']} "
            f"| {limit} | {paced} | {capacity} |"
        )
    return "\n".join(lines)


def writes_table(done):
    lines = [
        "| Write | Done | p50 ms | p95 ms | Errors |",
        "|---|---:|---:|---:|---|",
    ]
    for kind, r in sorted(done.items()):
        errors = f"{r['errors']} {r['error_sample'][:2]}" if r["errors"] else "0"
        lines.append(f"| {kind} | {r['requests']} | {r['p50_ms']} | {r['p95_ms']} | {errors} |")
    return "\n".join(lines)


def index_table(index):
    lines = [
        f"Search index (`{index['table']}`): "
        + ", ".join(f"{n:,} rows of {t}" for t, n in index["rows"].items())
        + f"; table {size_text(index['table_bytes'])}, indexes "
        + ", ".join(f"{name} {size_text(n)}" for name, n in index["index_bytes"].items())
        + f"; {size_text(index['table_bytes'] + sum(index['index_bytes'].values()))} in all."
    ]
    vocabulary = index.get("vocabulary")
    if vocabulary:
        lines.append(
            f"Vocabulary (`core_searchterm`, `core_searchpart`, kept once however many documents "
            f"use a word): {vocabulary['stems']:,} stems, {vocabulary['parts']:,} parts, "
            f"{size_text(vocabulary['bytes'])} with indexes."
        )
    documents = index.get("documents")
    if documents:
        lines.append(
            f"Inverted index (`core_searchdocument`, a row of stems and parts per document, GIN "
            f"on PostgreSQL): {documents['rows']:,} documents, table "
            f"{size_text(documents['bytes'])}, indexes {size_text(documents['index_bytes'])}."
        )
    return "\n".join(lines)


BUILD_TABLE = "bench_build"  # what the build of the dataset in this database took


def build_once(scale):
    """Build the dataset unless the database holds one already (``BENCH_DATABASE_URL``, or the
    build phase of ``scripts/bench``); the build's time is kept in the database beside it."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {BUILD_TABLE} (info jsonb NOT NULL)")
        cursor.execute(f"SELECT info FROM {BUILD_TABLE}")
        row = cursor.fetchone()
        cursor.execute("SELECT EXISTS (SELECT 1 FROM cases_case)")
        built = cursor.fetchone()[0]
    if built:
        log("Using the dataset already in the database.")
        info = row[0] if row else {}
        if isinstance(info, str):
            info = json.loads(info)
        return dataset.Existing(), info
    log("Building the dataset…")
    started = time.monotonic()
    builder, _sizes = dataset.build(scale, log=log)
    info = {
        "scale": scale,
        "seconds": round(time.monotonic() - started, 1),
        "steps": builder.timings,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "finished": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {BUILD_TABLE}")
        cursor.execute(f"INSERT INTO {BUILD_TABLE} (info) VALUES (%s)", [json.dumps(info)])
    log(f"Built in {info['seconds']} s.")
    return builder, info


# What a region's server runs with (the build may have used fast, unsafe settings).
SAFE = {
    "fsync": "on",
    "synchronous_commit": "on",
    "full_page_writes": "on",
    "autovacuum": "on",
}
SHOWN = [*SAFE, "wal_level", "shared_buffers", "work_mem", "jit", "max_connections"]


def measure_settings():
    """Measure with the settings a region would run: fsync, synchronous commits, full page
    writes and autovacuum on, set with ALTER SYSTEM and a reload (``scripts/bench`` also
    restarts its server without the build's options). Returns the settings in force, each with
    where it comes from; a setting given on the server's command line cannot be changed here
    and is reported as it is."""
    with connection.cursor() as cursor:
        try:
            for name, value in SAFE.items():
                cursor.execute(f"ALTER SYSTEM SET {name} = '{value}'")
            cursor.execute("SELECT pg_reload_conf()")
            time.sleep(1)
        except Exception as error:  # not a superuser: report what is in force
            log(f"Could not set the server's settings ({error}).")
        cursor.execute(
            "SELECT name, setting, unit, source FROM pg_settings WHERE name = ANY(%s)", [SHOWN]
        )
        found = {name: (setting, unit, source) for name, setting, unit, source in cursor}
    shown = {}
    for name in SHOWN:
        setting, unit, source = found[name]
        if unit == "8kB":
            setting = f"{int(setting) * 8 // 1024} MB"
        elif unit == "kB":
            setting = f"{int(setting) // 1024} MB"
        shown[name] = {"value": setting, "source": source}
    unsafe = [n for n, v in SAFE.items() if shown[n]["value"] != v]
    if unsafe:
        log(f"Warning: measuring with unsafe settings: {unsafe} (set on the command line).")
    return shown


def row_counts():
    counts = {}
    with connection.cursor() as cursor:
        for table_name in [
            "accounts_user",
            "accounts_organisation",
            "cases_case",
            "cases_caseevent",
            "intake_submission",
            "core_searchentry",
            "process_innovationcase",
            "fund_application",
            "fund_review",
            "fund_score",
            "bokslut_response",
            "testbeds_record",
        ]:
            cursor.execute(f"SELECT count(*) FROM {table_name}")
            counts[table_name] = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        db_size = cursor.fetchone()[0]
    return counts, db_size


def size_text(n):
    return f"{n / 2**30:.1f} GB" if n >= 2**30 else f"{n / 2**20:.0f} MB"


def main():
    if connection.vendor != "postgresql":
        raise SystemExit("The benchmark runs on PostgreSQL: use `make bench` (scripts/bench).")
    scale = float(os.environ.get("BENCH_SCALE", "1.0"))
    clients = int(os.environ.get("BENCH_CLIENTS", "20"))
    seconds = float(os.environ.get("BENCH_SECONDS", "10"))
    think = float(os.environ.get("BENCH_THINK", "1.0"))
    per_second = float(os.environ.get("BENCH_WRITES", "1.0"))
    workers = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
    OUT.mkdir(parents=True, exist_ok=True)

    phase = os.environ.get("BENCH_PHASE", "all")
    log(f"Migrating (scale {scale})…")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    builder, build = build_once(scale)
    scale = build.get("scale", scale)  # a kept dataset: the scale it was built at
    if phase == "build":
        return
    settle(log)
    server_settings = measure_settings()
    method = os.environ.get("BENCH_METHOD", "honest")
    if method not in METHODS:
        raise SystemExit(f"BENCH_METHOD is one of {', '.join(METHODS)}, not {method!r}.")
    who = people(builder)
    context = plan_context(builder, who)
    coordinator = ["bench-coordinator@bench.example.org", dataset.PASSWORD]
    only = {key for key in os.environ.get("BENCH_ONLY", "").split(",") if key}
    cold_seconds = float(os.environ.get("BENCH_COLD_SECONDS", str(min(seconds, 5))))
    plans = load_plans(
        METHODS[method],
        builder,
        who,
        context,
        only=only,
        seconds=seconds,
        clients=clients,
        think=think,
        cold_seconds=cold_seconds,
        per_second=per_second,
    )
    log(
        f"Serving with gunicorn ({workers} workers); {clients} clients, {seconds:g} s per page; "
        + "; then ".join(
            f"{name}: {sum(len(u) for u in p['users'].values())} people, "
            f"{p['writes']['per_second']:g} writes/s"
            for name, p in plans.items()
        )
        + "…"
    )
    from django.core.cache import caches

    for alias in settings.CACHES:  # the cold pass starts with the application's caches empty
        caches[alias].clear()
    server, base = serve(workers)
    tasks = run_tasks()
    pending_before, timing = bench_server.gin_pending(), bench_server.io_timing()
    sampler = bench_server.Sampler()
    sampler.start()
    try:
        # One after the other on the same server and dataset (the honest cold pass first).
        measured = {name: run_load(base, p) for name, p in plans.items()}
        time.sleep(bench_server.FLUSH_LAG + bench_server.INTERVAL)  # the last page's end
        sampler.stop.set()
        sampler.join(timeout=10)
        pending_after = bench_server.gin_pending()
        results, done_writes = measured.get("honest") or measured["old"]
        old = measured["old"][0] if len(measured) > 1 else None
        from slussen.bench.load import login

        cookies = login(base, *coordinator)
        year = context["last_year"]
        export = export_memory(server, base, cookies, [f"kind=need&year={year}", f"year={year}"])
        pdf_path = reverse("bokslut:report_pdf", args=[year])
        pdf = [] if only and "report_pdf" not in only else first_pdf(base, cookies, pdf_path)
        in_process = overview_in_process(context)
    finally:
        sampler.stop.set()
        for process in (tasks, server):
            process.terminate()
            process.wait(timeout=30)
    server_pages = bench_server.per_page(sampler, results)
    # Counted after the load: counting the search index's rows reads its whole table (3 GB at a
    # million cases, some 12 s), which would leave the file cache as no page of the load does.
    counts, db_size = row_counts()
    index = index_size()
    log(f"Dataset ({db_size}): {counts}")
    log(f"Search index: {index}")

    load_average = os.getloadavg()
    meta = {
        "scale": scale,
        "clients": clients,
        "seconds_per_page": seconds,
        "think_seconds": think,
        "workers": workers,
        "server": os.environ.get("BENCH_SERVER", "deploy"),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in load_average],
        "python": platform.python_version(),
        "postgresql": connection.cursor().connection.info.server_version,
        "build": build,
        "server_settings": server_settings,
        "search_index": index,
        "rows": counts,
        "database_size": db_size,
        "people": {role: len(u) for role, u in next(iter(plans.values()))["users"].items()},
        "writes_per_second": per_second if "honest" in plans else 0,
        "method": method,
        "server_per_page": server_pages,
        "gin_pending": {"before": pending_before, "after": pending_after},
        "track_io_timing": timing,
    }
    settings_text = ", ".join(f"{n}={v['value']}" for n, v in server_settings.items())
    text = [
        f"# Slussen benchmark (scale {scale:g}; "
        + {"honest": "honest method", "old": "old method", "both": "honest and old methods"}[method]
        + ")",
        "",
        f"Dataset: {counts['cases_case']:,} cases, {counts['accounts_user']:,} people, "
        f"{counts['accounts_organisation']} organisations, {counts['fund_application']:,} fund "
        f"applications ({counts['fund_review']:,} reviews), "
        f"{counts['testbeds_record']:,} test plans and results, "
        f"{counts['core_searchentry']:,} search terms, {counts['bokslut_response']} survey "
        f"answers; {db_size}; "
        + (
            f"built in {build['seconds']:g} s ({build.get('finished', '')}, load average "
            f"{build.get('load_average', ['?'])[0]})."
            if build.get("seconds")
            else "built earlier."
        ),
        "",
        "How it was measured:",
        f"- PostgreSQL {meta['postgresql'] // 10000} with a region's settings ({settings_text})"
        " — the dataset was built with fast unsafe settings, the server restarted (or the "
        "settings reloaded) before measuring.",
        (
            f"- gunicorn, {workers} sync workers, each loading the application itself"
            if meta.get("server") == "plain"
            else f"- gunicorn as deployed (`deploy/gunicorn.conf.py`): {workers} workers of "
            f"{os.environ.get('WEB_THREADS', '4')} threads, the application loaded and warmed "
            "once before they start, each started again after about 2 000 requests"
        )
        + f", DEBUG off; a task worker beside it (mail, the portfolio's figures); "
        f"{meta['cpus']} CPUs shared with the "
        f"load clients; load average after the run {meta['load_average'][0]:.2f} / "
        f"{meta['load_average'][1]:.2f} / {meta['load_average'][2]:.2f}.",
        *(
            [
                f"- {clients} concurrent clients per page, each logged in as its own person: "
                + ", ".join(f"{n} {role}s" for role, n in meta["people"].items())
                + " (advisors of one organisation each; heads of innovation units see their "
                "organisation and those below it; coordinators the region).",
                "- Varied paths (Paths: distinct URLs): filters, years, calls, pages; each "
                "advisor her own organisation's cases spread over every year; searches of one "
                "to three words drawn with a seeded generator from the data's vocabulary, a "
                "fifth of them with a word that occurs nowhere (misses), a fifth with a word's "
                "beginning; similar-case texts half reworded cases, half new text.",
                f"- Cold: the first {cold_seconds:g} s of each page right after gunicorn "
                "started with the application's caches emptied, before any warm-up "
                "(PostgreSQL's buffers and the file cache as the build or earlier runs left "
                f"them). Then per page a warm-up, {seconds:g} s without pauses (capacity: its "
                f"p95/p99 are mostly queueing) and {seconds:g} s with a mean think time of "
                f"{think:g} s (paced: what people see).",
                f"- Writes during the whole warm measurement, about {per_second:g} a second "
                "through the forms (ideas registered, comments, fund reviews saved), so caches "
                "are invalidated as in real use.",
            ]
            if "honest" in plans
            else []
        ),
        *([old_lines(clients, seconds, think, both="honest" in plans)] if "old" in plans else []),
        "",
        table(results, who, old),
        "",
        *fund_lines(results, in_process),
        "",
        "Writes made during the load:",
        "",
        writes_table(done_writes) if "honest" in plans else "None (the old method writes nothing).",
        "",
        *bench_server.lines(
            server_pages,
            {t.key: t.label for t in [FLOOR, *TARGETS]},
            pending_before,
            pending_after,
            timing,
        ),
        "",
        index_table(index),
        "",
        "CSV export of the register (streamed; growth of the largest worker's memory):",
        "",
        "| Filter | Rows | MB | Seconds | Worker memory growth MB |",
        "|---|---:|---:|---:|---:|",
        *[
            f"| {query} | {r['lines']:,} | {r['mb']} | {r['seconds']} | {r['rss_growth_mb']} |"
            for query, r in export.items()
        ],
        "",
        *(
            [
                "Annual report PDF typeset anew (nothing kept in the cache; one request at a "
                "time, no other load): " + ", ".join(f"{x:g} s" for x in pdf) + "."
            ]
            if pdf
            else []
        ),
    ]
    report = "\n".join(text) + "\n"
    (OUT / "results.md").write_text(report, encoding="utf-8")
    (OUT / "results.json").write_text(
        json.dumps(
            {
                "meta": meta,
                "pages": results,
                "old_method_pages": old,
                "writes": done_writes,
                "export": export,
                "first_pdf_seconds": pdf,
                "overview_in_process": in_process,
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    log("")
    log(report)
    log(f"Written to {OUT / 'results.md'} and {OUT / 'results.json'}")


if __name__ == "__main__":
    main()
