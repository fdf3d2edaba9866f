"""Health, metrics and request ids, as a load balancer, Prometheus and an operator see them."""

import json
import logging
import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from slussen.core.logs import Formatter, RequestIdFilter, request_id
from slussen.testing.world import PASSWORD

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
seen_in_task = []


@task()
def log_something() -> str:
    logging.getLogger("slussen.test").warning("inside the task")
    seen_in_task.append(request_id.get())
    return request_id.get()


def test_live_answers_without_asking_anything(client):
    response = client.get("/health/live/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_names_each_dependency_and_its_state(client, db):
    response = client.get("/health/ready/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "shared_cache", "storage", "task_queue"}
    assert all(check["state"] == "ok" for check in body["checks"].values()), body


def test_ready_fails_when_the_cache_is_unreachable(client, db, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        },
    }
    response = client.get("/health/ready/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["cache"]["state"] == "error"
    assert body["checks"]["database"]["state"] == "ok"


def test_ready_reports_a_task_queue_that_falls_behind(client, db, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    log_something.enqueue()
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=1))
    response = client.get("/health/ready/")
    assert response.status_code == 200  # the web server can still serve
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["task_queue"]["state"] == "late"
    assert body["checks"]["task_queue"]["oldest_waiting_seconds"] >= 3600


def test_metrics_are_hidden_without_the_token_or_network(client, db, settings):
    settings.METRICS_TOKEN = "s3cret-scraper-token"
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    settings.METRICS_TOKEN = ""
    settings.METRICS_NETWORKS = ["10.0.0.0/8"]
    assert client.get("/metrics").status_code == 404  # the test client is 127.0.0.1
    settings.METRICS_NETWORKS = ["127.0.0.0/8"]
    assert client.get("/metrics").status_code == 200


def test_metrics_count_requests_logins_lockouts_queue_and_failed_mail(client, world, settings):
    from slussen.core.models import OutboundMail

    settings.METRICS_TOKEN = "s3cret-scraper-token"
    settings.AXES_FAILURE_LIMIT = 2
    OutboundMail.objects.create(
        to="someone@example.org", subject="x", body="y", status=OutboundMail.Status.FAILED
    )
    client.get("/health/live/")
    for _ in range(3):
        client.post("/accounts/login/", {"username": world.employee.email, "password": "wrong"})
    client.post("/accounts/login/", {"username": world.advisor.email, "password": PASSWORD})
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scraper-token")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    text = response.content.decode()
    assert 'slussen_requests_total{status="200",view="ops:live"}' in text
    assert 'slussen_request_seconds_bucket{le="0.1",view="ops:live"}' in text
    assert 'slussen_logins_total{outcome="failure"}' in text
    assert 'slussen_logins_total{outcome="success"}' in text
    assert "slussen_lockouts_total " in text
    assert _value(text, "slussen_lockouts_total") >= 1
    assert "slussen_task_queue_depth 0.0" in text
    assert "slussen_mail_failed 1.0" in text
    assert "example.org" not in text


def _value(text, name):
    return float(next(line for line in text.splitlines() if line.startswith(name + " ")).split()[1])


def test_each_response_carries_its_request_id_and_the_log_line_too(client, db, caplog):
    caplog.set_level(logging.INFO, logger="slussen.request")
    response = client.get("/health/live/", HTTP_X_REQUEST_ID="lb-4711-abcdef")
    assert response["X-Request-ID"] == "lb-4711-abcdef"
    record = next(r for r in caplog.records if r.name == "slussen.request")
    assert record.view == "ops:live" and record.status == 200
    made = client.get("/health/live/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert made != "<script>" and len(made) == 32


def test_logs_are_json_with_the_request_id_and_no_e_mail_address():
    record = logging.LogRecord(
        "slussen.test",
        logging.WARNING,
        __file__,
        1,
        "mail to %s failed",
        ("anna@example.org",),
        None,
    )
    token = request_id.set("req-12345678")
    try:
        from slussen.core.logs import PersonalDataFilter

        RequestIdFilter().filter(record)
        PersonalDataFilter().filter(record)
    finally:
        request_id.reset(token)
    line = json.loads(Formatter().format(record))
    assert line["request_id"] == "req-12345678"
    assert line["level"] == "WARNING" and line["logger"] == "slussen.test"
    assert line["message"] == "mail to [e-mail] failed"


@pytest.mark.django_db(transaction=True)
def test_a_task_logs_with_the_id_of_the_request_that_queued_it(settings):
    settings.TASKS = DB_TASKS
    seen_in_task.clear()
    token = request_id.set("req-queued-it-1")
    try:
        log_something.enqueue()
    finally:
        request_id.reset(token)
    assert request_id.get() == ""
    call_command("db_worker", "--batch", "--queue-name", "default", verbosity=0)
    from django_tasks_db.models import DBTaskResult

    assert list(DBTaskResult.objects.values_list("status", "exception_class_path")) == [
        ("SUCCESSFUL", "")
    ]
    assert seen_in_task == ["req-queued-it-1"]


@pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("unshare"), reason="needs root to mount read-only"
)
def test_the_application_runs_with_a_read_only_code_directory(tmp_path):
    """The code directory and the (missing) default var/ folder are read-only: settings must not
    write anything when they load; data goes only where the environment says."""
    base = Path(settings.BASE_DIR)
    readonly_var = tmp_path / "ro" / "var"  # does not exist, and cannot be made
    (tmp_path / "ro").mkdir()
    script = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage\n"
        "name = default_storage.save('probe.txt', ContentFile(b'ok'))\n"
        "from django.test import Client\n"
        "r = Client(HTTP_HOST='127.0.0.1').get('/health/ready/')\n"
        "print(r.status_code, r.json()['status'], default_storage.open(name).read())\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "slussen.config.settings",
        "SLUSSEN_VAR_DIR": str(readonly_var),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    mounts = f"mount --bind -o ro {base} {base} && mount --bind -o ro {tmp_path}/ro {tmp_path}/ro"
    result = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", f'{mounts} && exec "$@"']
        + ["sh", sys.executable, "-c", script],
        cwd=base,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("200 ok b'ok'"), result.stdout + result.stderr[-2000:]
    assert not readonly_var.exists()
