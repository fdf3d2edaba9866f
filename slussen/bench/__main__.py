"""``make bench``: build a region-scale dataset, serve it with gunicorn, measure the key pages.

Run through ``scripts/bench`` (a throwaway PostgreSQL server). Environment:
  BENCH_SCALE    dataset size, 1.0 = a million cases (default 1.0; 0.01 for a quick run)
  BENCH_CLIENTS  concurrent clients (20)       BENCH_SECONDS  seconds per page and run (10)
  BENCH_THINK    mean pause of a client between requests in the paced run, seconds (1.0)
  BENCH_WORKERS  gunicorn workers (2 × cores + 1)
  BENCH_ONLY     measure only these pages (keys of TARGETS, comma-separated; the floor always)
  BENCH_DATABASE_URL  measure a database an earlier run built and kept, instead of building
                 one on a throwaway server (the build of a million cases takes most of the time)

Each page is driven twice by the clients (see ``load``): without pauses (the capacity, in
requests per second, and its ratio to the floor) and with a think time (the latencies, judged
against the targets). The floor is ``/health/``: a minimal view (one ``SELECT 1``, a few bytes
of JSON) behind the same middleware, with the same logged-in session, so the ratio shows what
each page costs beyond what every request costs.
Results: the screen, ``var/bench/results.md`` and ``var/bench/results.json``.
"""

import json
import os
import platform
import random
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

os.environ["DJANGO_SETTINGS_MODULE"] = "slussen.bench.settings"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

from slussen.bench import dataset  # noqa: E402

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


FLOOR = Target(
    "floor",
    "Floor: /health/ (same middleware, session)",
    "coordinator",
    lambda c: [reverse("core:health")],
    None,
)
# One line per key page and API endpoint.
TARGETS = [
    Target("start", "Start page (advisor)", "advisor", lambda c: [reverse("core:home")]),
    Target("register", "Register, filtered (coordinator)", "coordinator", lambda c: c["register"]),
    Target("search", "Register search (coordinator)", "coordinator", lambda c: c["search"], 50),
    Target(
        "similar", "Similar-case suggestions (employee)", "employee", lambda c: c["similar"], 50
    ),
    Target("case", "Case page (advisor)", "advisor", lambda c: c["case"]),
    Target(
        "queue",
        "Work queue, intake triage (advisor)",
        "advisor",
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
        "statistics",
        "Fund statistics (coordinator)",
        "coordinator",
        lambda c: [reverse("fund:statistics") + f"?year={c['last_year']}"],
    ),
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


def plan_context(builder):
    """Paths with real ids and words from the dataset."""
    rng = random.Random(7)
    last_year = builder.this_year - 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM cases_case WHERE organisation_id = %s ORDER BY id DESC LIMIT 200",
            [builder.orgs["karolinska"].pk],
        )
        case_ids = [row[0] for row in cursor.fetchall()]
        # The same words on every run over the same data: cases picked by id with a seeded
        # generator (ORDER BY random() depends on where a synchronised scan starts).
        cursor.execute("SELECT min(id), max(id) FROM cases_case")
        low, high = cursor.fetchone()
        picked = rng.sample(range(low, high + 1), min(20, high - low + 1))
        cursor.execute(
            "SELECT title, description FROM cases_case WHERE id = ANY(%s) ORDER BY id", [picked]
        )
        texts = cursor.fetchall()
        cursor.execute(
            "SELECT call_id FROM fund_application WHERE decided_at IS NOT NULL "
            "GROUP BY call_id ORDER BY call_id DESC LIMIT 1"
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
    words = [w.split()[0] for t in texts for w in [t[0]] if w]
    similar = reverse("intake:similar")
    from urllib.parse import urlencode

    return {
        "last_year": last_year,
        "register": [f"{register}?{f}" for f in filters],
        "search": [f"{register}?{urlencode({'q': w})}" for w in words],
        "similar": [
            f"{similar}?{urlencode({'title': t, 'description': d[:400]})}" for t, d in texts
        ],
        "case": [reverse("cases:detail", args=[pk]) for pk in rng.sample(case_ids, len(case_ids))],
        "overview": [reverse("fund:overview", args=[call])],
        "api": [
            f"{reverse('api:cases')}?{f}"
            for f in ["kind=idea", "state=new", f"year={last_year}", "kind=need&state=referred"]
        ],
    }


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(workers):
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "slussen.bench.settings"}
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "slussen.config.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--timeout",
        "120",
    ]
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


