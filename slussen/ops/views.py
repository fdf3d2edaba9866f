"""Health and metrics for load balancers, orchestrators and Prometheus (no pages)."""

import hmac
import os
import time

from django.conf import settings
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

from slussen.core.clientip import _address, _networks, _trusted, client_ip

# The classic text exposition format, which every Prometheus version reads.
TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8"


@never_cache
def live(request):
    """The process answers: nothing else is asked."""
    return JsonResponse({"status": "ok"})


def _check(probe):
    started = time.perf_counter()
    try:
        detail = probe() or {}
    except Exception as error:  # noqa: BLE001 – the check reports the failure, it does not raise it
        return {"state": "error", "error": type(error).__name__}
    return {"state": "ok", "ms": round((time.perf_counter() - started) * 1000, 1), **detail}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def _cache(alias):
    def probe():
        cache = caches[alias]
        cache.set("health:probe", "1", timeout=30)
        if cache.get("health:probe") != "1":
            raise RuntimeError("cache did not keep a value")
        return {"backend": type(cache).__name__}

    return probe


def _storage():
    default_storage.exists("health-probe")  # a round trip to the store (S3: one HEAD)
    return {"backend": type(default_storage).__name__}


def _queue():
    from django_tasks_db.models import DBTaskResult

    oldest = (
        DBTaskResult.objects.ready()
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)[:1]
    )
    age = (timezone.now() - oldest[0]).total_seconds() if oldest else 0
    detail = {"oldest_waiting_seconds": round(age)}
    if age > settings.TASK_QUEUE_MAX_AGE:
        detail["state"] = "late"  # the worker is behind or stopped; web can still serve
    return detail


@never_cache
def ready(request):
    """Whether this server can serve: each dependency and its state. 503 when the database,
    a cache or the file storage fails; a late task queue is reported, not a reason to stop
    sending this server traffic."""
    checks = {
        "database": _check(_database),
        "cache": _check(_cache("default")),
        "shared_cache": _check(_cache("shared")),
        "storage": _check(_storage),
    }
    uses_queue = settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db")
    checks["task_queue"] = _check(_queue) if uses_queue else {"state": "ok", "inline": True}
    failed = [name for name, c in checks.items() if c["state"] == "error"]
    late = [name for name, c in checks.items() if c["state"] == "late"]
    status = "error" if failed else "degraded" if late else "ok"
    return JsonResponse({"status": status, "checks": checks}, status=503 if failed else 200)


class DatabaseCollector:
    """Figures read from the database at scrape time (the same for every process)."""

    def collect(self):
        from django_tasks_db.models import DBTaskResult

        from slussen.core.models import OutboundMail

        depth = GaugeMetricFamily(
            "slussen_task_queue_depth", "Background tasks waiting to run.", labels=[]
        )
        depth.add_metric([], DBTaskResult.objects.ready().count())
        yield depth
        age = GaugeMetricFamily(
            "slussen_task_queue_oldest_seconds", "Age of the oldest task waiting to run."
        )
        oldest = DBTaskResult.objects.ready().order_by("enqueued_at").first()
        age.add_metric([], (timezone.now() - oldest.enqueued_at).total_seconds() if oldest else 0)
        yield age
        mail = GaugeMetricFamily(
            "slussen_mail", "E-mail in the outbox, by status.", labels=["status"]
        )
        counts = dict(OutboundMail.objects.values_list("status").annotate(n=Count("pk")))
        for status in OutboundMail.Status.values:
            mail.add_metric([status], counts.get(status, 0))
        yield mail
        failed = GaugeMetricFamily("slussen_mail_failed", "E-mail given up on after every retry.")
        failed.add_metric([], counts.get(OutboundMail.Status.FAILED, 0))
        yield failed


def _allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return True
    if settings.METRICS_NETWORKS:
        address = _address(client_ip(request) or "")
        return bool(address) and _trusted(address, _networks(tuple(settings.METRICS_NETWORKS)))
    return False


@never_cache
def metrics(request):
    """Prometheus text format, for a scraper with METRICS_TOKEN or inside METRICS_NETWORKS;
    everyone else finds nothing here."""
    if not _allowed(request):
        raise Http404
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    database = CollectorRegistry()
    database.register(DatabaseCollector())
    body = generate_latest(registry) + generate_latest(database)
    return HttpResponse(body, content_type=TEXT_FORMAT)
