import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.urls import reverse

from slussen.cases.models import Case


def test_health_says_database_is_reachable(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["database"] == "reachable"


def test_strict_content_security_policy(client, db):
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_swedish_by_default_english_complete(client, db):
    assert 'lang="sv"' in client.get("/").text
    assert "Logga in" in client.get("/").text
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get("/").text
    assert 'lang="en"' in page and "Log in" in page


def _settings_in(env):
    code = "import django; from django.conf import settings; settings.SECRET_KEY"
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "slussen.config.settings", **env},
        capture_output=True,
        text=True,
    )


def test_production_refuses_unsafe_settings():
    result = _settings_in({"SLUSSEN_ENV": "production", "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "Unsafe production settings" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_starts_with_safe_settings():
    result = _settings_in(
        {
            "SLUSSEN_ENV": "production",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "slussen.example.org",
            "DATABASE_URL": "postgres://u:p@db.example.org/slussen",
            "EMAIL_HOST": "smtp.example.org",
            "SITE_URL": "https://slussen.example.org",
        }
    )
    assert result.returncode == 0, result.stderr


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
