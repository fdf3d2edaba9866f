"""What an operator sees of the running application: a request id on every log line, one log
line per request, and Prometheus metrics.

Metrics are counted in each process. Under gunicorn's several workers set
``PROMETHEUS_MULTIPROC_DIR`` to an empty, writable folder (``deploy/gunicorn.conf.py`` does), so
/metrics adds up every worker's counts. Queue depth and failed mail are read from the database
when /metrics is asked.
"""

import logging
import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from prometheus_client import Counter, Histogram

from slussen.core.logs import new_request_id, request_id

log = logging.getLogger("slussen.request")

REQUESTS = Counter(
    "slussen_requests_total", "HTTP requests answered, by view and status.", ["view", "status"]
)
LATENCY = Histogram(
    "slussen_request_seconds",
    "Time to answer a request, by view.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
LOGINS = Counter("slussen_logins_total", "Log-in attempts, by outcome.", ["outcome"])
LOCKOUTS = Counter("slussen_lockouts_total", "Log-ins refused by the lock-out.")


class RequestMiddleware:
    """Gives each request an id (the load balancer's X-Request-ID when plausible), answers it in
    X-Request-ID, logs one line per request (view, status, time; no path, no address) and counts
    it for /metrics."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = new_request_id(request.headers.get("X-Request-ID"))
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            match = getattr(request, "resolver_match", None)
            view = (match.view_name if match else "") or "unmatched"
            REQUESTS.labels(view, str(response.status_code)).inc()
            LATENCY.labels(view).observe(seconds)
            log.info(
                "%s %s %s %.1f ms",
                request.method,
                view,
                response.status_code,
                seconds * 1000,
                extra={
                    "method": request.method,
                    "view": view,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                },
            )
            response["X-Request-ID"] = rid
            return response
        finally:
            request_id.reset(token)


@receiver(user_logged_in)
def _logged_in(sender, **kwargs):
    LOGINS.labels("success").inc()


@receiver(user_login_failed)
def _login_failed(sender, **kwargs):
    LOGINS.labels("failure").inc()


@receiver(user_locked_out)
def _locked_out(sender, **kwargs):
    LOCKOUTS.inc()
