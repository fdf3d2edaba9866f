"""Expired sessions are removed daily (``accounts.tasks.clear_expired_sessions``), on whichever
session store the server uses; a live session is kept and still logs its person in."""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from slussen.accounts.models import Session
from slussen.accounts.tasks import clear_expired_sessions
from slussen.core.scheduler import periodic_jobs


def test_expired_sessions_are_removed_daily_and_a_live_one_is_kept(world, client):
    client.force_login(world.advisor)
    live = client.session.session_key
    store = import_module(settings.SESSION_ENGINE).SessionStore
    old = store()
    old["note"] = "a log-in from last month"
    old.create()
    Session.objects.filter(session_key=old.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    assert clear_expired_sessions.call() == 1
    assert set(Session.objects.values_list("session_key", flat=True)) == {live}
    assert clear_expired_sessions.call() == 0  # safe to run again
    assert client.get(reverse("core:health")).status_code == 200
    assert client.get(reverse("cases:register")).status_code == 200  # still logged in
    cadence = {job.name: job.minutes for job in periodic_jobs()}
    assert cadence["clear_expired_sessions"] == 24 * 60