def table(results):
    lines = [
        "| Page | Capacity req/s | × floor | p95 ms saturated | p50 ms | p95 ms | p99 ms "
        "| Queries/request | Target p95 ms | |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    floor = results.get(FLOOR.key, {}).get("saturated")
    for target in [FLOOR, *TARGETS]:
        if target.key not in results:
            continue
        full = results[target.key]["saturated"]
        r = results[target.key].get("paced", full)  # the PDF: one client, one after another
        ratio = f"{full['rps'] / floor['rps']:.2f}" if floor and floor["rps"] else "–"
        errors = full["errors"] + r["errors"]
        verdict = ""
        if target.p95_ms:
            met = r["p95_ms"] is not None and r["p95_ms"] < target.p95_ms and not errors
            verdict = "ok" if met else "**missed**"
        if errors:
            verdict += f" ({errors} errors: {full['error_sample'] + r['error_sample']})"
        limit = f"{target.p95_ms:g}" if target.p95_ms else "–"
        lines.append(
            f"| {target.label} | {full['rps']} | {ratio} | {full['p95_ms']} | {r['p50_ms']} "
            f"| {r['p95_ms']} | {r['p99_ms']} | {r['queries']} | {limit} | {verdict} |"
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
SHOWN = [*SAFE, "wal_level", "shared_buffers", "work_mem", "max_connections"]


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
    return {"table": table, "rows": rows, "table_bytes": table_bytes, "index_bytes": indexes}


def size_text(n):
    return f"{n / 2**30:.1f} GB" if n >= 2**30 else f"{n / 2**20:.0f} MB"


def main():
    if connection.vendor != "postgresql":
        raise SystemExit("The benchmark runs on PostgreSQL: use `make bench` (scripts/bench).")
    scale = float(os.environ.get("BENCH_SCALE", "1.0"))
    clients = int(os.environ.get("BENCH_CLIENTS", "20"))
    seconds = float(os.environ.get("BENCH_SECONDS", "10"))
    think = float(os.environ.get("BENCH_THINK", "1.0"))
    workers = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
    OUT.mkdir(parents=True, exist_ok=True)

    phase = os.environ.get("BENCH_PHASE", "all")
    log(f"Migrating (scale {scale})…")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    builder, build = build_once(scale)
    if phase == "build":
        return
    settle(log)
    server_settings = measure_settings()
    counts, db_size = row_counts()
    index = index_size()
    log(f"Dataset ({db_size}): {counts}")
    log(f"Search index: {index}")
    context = plan_context(builder)
    users = {
        key: [f"bench-{key}@bench.example.org", dataset.PASSWORD] for key in dataset.BENCH_PEOPLE
    }
    only = {key for key in os.environ.get("BENCH_ONLY", "").split(",") if key}
    plan_targets = [
        {
            "name": t.key,
            "role": t.role,
            "paths": t.paths(context),
            "seconds": seconds if t.requests is None else 600,
            "clients": t.clients or clients,
            "requests": t.requests,
            "warmup": 1 if t.requests else 40,
        }
        for t in [FLOOR, *TARGETS]
        if not only or t.key in only or t is FLOOR
    ]
    log(f"Serving with gunicorn ({workers} workers); {clients} clients, {seconds:g} s per page…")
    server, base = serve(workers)
    try:
        load = subprocess.run(
            [sys.executable, "-m", "slussen.bench.load"],
            input=json.dumps(
                {"base": base, "users": users, "think": think, "targets": plan_targets}
            ),
            capture_output=False,
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        results = json.loads(load.stdout)
        from slussen.bench.load import login

        cookies = login(base, *users["coordinator"])
        year = context["last_year"]
        export = export_memory(server, base, cookies, [f"kind=need&year={year}", f"year={year}"])
        pdf_path = reverse("bokslut:report_pdf", args=[year])
        pdf = [] if only and "report_pdf" not in only else first_pdf(base, cookies, pdf_path)
    finally:
        server.terminate()
        server.wait(timeout=30)

    load_average = os.getloadavg()
    meta = {
        "scale": scale,
        "clients": clients,
        "seconds_per_page": seconds,
        "think_seconds": think,
        "workers": workers,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in load_average],
        "python": platform.python_version(),
        "postgresql": connection.cursor().connection.info.server_version,
        "build": build,
        "server_settings": server_settings,
        "search_index": index,
        "rows": counts,
        "database_size": db_size,
    }
    text = [
        f"# Slussen benchmark (scale {scale:g})",
        "",
        f"Dataset: {counts['cases_case']:,} cases, {counts['accounts_user']:,} people, "
        f"{counts['accounts_organisation']} organisations, {counts['fund_application']:,} fund "
        f"applications ({counts['fund_review']:,} reviews), "
        f"{counts['core_searchentry']:,} search terms, {counts['bokslut_response']} survey "
        f"answers; {db_size}; "
        + (f"built in {build['seconds']:g} s." if build.get("seconds") else "built earlier."),
        f"Server: gunicorn, {workers} sync workers, DEBUG off, PostgreSQL "
        f"{meta['postgresql'] // 10000}; {clients} concurrent clients, {seconds:g} s per page "
        f"without pauses (capacity) and {seconds:g} s with a mean think time of {think:g} s "
        f"(latencies); {meta['cpus']} CPUs, load average after the run "
        f"{meta['load_average'][0]:.2f} / {meta['load_average'][1]:.2f} / "
        f"{meta['load_average'][2]:.2f}.",
        "",
        table(results),
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
            {"meta": meta, "pages": results, "export": export, "first_pdf_seconds": pdf},
            indent=2,
        ),
        encoding="utf-8",
    )
    log("")
    log(report)
    log(f"Written to {OUT / 'results.md'} and {OUT / 'results.json'}")


if __name__ == "__main__":
    main()
