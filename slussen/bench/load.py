"""The load clients: a separate process (standard library only). Every client logs in as its own
user of the target's role (many users per role, each with her own scope) and walks its own
list of paths, waiting for each answer before it asks again. Per target:

- ``cold``: first, before any warm-up, right after the server started with the application's
  caches emptied: the first requests people make (reported on their own).
- ``saturated``: no pause between requests. Its requests per second are the server's capacity
  for the page; its latencies are mostly queueing (clients / capacity, by Little's law).
- ``paced``: each client pauses a random think time (exponential, mean ``think`` seconds)
  between requests, as people do: the latencies people see with that many active at once.

Meanwhile a writer registers ideas, comments on cases and saves fund reviews through the
forms (``writes``: per second), so the caches are invalidated as in real use.

The old bench's method (``plan.old_plan``) is a plan for the same driver: one person per role
whose session every client shares, no cold pass, no writes, and clients that walk the list
in turn (client k from its k-th path, its pauses from ``random.Random(k)``: ``in_turn``).

Reads a JSON plan on stdin, writes the results as JSON on stdout:
  {"base": "http://127.0.0.1:PORT", "think": 1.0, "seed": 7,
   "users": {role: [[email, password], ...]},
   "targets": [{"name", "role", "paths": {"*" or email: [...]}, "seconds", "clients",
                "requests", "warmup", "cold_seconds", "in_turn"}],
   "writes": {"per_second": 1.0, "jobs": [{"kind", "email", "password", "form", "post",
              "data": {...}}]}}
"""

import http.client
import json
import random
import re
import sys
import threading
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

QUERY_HEADER = "X-Bench-Queries"


class Client:
    def __init__(self, base, cookies=None):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = dict(cookies or {})
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        for header in response.msg.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                self.cookies[key] = morsel.value
        return response, data


def login(base, email, password):
    client = Client(base)
    response, page = client.request("GET", "/accounts/login/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    body = urlencode({"csrfmiddlewaretoken": token, "username": email, "password": password})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Referer": base + "/"}
    response, _ = client.request("POST", "/accounts/login/", body, headers)
    if response.status != 302:
        raise SystemExit(f"log-in as {email} failed: {response.status}")
    return client.cookies


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = (len(sorted_values) - 1) * p / 100
    low = int(k)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (k - low)


def drive(sessions, paths, seconds, clients, requests=None, think=0.0, seed=0, in_turn=False):
    """Each client (its own user's session, its own paths) runs requests round its list of
    paths, from a seeded starting point, until the time (or count) is up. ``in_turn``: as the
    old bench did, client k starts at the k-th path and pauses by ``random.Random(k)``."""
    latencies, errors, queries, sizes = [], [], [], []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    counter = iter(range(10**9))

    def work(k):
        email, base, cookies = sessions[k % len(sessions)]
        mine = paths.get(email) or paths["*"]
        client = Client(base, cookies)
        rng = random.Random(k if in_turn else seed * 1000 + k)
        i = k if in_turn else rng.randrange(len(mine))
        while time.monotonic() < stop_at:
            if think:
                time.sleep(rng.expovariate(1 / think))
            n = next(counter)
            if requests is not None and n >= requests:
                return
            path = mine[i % len(mine)]
            i += 1
            started = time.perf_counter()
            response, data = client.request("GET", path)
            elapsed = time.perf_counter() - started
            with lock:
                if response.status != 200:
                    errors.append(f"{response.status} {path}")
                    continue
                latencies.append(elapsed)
                sizes.append(len(data))
                if response.getheader(QUERY_HEADER):
                    queries.append(int(response.getheader(QUERY_HEADER)))

    started, began = time.monotonic(), time.time()
    threads = [threading.Thread(target=work, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    # Wall times, for the server's figures of this run (``bench.server``).
    return {**summary(latencies, errors, wall, queries, sizes), "window": [began, time.time()]}


def summary(latencies, errors, wall, queries=(), sizes=()):
    latencies = sorted(latencies)
    return {
        "requests": len(latencies),
        "errors": len(errors),
        "error_sample": errors[:3],
        "seconds": round(wall, 2),
        "rps": round(len(latencies) / wall, 1) if wall else 0,
        "p50_ms": round(percentile(latencies, 50) * 1000, 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 95) * 1000, 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 99) * 1000, 1) if latencies else None,
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
        "queries": round(sum(queries) / len(queries), 1) if queries else None,
        "bytes": round(sum(sizes) / len(sizes)) if sizes else None,
    }


