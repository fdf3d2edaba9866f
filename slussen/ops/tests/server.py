"""The application in a real server process (gunicorn, as in production) against the test
database, and a plain HTTP client for it: no Django test client, no browser."""

import http.client
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import connection

GUNICORN = Path(settings.BASE_DIR) / ".venv" / "bin" / "gunicorn"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def database_url() -> str:
    """The URL of the database this test runs on, for the server process to use."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn with 3 worker processes of 4 threads each, in its own process group."""

    def __init__(self, tmp_path, app="slussen.config.wsgi:application"):
        self.app = app
        self.log = tmp_path / "gunicorn.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "slussen.config.settings",
            "DATABASE_URL": database_url(),
            "SLUSSEN_VAR_DIR": str(tmp_path / "var"),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "LOG_LEVEL": "WARNING",
        }
        self.process = None
        self.port = None

    def start(self, timeout=90):
        self.port = free_port()
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                [GUNICORN, self.app, "--bind", f"127.0.0.1:{self.port}", "--workers", "3"]
                + ["--worker-class", "gthread", "--threads", "4", "--timeout", "60", "--preload"],
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: the master and its workers
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            try:
                if request(self.port, "GET", "/accounts/login/")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError("server did not start: " + self.log.read_text()[-3000:])

    def kill(self):
        """SIGKILL the whole process group: no clean shutdown, no finishing of requests."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def request(port, method, path, form=None, cookies=None, timeout=60):
    """One request on a fresh connection: (status, headers, body, cookies set)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        conn.request(method, path, body, headers)
        response = conn.getresponse()
        text = response.read().decode()
    finally:
        conn.close()
    set_cookies = dict(
        c.split(";", 1)[0].split("=", 1) for c in response.headers.get_all("Set-Cookie") or []
    )
    return response.status, response.headers, text, set_cookies


def login(port, user, password) -> dict:
    """Log in through the log-in form; the session and CSRF cookies."""
    status, _, page, cookies = request(port, "GET", "/accounts/login/")
    form = {
        "csrfmiddlewaretoken": CSRF.search(page).group(1),
        "username": user.email,
        "password": password,
    }
    status, headers, _, more = request(port, "POST", "/accounts/login/", form, cookies)
    assert status == 302, f"log-in failed with {status}"
    return {**cookies, **more}


def csrf_token(port, path, cookies) -> str:
    status, _, page, _ = request(port, "GET", path, cookies=cookies)
    assert status == 200, status
    return CSRF.search(page).group(1)
