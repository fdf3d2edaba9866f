import os
import subprocess
import sys

import pytest
from csp.utils import build_policy
from django.conf import settings
from django.core.management import call_command
from django.http import HttpResponse
from django.urls import reverse

from slussen.cases.models import Case
from slussen.core.middleware import CSPMiddleware


def test_health_says_database_is_reachable(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["database"] == "reachable"


def test_strict_content_security_policy(client, db):
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def _directives(header):
    return {part.split()[0]: set(part.split()[1:]) for part in header.split("; ")}


def test_every_response_carries_the_settings_policy_in_full(client, db, settings):
    expected = _directives(build_policy())
    for url in ("/", "/health/", reverse("accounts:login"), "/no-such-page/"):
        assert _directives(client.get(url).headers["Content-Security-Policy"]) == expected
    assert "Content-Security-Policy-Report-Only" not in client.get("/").headers
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**directives, "img-src": ["'self'"]}}
    assert _directives(client.get("/").headers["Content-Security-Policy"])["img-src"] == {
        "'self'"
    }  # a changed policy counts at once
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    headers = client.get("/").headers
    assert headers["Content-Security-Policy-Report-Only"] == "default-src 'none'"


def test_a_response_that_widens_its_policy_gets_its_own_and_the_next_one_does_not(rf):
    answers = []
    middleware = CSPMiddleware(lambda request: answers.pop(0))
    widened, plain, exempt = HttpResponse(), HttpResponse(), HttpResponse()
    widened._csp_update = {"form-action": ["https://idp.example.org"]}
    exempt._csp_exempt = True
    answers.extend([widened, plain, exempt])
    first = middleware(rf.get("/")).headers["Content-Security-Policy"]
    assert _directives(first)["form-action"] == {"'self'", "https://idp.example.org"}
    second = middleware(rf.get("/")).headers["Content-Security-Policy"]
    assert _directives(second)["form-action"] == {"'self'"}
    assert _directives(second) == _directives(build_policy())
    assert "Content-Security-Policy" not in middleware(rf.get("/")).headers


def test_swedish_by_default_english_complete(client, db):
    assert 'lang="sv"' in client.get("/").text
    assert "Logga in" in client.get("/").text
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/").text
    assert 'lang="en"' in page and "Log in" in page


def _environment(env):
    """The suite's environment without what only tests set (Playwright's async switch)."""
    base = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {**base, "DJANGO_SETTINGS_MODULE": "slussen.config.settings", **env}


def _settings_in(env, code="import django; from django.conf import settings; settings.SECRET_KEY"):
    return subprocess.run(
        [sys.executable, "-c", code], env=_environment(env), capture_output=True, text=True
    )


def test_production_refuses_unsafe_settings():
    result = _settings_in({"SLUSSEN_ENV": "production", "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "Unsafe production settings" in result.stderr
    assert "SECRET_KEY" in result.stderr


# A key as `python -c "import secrets; print(secrets.token_urlsafe(50))"` makes one.
STRONG_KEY = "q3Vx9LmT_2bKf8RwZp4Hs7Nc-Yd1Gj6Ea0Uo5Ik3Xt8Bv2Mr9Wl4Pz7Qe1Sa6Fh0Cg"
PRODUCTION = {
    "SLUSSEN_ENV": "production",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "slussen.example.org",
    "DATABASE_URL": "postgres://u:p@db.example.org/slussen",
    "EMAIL_HOST": "smtp.example.org",
    "SITE_URL": "https://slussen.example.org",
}


def test_production_starts_with_safe_settings():
    result = _settings_in(PRODUCTION)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "key",
    [
        "a" * 60,  # one repeated character: Django's check --deploy warns
        "abcd" * 15,  # too few different characters
        "Slussen2026!" * 5,  # a short phrase repeated: 60 characters, little entropy
        "django-insecure-" + STRONG_KEY,  # what startproject writes
        STRONG_KEY[:45],  # too short
    ],
)
def test_production_refuses_a_weak_secret_key(key):
    result = _settings_in({**PRODUCTION, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "Unsafe production settings" in result.stderr and "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "env, named",
    [
        ({"SECURE_SSL_REDIRECT": "0"}, "SECURE_SSL_REDIRECT"),
        ({"SECURE_HSTS_SECONDS": "3600"}, "SECURE_HSTS_SECONDS"),
        ({"DEBUG": "1"}, "DEBUG"),
        ({"DJANGO_ALLOW_ASYNC_UNSAFE": "1"}, "DJANGO_ALLOW_ASYNC_UNSAFE"),
    ],
)
def test_production_refuses_what_check_deploy_warns_about(env, named):
    result = _settings_in({**PRODUCTION, **env})
    assert result.returncode != 0
    assert named in result.stderr


def test_production_settings_pass_check_deploy():
    """Exactly what the issue asks of a production installation, as a separate process."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=_environment(PRODUCTION),
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_cookies_are_host_only_and_secure():
    code = (
        "import django; from django.conf import settings as s; django.setup(); print(repr(("
        "s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_PATH, s.CSRF_COOKIE_PATH,"
        " s.SESSION_COOKIE_DOMAIN, s.CSRF_COOKIE_DOMAIN, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SECURE_HSTS_PRELOAD)))"
    )
    result = _settings_in(PRODUCTION, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(
        ("__Host-sessionid", "__Host-csrftoken", True, True, "/", "/", None, None, True, True)
    )


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    count = Case.objects.count()
    numbers = set(Case.objects.values_list("registry_number", flat=True))
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    assert Case.objects.count() == count >= 20
    assert set(Case.objects.values_list("registry_number", flat=True)) == numbers


def test_swedish_even_when_the_browser_asks_for_english(client, db):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").text
    assert 'lang="sv"' in page


def test_scheduler_collects_every_apps_periodic_jobs():
    from slussen.core.management.commands.run_scheduler import periodic_jobs

    names = {job.name for job in periodic_jobs()}
    assert {
        "send_sla_reminders",
        "send_survey_reminders",
        "apply_retention",
        "send_signoff_reminders",
        "send_followup_reminders",
    } <= names


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"PORT": "8123"}, "http://127.0.0.1:8123"),
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8123", "SITE_URL": "https://slussen.example/"}, "https://slussen.example"),
    ],
)
def test_make_run_links_in_mail_follow_the_port(given, expected):
    """`PORT=8123 make run` serves on 8123 (scripts/serve-dev); links in mail must point there."""
    root = settings.BASE_DIR
    assert ". scripts/dev-env" in (root / "scripts" / "serve-dev").read_text()
    env = {
        k: v for k, v in _environment(given).items() if k not in {"PORT", "SITE_URL"} - given.keys()
    }
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    )
    result = subprocess.run(
        ["bash", "-c", f'. scripts/dev-env && exec "{sys.executable}" -c "{code}"'],
        env=env, cwd=root, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
