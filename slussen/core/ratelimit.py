"""Rate limits that hold under concurrency and across every server process.

:func:`hit` counts one request in a bucket (``"intake:" + client``, ``"api:key12"``) for the
current fixed window of ``seconds`` and says whether it is within ``limit``. The count is one
atomic statement in the database that every process shares — ``UPDATE … SET hits = hits + 1
WHERE … AND hits < limit``, or the row's first ``INSERT`` — so thirty requests at the same moment
against a limit of ten let exactly ten through, on SQLite and on PostgreSQL. A per-process cache
(LocMem) would give each process a limit of its own, so it is never used; a shared cache with an
atomic ``incr`` (Redis, Memcached) takes over when ``settings.RATE_LIMIT_CACHE`` names it.

Buckets are stored as keyed hashes, never as addresses. Rows of ended windows are removed by the
periodic task :func:`slussen.core.tasks.prune_rate_counters`.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.crypto import salted_hmac

from .models import RateCounter


@dataclass(frozen=True)
class Outcome:
    allowed: bool
    retry_after: int  # seconds until the window ends and the count starts again


def _key(bucket: str) -> str:
    return salted_hmac("slussen.ratelimit", bucket, algorithm="sha256").hexdigest()


def hit(bucket: str, limit: int, seconds: int) -> Outcome:
    """Count one request in ``bucket``; allowed while no more than ``limit`` were counted in
    this window of ``seconds``. Refused requests are not counted."""
    now = time.time()
    window = int(now) // seconds * seconds
    retry_after = max(1, int(window + seconds - now + 0.999))
    if limit <= 0:
        return Outcome(False, retry_after)
    alias = getattr(settings, "RATE_LIMIT_CACHE", "")
    count = _in_cache if alias else _in_database
    return Outcome(count(_key(bucket), window, seconds, limit, alias), retry_after)


def _in_database(key, window, seconds, limit, _alias) -> bool:
    counter = RateCounter.objects.filter(key=key, window=window, hits__lt=limit)
    if counter.update(hits=F("hits") + 1):
        return True
    try:
        with transaction.atomic():
            RateCounter.objects.create(key=key, window=window, expires=window + seconds, hits=1)
        return True
    except IntegrityError:  # the row exists (full, or made by a request at the same moment)
        return bool(counter.update(hits=F("hits") + 1))


def _in_cache(key, window, seconds, limit, alias) -> bool:
    cache = caches[alias]
    name = f"ratelimit:{key}:{window}"
    cache.add(name, 0, timeout=seconds + 1)
    try:
        return cache.incr(name) <= limit
    except ValueError:  # expired between add and incr: a new window
        return cache.add(name, 1, timeout=seconds + 1) or cache.incr(name) <= limit


def prune(now: float | None = None) -> int:
    """Remove the counters of ended windows; returns how many."""
    ended = int(now if now is not None else time.time())
    deleted, _by_model = RateCounter.objects.filter(expires__lt=ended).delete()
    return deleted
