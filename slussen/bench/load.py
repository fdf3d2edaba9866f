"""The load clients: a separate process (standard library only) that logs in as each role and
drives one target at a time with concurrent clients, each waiting for its answer before it
asks again. Two runs per target:

- ``saturated``: no pause between requests. Its requests per second are the server's capacity
  for the page; its latencies are mostly queueing (clients / capacity, by Little's law).
- ``paced``: each client pauses a random think time (exponential, mean ``think`` seconds)
  between requests, as people do: the latencies people see with that many active at once.

Reads a JSON plan on stdin, writes the results as JSON on stdout:
  {"base": "http://127.0.0.1:PORT", "users": {role: [email, password]}, "think": 1.0,
   "targets": [{"name", "role", "paths": [...], "seconds", "clients", "requests"}]}
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


def drive(base, cookies, paths, seconds, clients, requests=None, think=0.0):
    """Each client runs requests round the list of paths until the time (or count) is up."""
    latencies, errors, queries, sizes = [], [], [], []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    counter = iter(range(10**9))

    def work(offset):
        client = Client(base, cookies)
        pause = random.Random(offset)
        i = offset
        while time.monotonic() < stop_at:
            if think:
                time.sleep(pause.expovariate(1 / think))
            n = next(counter)
            if requests is not None and n >= requests:
                return
            path = paths[i % len(paths)]
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

    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    latencies.sort()
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


def main():
    plan = json.load(sys.stdin)
    base = plan["base"]
    sessions = {role: login(base, *creds) for role, creds in plan["users"].items()}
    results = {}
    for target in plan["targets"]:
        cookies = sessions.get(target["role"], {})
        # Warm up: every worker's caches, templates and connections.
        drive(base, cookies, target["paths"], 1.0, target["clients"], target.get("warmup", 40))
        run = (base, cookies, target["paths"], target["seconds"], target["clients"])
        results[target["name"]] = result = {"saturated": drive(*run, target.get("requests"))}
        if not target.get("requests"):
            result["paced"] = drive(*run, think=plan["think"])
        print(f"  {target['name']}: {json.dumps(result)}", file=sys.stderr)
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