class Writer(threading.Thread):
    """Writes through the forms at a steady rate while the pages are measured: each job is a
    form (read first, for its CSRF token) posted by its own user."""

    def __init__(self, base, jobs, per_second, seed=0):
        super().__init__(daemon=True)
        self.base, self.jobs, self.per_second = base, jobs, per_second
        self.stop = threading.Event()
        self.rng = random.Random(seed)
        self.done = {}  # kind -> ([latencies], [errors])
        self.clients = {}

    def client(self, email, password):
        if email not in self.clients:
            self.clients[email] = Client(self.base, login(self.base, email, password))
        return self.clients[email]

    def run(self):
        if not self.jobs or not self.per_second:
            return
        i = 0
        while not self.stop.wait(self.rng.expovariate(self.per_second)):
            self.write(self.jobs[i % len(self.jobs)])
            i += 1

    def write(self, job):
        latencies, errors = self.done.setdefault(job["kind"], ([], []))
        try:
            client = self.client(job["email"], job["password"])
            _response, page = client.request("GET", job["form"])
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            data = {**job["data"], "csrfmiddlewaretoken": token.group(1).decode()}
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": self.base + job["form"],
            }
            started = time.perf_counter()
            response, _ = client.request("POST", job["post"], urlencode(data), headers)
            elapsed = time.perf_counter() - started
        except Exception as error:  # a write that fails is counted, the load goes on
            errors.append(f"{job['kind']}: {error!r}"[:200])
            return
        if response.status in (200, 302):
            latencies.append(elapsed)
        else:
            errors.append(f"{response.status} {job['post']}")

    def results(self):
        return {
            kind: {**summary(latencies, errors, 0), "error_sample": errors[:3]}
            for kind, (latencies, errors) in self.done.items()
        }


def main():
    plan = json.load(sys.stdin)
    base, seed = plan["base"], plan.get("seed", 7)
    logged_in = {}
    sessions = {}
    for role, people in plan["users"].items():
        sessions[role] = []
        for email, password in people:
            if email not in logged_in:
                logged_in[email] = login(base, email, password)
            sessions[role].append((email, base, logged_in[email]))
    print(f"  logged in as {len(logged_in)} people", file=sys.stderr)
    results = {}
    # The cold pass: every target before anything is warm (the server has just started and
    # the application's caches are empty).
    for target in plan["targets"]:
        if target.get("cold_seconds"):
            cold = drive(
                sessions[target["role"]],
                target["paths"],
                target["cold_seconds"],
                target["clients"],
                target.get("requests"),
                seed=seed + 1,
            )
            results[target["name"]] = {"cold": cold}
    writes = plan.get("writes") or {}
    writer = Writer(base, writes.get("jobs", []), writes.get("per_second", 0), seed)
    writer.start()
    for target in plan["targets"]:
        people, in_turn = sessions[target["role"]], target.get("in_turn", False)
        # Warm up: every worker's caches, templates and connections.
        warmup = target.get("warmup", 40)
        drive(people, target["paths"], 1.0, target["clients"], warmup, seed=seed, in_turn=in_turn)
        run = (people, target["paths"], target["seconds"], target["clients"])
        result = results.setdefault(target["name"], {})
        result["saturated"] = drive(*run, target.get("requests"), seed=seed + 2, in_turn=in_turn)
        if not target.get("requests"):
            result["paced"] = drive(*run, think=plan["think"], seed=seed + 3, in_turn=in_turn)
        print(f"  {target['name']}: {json.dumps(result)}", file=sys.stderr)
    writer.stop.set()
    writer.join(timeout=130)
    results["_writes"] = writer.results()
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
