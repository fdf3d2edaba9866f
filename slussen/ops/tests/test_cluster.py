"""Several servers: two gunicorn application servers on one PostgreSQL behind haproxy, with
Redis for cache and rate limits and an S3-compatible object store (moto's server) for uploads.

Run by ``make cluster-test`` (scripts/cluster-test), which starts PostgreSQL and sets
SLUSSEN_CLUSTER=1; skipped in the ordinary suite. Each test prints the step it shows.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

from slussen.cases.models import Attachment, Case
from slussen.core.models import AuditEvent
from slussen.ops.integrity import check_register
from slussen.testing.world import PASSWORD

from .server import database_url, free_port

pytestmark = pytest.mark.skipif(
    os.environ.get("SLUSSEN_CLUSTER") != "1", reason="make cluster-test runs these"
)
BASE = Path(settings.BASE_DIR)
BIN = BASE / ".venv" / "bin"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BUCKET = "slussen-cluster"
RATE_LIMIT = 4
LOCKOUT_LIMIT = 3
CLIENTS = 12


def step(text):
    print(f"\n  [cluster] {text}", flush=True)


def wait_until(check, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, requests.RequestException):
            pass
        time.sleep(0.2)
    raise AssertionError(f"{what} did not come up")


class Process:
    def __init__(self, name, args, log_dir, env=None):
        self.name = name
        self.log = log_dir / f"{name}.log"
        with open(self.log, "a") as log:
            self.popen = subprocess.Popen(
                args,
                cwd=BASE,
                env=env or os.environ.copy(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def alive(self):
        return self.popen.poll() is None

    def tail(self, chars=3000):
        return self.log.read_text()[-chars:]

    def send(self, sig):
        if self.alive():
            os.killpg(self.popen.pid, sig)

    def stop(self, sig=signal.SIGTERM, timeout=20):
        self.send(sig)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.send(signal.SIGKILL)
            self.popen.wait()


@dataclass
class Cluster:
    env: dict
    ports: dict = field(default_factory=dict)
    processes: dict = field(default_factory=dict)
    log_dir: Path = None

    def url(self, name, path=""):
        return f"http://127.0.0.1:{self.ports[name]}{path}"

    def start_web(self, name):
        port = self.ports.setdefault(name, free_port())
        env = {**self.env, "BIND": f"127.0.0.1:{port}"}
        args = [BIN / "gunicorn", "-c", "deploy/gunicorn.conf.py"]
        self.processes[name] = proc = Process(name, args, self.log_dir, env)
        wait_until(
            lambda: requests.get(self.url(name, "/health/ready/"), timeout=5).status_code == 200,
            f"{name} ({proc.tail() if not proc.alive() else 'starting'})",
            timeout=90,
        )

    def s3(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.env["S3_ENDPOINT_URL"],
            region_name=self.env["S3_REGION"],
            aws_access_key_id=self.env["S3_ACCESS_KEY_ID"],
            aws_secret_access_key=self.env["S3_SECRET_ACCESS_KEY"],
        )

    def manage(self, name, *args):
        self.processes[name] = Process(
            name, [sys.executable, "manage.py", *args], self.log_dir, self.env
        )
        return self.processes[name]


HAPROXY = """
global
    maxconn 500
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout check 5s
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response
frontend web
    bind 127.0.0.1:{port}
    option forwardfor
    http-request set-header X-Request-ID %[uuid()] unless {{ req.hdr(x-request-id) -m found }}
    default_backend slussen
backend slussen
    balance roundrobin
    option httpchk
    http-check send meth GET uri /health/ready/ ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
    server web_a 127.0.0.1:{a} check
    server web_b 127.0.0.1:{b} check
