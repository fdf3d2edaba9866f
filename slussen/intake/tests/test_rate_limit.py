"""The public forms' rate limit: atomic under concurrency, shared by every server process (it
counts in the database), and per client behind the region's proxies."""

import re
import threading

import requests
from django.urls import reverse

from slussen.core import ratelimit
from slussen.intake.models import Submission


def test_thirty_posts_at_once_let_exactly_the_limit_through(world, live_server, settings):
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 10
    url = live_server.url + reverse("intake:proposal")
    sessions = []
    for _ in range(30):
        session = requests.Session()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', session.get(url).text)
        sessions.append((session, token.group(1)))
    start, answers = threading.Barrier(30), []

    def post(session, token):  # thirty different proposals (the same one twice is one case)
        data = {"csrfmiddlewaretoken": token, "title": f"Samtidigt {id(session)}",
                "description": "Text.", "submitter_role": "resident", "privacy": "on",
                "website": ""}  # fmt: skip
        start.wait()
        answer = session.post(url, data, headers={"Referer": url}, allow_redirects=False)
        answers.append(answer.status_code)

    threads = [threading.Thread(target=post, args=pair) for pair in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [302] * 10 + [429] * 20
    assert Submission.objects.count() == 10


def test_the_counter_itself_is_atomic(world):
    start, outcomes = threading.Barrier(30), []

    def count():
        start.wait()
        try:
            outcomes.append(ratelimit.hit("test:same-bucket", 10, 3600).allowed)
        finally:
            from django.db import connection

            connection.close()

    threads = [threading.Thread(target=count) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count(True) == 10 and outcomes.count(False) == 20
    refused = ratelimit.hit("test:same-bucket", 10, 3600)
    assert not refused.allowed and 0 < refused.retry_after <= 3600
    assert ratelimit.hit("test:another-bucket", 10, 3600).allowed


def test_clients_behind_a_trusted_proxy_have_a_bucket_each(world, client, settings):
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 2
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    url = reverse("intake:proposal")
    sent = iter(range(100))  # a different proposal each time: the same one twice is one case

    def post(forwarded, remote="10.0.0.5"):
        data = {"title": f"Bakom proxyn {next(sent)}", "description": "Text.", "privacy": "on"}
        meta = {"REMOTE_ADDR": remote, "HTTP_X_FORWARDED_FOR": forwarded}
        return client.post(url, {**data, "website": ""}, **meta).status_code

    # The proxy appends the address that asked it; what stands left of it is the client's own.
    assert [post("198.51.100.1") for _ in range(3)] == [302, 302, 429]
    assert [post("198.51.100.2") for _ in range(2)] == [302, 302]
    assert post("198.51.100.1, 10.0.0.7") == 429  # a chain of trusted proxies: same client
    assert post("198.51.100.99, 198.51.100.1") == 429  # a forged left part changes nothing


def test_a_forwarded_address_from_an_untrusted_client_is_ignored(world, client, settings):
    settings.INTAKE_RATE_LIMIT_PER_HOUR = 2
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    sent = iter(range(100))  # a different proposal each time: the same one twice is one case

    def data():
        return {"title": f"Förfalskat {next(sent)}", "description": "Text.", "privacy": "on",
                "website": ""}  # fmt: skip

    url = reverse("intake:proposal")
    answers = [
        client.post(url, data(), REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        for n in range(3)
    ]
    assert [a.status_code for a in answers] == [302, 302, 429]
    # No proxy is trusted by default: the header is never read.
    settings.TRUSTED_PROXIES = []
    spoofed = client.post(url, data(), REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="192.0.2.50")
    other = client.post(url, data(), REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="192.0.2.51")
    assert (spoofed.status_code, other.status_code) == (302, 302)
    assert client.post(url, data(), REMOTE_ADDR="10.0.0.5").status_code == 429


def test_ended_windows_are_pruned(world):
    import time

    from slussen.core.models import RateCounter
    from slussen.core.tasks import prune_rate_counters

    now = int(time.time())
    RateCounter.objects.create(key="ended", window=now - 7200, expires=now - 3600, hits=3)
    ratelimit.hit("test:current", 5, 3600)
    prune_rate_counters.call()
    prune_rate_counters.call()  # safe to run again
    assert list(RateCounter.objects.values_list("hits", flat=True)) == [1]
