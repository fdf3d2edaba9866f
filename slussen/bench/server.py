"""What the server and the machine did while each page was measured: PostgreSQL's blocks read
from disk (or the file cache) against those found in its buffers, the time spent reading them
(when ``track_io_timing`` is on), and how busy the processors were. Sampled every half second
beside the load (``Sampler``) and cut into the paced runs' windows (``per_page``), so that a
slow page tells whether it waited for the disk or for a processor. Also the GIN indexes'
pending lists (``fastupdate``: entries a search must scan one by one until they are merged)."""

import threading
import time
from pathlib import Path

from django.db import connections

INTERVAL = 0.5  # seconds between samples
# PostgreSQL's backends write their counters at most once a second while busy: a window's end is
# read this much later, so that the last requests' blocks are in it.
FLUSH_LAG = 1.5


def cpu_jiffies() -> tuple[int, int]:
    """(busy, total) processor time of the machine since it started (``/proc/stat``), or zeros
    where there is none."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle and waiting for the disk
    return sum(fields) - idle, sum(fields)


class Sampler(threading.Thread):
    """Samples, every ``INTERVAL`` seconds until stopped, the database's block counters and the
    machine's processor time: [(wall time, blocks read, blocks hit, read ms, cpu busy, cpu
    total)]. Its own connection (a thread's): a few microseconds of the server each time."""

    def __init__(self, alias="default"):
        super().__init__(daemon=True)
        self.alias = alias
        self.samples = []
        self.stop = threading.Event()

    def sample(self, cursor):
        cursor.execute(
            "SELECT blks_read, blks_hit, blk_read_time FROM pg_stat_database"
            " WHERE datname = current_database()"
        )
        read, hit, read_ms = cursor.fetchone()
        busy, total = cpu_jiffies()
        self.samples.append((time.time(), read, hit, read_ms, busy, total))

    def run(self):
        connection = connections[self.alias]
        try:
            with connection.cursor() as cursor:
                while not self.stop.is_set():
                    # Counters as of now, not as of this transaction's first look.
                    cursor.execute("SELECT pg_stat_clear_snapshot()")
                    self.sample(cursor)
                    self.stop.wait(INTERVAL)
        except Exception:  # the figures are an aid: the measurement goes on without them
            pass
        finally:
            connection.close()

    def between(self, start, end):
        """The counters' growth between wall times ``start`` and ``end`` (the nearest samples
        at or after each): {"read", "hit", "read_ms", "cpu_busy"} or None."""
        after = [s for s in self.samples if s[0] >= start]
        last = [s for s in self.samples if s[0] >= end]
        if not after or not last or last[0] is after[0]:
            return None
        a, b = after[0], last[0]
        total = b[5] - a[5]
        return {
            "read": b[1] - a[1],
            "hit": b[2] - a[2],
            "read_ms": round(b[3] - a[3], 1),
            "cpu_busy": round(100 * (b[4] - a[4]) / total) if total else None,
        }


def per_page(sampler, results):
    """Each page's paced run (its ``window``, wall times) as the server saw it: blocks read from
    disk and found in the buffers per request, read ms per request, the machine's processors'
    busy share. Every request of the window counts, the writer's too (about one a second)."""
    found = {}
    for key, result in results.items():
        paced = result.get("paced") if isinstance(result, dict) else None
        if not paced or not paced.get("window") or not paced.get("requests"):
            continue
        start, end = paced["window"]
        grew = sampler.between(start, end + FLUSH_LAG)
        if grew is None:
            continue
        n = paced["requests"]
        found[key] = {
            "read_per_request": round(grew["read"] / n, 1),
            "hit_per_request": round(grew["hit"] / n, 1),
            "read_ms_per_request": round(grew["read_ms"] / n, 2),
            "cpu_busy_percent": grew["cpu_busy"],
        }
    return found


def gin_pending(alias="default") -> dict[str, dict] | None:
    """Each GIN index's pending list (pages, entries), through ``pgstattuple``'s
    ``pgstatginindex`` when the extension is installed; None when it is not."""
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pgstattuple'")
        if cursor.fetchone() is None:
            return None
        cursor.execute(
            "SELECT c.relname, (pgstatginindex(c.oid)).pending_pages,"
            " (pgstatginindex(c.oid)).pending_tuples FROM pg_class c JOIN pg_am a"
            " ON a.oid = c.relam WHERE a.amname = 'gin' AND c.relkind = 'i' ORDER BY 1"
        )
        return {name: {"pages": pages, "entries": n} for name, pages, n in cursor.fetchall()}


def io_timing(alias="default") -> bool:
    with connections[alias].cursor() as cursor:
        cursor.execute("SHOW track_io_timing")
        return cursor.fetchone()[0] == "on"


def lines(pages, labels, pending_before, pending_after, timing) -> list[str]:
    """The report's section: a table of the pages' server figures, and the pending lists."""
    if not pages:
        return []
    found = [
        "Server and machine during each page's paced run (PostgreSQL's counters and "
        "`/proc/stat`, sampled every half second; every request of the window, the writer's "
        "too): blocks read from outside PostgreSQL's buffers (the disk or the file cache) "
        "and found in them, per request"
        + (
            ", and the time spent reading"
            if timing
            else "; the time spent reading is not known (`track_io_timing` is off)"
        )
        + "; how busy the machine's processors were (the load clients and whatever else runs "
        "on it included).",
        "",
        "| Page | Blocks read/request | Blocks hit/request | Read ms/request | CPU busy % |",
        "|---|---:|---:|---:|---:|",
    ]
    for key, p in pages.items():
        read_ms = p["read_ms_per_request"] if timing else "–"
        found.append(
            f"| {labels.get(key, key)} | {p['read_per_request']} | {p['hit_per_request']} "
            f"| {read_ms} | {p['cpu_busy_percent']} |"
        )
    if pending_before is not None and pending_after is not None:
        grown = ", ".join(
            f"{name} {pending_before.get(name, {}).get('entries', 0)} → {p['entries']} entries"
            f" ({p['pages']} pages)"
            for name, p in pending_after.items()
        )
        found += ["", f"GIN pending lists (`fastupdate`) before and after the load: {grown}."]
    return found