"""


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker, tmp_path_factory):
    for tool in ("redis-server", "haproxy"):
        assert shutil.which(tool), f"{tool} is missing (scripts/cluster-test installs it)"
    assert connection.vendor == "postgresql", "the cluster runs on PostgreSQL"
    tmp = tmp_path_factory.mktemp("cluster")
    redis_port, s3_port = free_port(), free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "slussen.config.settings",
        "DATABASE_URL": database_url(),
        "SLUSSEN_VAR_DIR": str(tmp / "var"),
        "MEDIA_ROOT": str(tmp / "media-must-stay-empty"),
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
        "S3_REGION": "eu-north-1",
        "S3_ACCESS_KEY_ID": "cluster-test",
        "S3_SECRET_ACCESS_KEY": "cluster-test-secret",
        "TRUSTED_PROXIES": "127.0.0.1",
        "INTAKE_RATE_LIMIT_PER_HOUR": str(RATE_LIMIT),
        "AXES_FAILURE_LIMIT": str(LOCKOUT_LIMIT),
        "METRICS_TOKEN": "cluster-metrics-token",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "WEB_WORKERS": "2",
        "WEB_THREADS": "6",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    c = Cluster(env=env, log_dir=tmp)
    try:
        c.processes["redis"] = Process(
            "redis",
            ["redis-server", "--port", str(redis_port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(tmp)],
            tmp,
        )
        c.processes["s3"] = Process(
            "s3", [BIN / "moto_server", "-H", "127.0.0.1", "-p", str(s3_port)], tmp
        )
        wait_until(lambda: requests.get(env["S3_ENDPOINT_URL"], timeout=2).ok, "the S3 server")
        c.s3().create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
        )
        import redis

        wait_until(lambda: redis.Redis.from_url(env["REDIS_URL"]).ping(), "redis")
        c.start_web("web_a")
        c.start_web("web_b")
        c.ports["haproxy"] = free_port()
        config = tmp / "haproxy.cfg"
        config.write_text(
            HAPROXY.format(port=c.ports["haproxy"], a=c.ports["web_a"], b=c.ports["web_b"])
        )
        c.processes["haproxy"] = Process("haproxy", ["haproxy", "-db", "-f", config], tmp)
        wait_until(lambda: requests.get(c.url("haproxy", "/health/live/"), timeout=5).ok, "haproxy")
        step(
            f"two gunicorn servers (:{c.ports['web_a']}, :{c.ports['web_b']}) behind haproxy "
            f"(:{c.ports['haproxy']}) on one PostgreSQL, Redis :{redis_port}, S3 (moto) :{s3_port}"
        )
        yield c
    finally:
        for proc in reversed(list(c.processes.values())):
            proc.stop()


@pytest.fixture
def fresh(cluster, live_world):
    import redis

    redis.Redis.from_url(cluster.env["REDIS_URL"]).flushall()
    return live_world


def login(base_url, user) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base_url}/accounts/login/", timeout=30).text
    answer = session.post(
        f"{base_url}/accounts/login/",
        {
            "csrfmiddlewaretoken": CSRF.search(page).group(1),
            "username": user.email,
            "password": PASSWORD,
        },  # fmt: skip
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.status_code
    return session


def test_a_file_uploaded_through_one_server_downloads_through_the_other(cluster, fresh):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n% " + os.urandom(8).hex().encode()
    session = login(cluster.url("web_a"), fresh.advisor)
    case_url = f"/cases/{fresh.case.pk}/"
    page = session.get(cluster.url("web_a", case_url), timeout=30).text
    answer = session.post(
        cluster.url("web_a", f"{case_url}attachments/"),
        {"csrfmiddlewaretoken": CSRF.search(page).group(1)},
        files={"file": ("plan.pdf", pdf, "application/pdf")},
        headers={"Referer": cluster.url("web_a", case_url)},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.status_code
    attachment = Attachment.objects.get(case=fresh.case, filename="plan.pdf")
    step(f"uploaded plan.pdf ({len(pdf)} bytes) through server A as {attachment.file.name}")
    stored = cluster.s3().get_object(Bucket=BUCKET, Key=attachment.file.name)["Body"].read()
    assert stored == pdf
    assert not Path(cluster.env["MEDIA_ROOT"]).exists(), "nothing on the local disk"
    download = session.get(
        cluster.url("web_b", f"{case_url}attachments/{attachment.pk}/"), timeout=30
    )
    assert download.status_code == 200
    assert download.content == pdf
    step("downloaded it through server B: the same bytes, from the object store")

    archive = cluster.log_dir / "backup.tar.gz"
    backup = cluster.manage("backup", "backup", "--output", str(archive))
    assert backup.popen.wait(120) == 0, backup.tail()
    with tarfile.open(archive) as tar:
        assert f"media/{attachment.file.name}" in tar.getnames()
    cluster.s3().delete_object(Bucket=BUCKET, Key=attachment.file.name)
    restore = cluster.manage("restore", "restore", str(archive), "--yes")
    assert restore.popen.wait(120) == 0, restore.tail()
    again = session.get(cluster.url("web_b", f"{case_url}attachments/{attachment.pk}/"), timeout=30)
    assert again.status_code == 200 and again.content == pdf
    step("backup took the file from the bucket; restore put it back after it was deleted")


def test_a_session_and_its_roles_hold_on_every_server_and_a_log_out_ends_it_on_all(cluster, fresh):
    import redis

    from slussen.accounts.models import Membership
    from slussen.accounts.roles import Role

    store = redis.Redis.from_url(cluster.env["REDIS_URL"])
    session = login(cluster.url("web_a"), fresh.coordinator)
    statistics = "/fund/statistics/"
    for server in ("web_a", "web_b"):
        answer = session.get(cluster.url(server, statistics), allow_redirects=False, timeout=30)
        assert answer.status_code == 200, (server, answer.status_code)
    key = session.cookies["sessionid"]
    assert [k for k in store.keys("*") if key.encode() in k], "the session is kept in Redis"
    step("logged in through server A; server B serves the same session (read from Redis)")

    Membership.objects.filter(user=fresh.coordinator, role=Role.COORDINATOR).delete()
    for server in ("web_a", "web_b"):
        answer = session.get(cluster.url(server, statistics), allow_redirects=False, timeout=30)
        assert answer.status_code == 403, (server, answer.status_code)
    Membership.objects.create(user=fresh.coordinator, organisation=fresh.foi, role=Role.COORDINATOR)
    assert session.get(cluster.url("web_b", statistics), timeout=30).status_code == 200
    step("the coordinator role withdrawn: refused on both servers at the next request")

    page = session.get(cluster.url("web_b", statistics), timeout=30).text
    answer = session.post(
        cluster.url("web_b", "/accounts/logout/"),
        {"csrfmiddlewaretoken": CSRF.search(page).group(1)},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.status_code
    again = requests.get(
        cluster.url("web_a", statistics),
        cookies={"sessionid": key},
        allow_redirects=False,
        timeout=30,
    )
    assert again.status_code == 302 and "/accounts/login/" in again.headers["Location"]
    assert not [k for k in store.keys("*") if key.encode() in k]
    step("logged out through server B: the session is gone from Redis and server A refuses it")


def test_the_intake_rate_limit_is_shared_between_the_servers(cluster, fresh):
    from slussen.core.models import RateCounter
    from slussen.intake.models import Submission

    session, answers = requests.Session(), []
    client = {"X-Forwarded-For": "203.0.113.77"}  # one client, as haproxy passes it on
    for n in range(RATE_LIMIT * 2):
        server = "web_a" if n % 2 == 0 else "web_b"
        url = cluster.url(server, "/proposal/")
        token = CSRF.search(session.get(url, headers=client, timeout=30).text).group(1)
        answer = session.post(
            url,
            {
                "csrfmiddlewaretoken": token,
                "title": f"Förslag {n}",
                "description": "Text.",
                "submitter_role": "resident",
                "privacy": "on",
                "website": "",
            },  # fmt: skip
            headers={**client, "Referer": url},
            allow_redirects=False,
            timeout=30,
        )
        answers.append((server[-1].upper(), answer.status_code))
    step(f"one client alternating servers A and B: {answers}")
    assert [status for _, status in answers] == [302] * RATE_LIMIT + [429] * RATE_LIMIT
    assert Submission.objects.count() == RATE_LIMIT
    assert RateCounter.objects.count() == 0, "counted in Redis, not in the database"
    import redis

    keys = redis.Redis.from_url(cluster.env["REDIS_URL"]).keys("*ratelimit*")
    assert keys, "the count lives in Redis"
    step(f"the limit of {RATE_LIMIT} per hour held across both servers, counted in Redis")

    answers = []
    for n in range(LOCKOUT_LIMIT + 2):
        server = "web_a" if n % 2 == 0 else "web_b"
        url = cluster.url(server, "/accounts/login/")
        token = CSRF.search(session.get(url, timeout=30).text).group(1)
        password = "wrong password" if n <= LOCKOUT_LIMIT else PASSWORD
        answer = session.post(
            url,
            {"csrfmiddlewaretoken": token, "username": fresh.advisor.email, "password": password},
            headers={"Referer": url},
            allow_redirects=False,
            timeout=30,
        )
        answers.append((server[-1].upper(), answer.status_code))
    step(f"wrong passwords for one account, alternating A and B, then the right one: {answers}")
    statuses = [status for _, status in answers]
    assert statuses[: LOCKOUT_LIMIT - 1] == [200] * (LOCKOUT_LIMIT - 1)
    assert statuses[LOCKOUT_LIMIT:] == [429] * 2, "locked out on both servers, right password too"
    step(f"the account's lock-out after {LOCKOUT_LIMIT} failures held on both servers")


def test_a_periodic_job_runs_exactly_once_with_a_scheduler_on_each_server(cluster, fresh):
    from django_tasks_db.models import DBTaskResult

    from slussen.core.scheduler import periodic_jobs

    schedulers = [
        cluster.manage(f"scheduler_{n}", "run_scheduler", "--interval", "0.2") for n in "ab"
    ]
    jobs = {job.key for job in periodic_jobs()}
    wait_until(lambda: DBTaskResult.objects.count() >= len(jobs), "the schedulers", timeout=60)
    time.sleep(3)  # fifteen more looks each at what is due: nothing is due again
    for proc in schedulers:
        assert proc.alive(), proc.tail()
        proc.stop()
    enqueued = Counter(DBTaskResult.objects.values_list("task_path", flat=True))
    assert set(enqueued) == jobs and set(enqueued.values()) == {1}, enqueued
    step(f"a scheduler on each server, looking every 0.2 s: each of {len(jobs)} jobs enqueued once")
    worker = cluster.manage("worker", "run_worker", "--batch")
    worker.popen.wait(120)
    statuses = Counter(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == {"SUCCESSFUL": len(jobs)}, (statuses, worker.tail())
    step(f"one worker ran them: {dict(statuses)}")


@dataclass
class Load:
    acknowledged: dict = field(default_factory=dict)  # title -> case pk
    acknowledged_after_kill: int = 0
    failed: list = field(default_factory=list)  # no acknowledgement (the killed server's)
    killed: bool = False


def test_a_server_killed_during_registrations_loses_nothing_and_haproxy_keeps_serving(
    cluster, fresh
):
    base = cluster.url("haproxy")
    session = login(base, fresh.advisor)
    token = CSRF.search(session.get(f"{base}/cases/new/", timeout=30).text).group(1)
    form = {
        "csrfmiddlewaretoken": token,
        "kind": "idea",
        "description": "Registrerad under klustrets krasch-test.",
        "organisation": fresh.sos.pk,
        "secrecy": "public",
        "secrecy_reference": "",
    }
    load, lock, stop = Load(), threading.Lock(), threading.Event()

    def client(n):
        http = requests.Session()
        http.cookies.update(session.cookies)
        for i in range(400):
            if stop.is_set():
                return
            title = f"Kluster {n}-{i}"
            try:
                answer = http.post(
                    f"{base}/cases/new/",
                    {**form, "title": title},
                    headers={"Referer": f"{base}/cases/new/"},
                    allow_redirects=False,
                    timeout=60,
                )
            except requests.RequestException as error:
                with lock:
                    load.failed.append((title, type(error).__name__))
                continue
            found = re.fullmatch(r"/cases/(\d+)/", answer.headers.get("Location", ""))
            with lock:
                if answer.status_code == 302 and found:
                    load.acknowledged[title] = int(found.group(1))
                    load.acknowledged_after_kill += load.killed
                else:
                    load.failed.append((title, answer.status_code))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 90
    while len(load.acknowledged) < 60 and time.monotonic() < deadline:
        time.sleep(0.01)
    cluster.processes["web_a"].send(signal.SIGKILL)
    with lock:
        load.killed = True
    step(f"SIGKILL to server A after {len(load.acknowledged)} acknowledged registrations")
    while load.acknowledged_after_kill < 60 and time.monotonic() < deadline:
        time.sleep(0.01)
    stop.set()
    for t in threads:
        t.join()
    step(
        f"{len(load.acknowledged)} acknowledged in all, {load.acknowledged_after_kill} after the "
        f"kill through server B; {len(load.failed)} not acknowledged: "
        f"{dict(Counter(status for _, status in load.failed))}"
    )
    assert load.acknowledged_after_kill >= 60, "haproxy kept serving through server B"
    assert len(load.failed) <= CLIENTS, "only requests in flight on the killed server failed"
    assert all(status in (502, 503, 504) or isinstance(status, str) for _, status in load.failed)
    stored = dict(Case.objects.filter(title__startswith="Kluster ").values_list("title", "pk"))
    for title, pk in load.acknowledged.items():
        assert stored.get(title) == pk, f"acknowledged {title} is lost"
        assert AuditEvent.objects.filter(action="case.open", object_id=str(pk)).count() == 1
    assert check_register() == [], "registry numbers without gaps, every case whole"
    year = Case.objects.get(pk=next(iter(load.acknowledged.values()))).registry_year
    numbers = sorted(Case.objects.filter(registry_year=year).values_list("registry_seq", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
    step(
        f"every acknowledged registration stored whole; {len(stored)} stored, registry numbers "
        f"1–{numbers[-1]} without gaps"
    )
    answer = requests.get(f"{base}/health/ready/", timeout=10)
    assert answer.status_code == 200 and answer.json()["checks"]["storage"]["state"] == "ok"
    metrics = requests.get(
        cluster.url("web_b", "/metrics"),
        headers={"Authorization": "Bearer cluster-metrics-token"},
        timeout=10,
    ).text
    assert 'slussen_requests_total{status="302",view="cases:create"}' in metrics
    step("server B's /health/ready/ and /metrics answer; haproxy served throughout")

    answer = requests.get(f"{base}/health/live/", timeout=10)
    assert len(answer.headers["X-Request-ID"]) >= 32, "haproxy gives each request an id"
    log = cluster.processes["web_b"].log.read_text()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    registrations = [line for line in lines if line.get("view") == "cases:create"]
    assert registrations and all(len(line["request_id"]) >= 32 for line in registrations)
    assert fresh.advisor.email not in log and "203.0.113.77" not in log
    step(
        f"server B logged {len(lines)} JSON lines, each request with its id; no e-mail address "
        "or client address among them"
    )
