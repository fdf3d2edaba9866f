"""gunicorn for Slussen: ``gunicorn -c deploy/gunicorn.conf.py``.

Everything can be set from the environment (the systemd unit reads /etc/slussen/env):
BIND (default 127.0.0.1:8000), WEB_WORKERS (default 2 per core + 1), WEB_THREADS (4),
WEB_TIMEOUT (60 s). /metrics adds up every worker's counts through PROMETHEUS_MULTIPROC_DIR
(default: a fresh folder under the system's temporary directory).
"""

import glob
import multiprocessing
import os
import tempfile

wsgi_app = "slussen.config.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
preload_app = True
max_requests = 2000  # a slow leak never grows for long
max_requests_jitter = 200
accesslog = None  # the application logs each request itself, as JSON, without addresses
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Set before the application (and so prometheus_client) is loaded by preload_app.
metrics_dir = os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="slussen-metrics-")
)
os.makedirs(metrics_dir, exist_ok=True)
for stale in glob.glob(os.path.join(metrics_dir, "*.db")):  # counts of an earlier run
    os.remove(stale)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def when_ready(server):
    """In the master, once the application is loaded (``preload_app``): templates, catalogues
    and the URL map are made ready here, so each worker – and each one started again after
    ``max_requests`` – starts with them instead of making its first visitors wait."""
    from slussen.ops.warm import settle, warm

    server.log.info("warmed %d templates", warm())
    server.log.info("%d objects kept out of the garbage collector's walks", settle())
